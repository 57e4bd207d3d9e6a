"""Device gateway benchmark: scans/s from publish to recorded and acked, ack latency at fixed
rates, on PostgreSQL and SQLite, against the raw broker's QoS 1 throughput in the same run.

    .venv/bin/python bench/devices.py                 # the table
    .venv/bin/python bench/devices.py --gateways 1 2  # scale out (shared subscription)
    .venv/bin/python bench/devices.py --processes 1 2 # the same from one `silkhub gateway`
    .venv/bin/python bench/devices.py --faults        # 100,000 scans with SIGKILLs

The gateway runs as its own process(es) (``silkhub gateway``), the load generator in others:
paho clients publishing contract scans at QoS 1 and timing each ``cmd/ack`` by msg_id.
``gw CPU us/scan`` is the gateway processes' CPU time (user + system) per acked scan: on a
shared machine it says more than scans/s, which follow the CPU share the gateway gets.
Needs Mosquitto at 127.0.0.1:1883 and PostgreSQL at 127.0.0.1:5432.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, nullcontext
from pathlib import Path

import paho.mqtt.client as mqtt
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from devices.nodelay import no_delay  # noqa: E402
from simulators.fleet import parcel_code  # noqa: E402

HOST, PORT = "127.0.0.1", 1883
DEVICES = 8


def _client(client_id: str) -> mqtt.Client:
    c = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=client_id, protocol=mqtt.MQTTv5)
    c.on_socket_open = no_delay
    c.max_inflight_messages_set(0)  # paho scans its whole outbox per PUBACK under a limit
    c.max_queued_messages_set(0)
    props = Properties(PacketTypes.CONNECT)
    props.ReceiveMaximum = 65535  # the broker would drop beyond 20 in flight + 1,000 queued
    c.connect(HOST, PORT, properties=props)
    c.loop_start()
    return c


def load(prefix: str, op: str, devices: range, total: int, rate: float | None, window: int,
         out: mp.Queue) -> None:  # fmt: skip
    """Publish ``total`` scans over ``devices`` (``rate`` per second, or as fast as ``window``
    unacked scans allow) and report the ack latencies."""
    sent: dict[str, float] = {}
    lat: list[float] = []
    done = threading.Event()
    lock = threading.Lock()
    free = threading.Semaphore(window)

    def on_ack(_c: object, _u: object, m: mqtt.MQTTMessage) -> None:
        mid = json.loads(m.payload)["msg_id"]
        with lock:
            t0 = sent.pop(mid, None)
            if t0 is None:
                return
            lat.append(time.perf_counter() - t0)
            if len(lat) == total:
                done.set()
        free.release()

    clients = []
    for d in devices:
        c = _client(f"b{d}-{prefix}")
        c.on_message = on_ack
        c.subscribe(f"{prefix}/qd/b{d}-{prefix}/cmd/ack", qos=1)
        clients.append((d, c))
    time.sleep(0.5)
    start = time.perf_counter()
    for n in range(total):
        free.acquire()
        d, client = clients[n % len(clients)]
        mid = f"b{d}-{prefix}:{n:07d}"
        body = {"v": 1, "msg_id": mid, "code": parcel_code(n + 1), "op": op, "symbology": "qr"}
        with lock:
            sent[mid] = time.perf_counter()
        client.publish(f"{prefix}/qd/b{d}-{prefix}/evt/scan", json.dumps(body), qos=1)
        if rate:
            ahead = start + (n + 1) / rate - time.perf_counter()
            if ahead > 0:
                time.sleep(ahead)
    done.wait(120)
    elapsed = time.perf_counter() - start
    for _, c in clients:
        c.disconnect()
        c.loop_stop()
    out.put({"lat": lat, "elapsed": elapsed})


def broker_baseline(total: int = 50_000) -> float:
    """QoS 1 messages/s from one publisher through the broker to one subscriber."""
    topic = f"bench/{uuid.uuid4().hex[:6]}"
    got = {"n": 0, "last": 0.0}
    done = threading.Event()

    def on_message(*_a: object) -> None:
        got["n"] += 1
        got["last"] = time.perf_counter()
        if got["n"] == total:
            done.set()

    sub = _client("bench-sub-" + topic[-6:])
    sub.on_message = on_message
    sub.subscribe(topic, qos=1)
    pub = _client("bench-pub-" + topic[-6:])
    time.sleep(0.3)
    start = time.perf_counter()
    for _ in range(total):
        pub.publish(topic, b'{"v":1,"msg_id":"x:1","code":"1","op":"lookup"}', qos=1)
    while not done.wait(2) and time.perf_counter() - got["last"] < 2:
        pass
    elapsed = got["last"] - start
    for c in (sub, pub):
        c.disconnect()
        c.loop_stop()
    return got["n"] / elapsed


@contextmanager
def database(kind: str) -> Iterator[str]:
    from tests.services import fresh_postgres_database

    if kind == "postgresql":
        with fresh_postgres_database() as url:
            _create(url)
            yield url
    else:
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{tmp}/bench.db"
            _create(url)
            yield url


def _create(url: str) -> None:
    import app.models  # noqa: F401
    from devices.runner import load_handlers
    from warehouse.db import Base, make_engine

    load_handlers()
    engine = make_engine(url)
    Base.metadata.create_all(engine)
    engine.dispose()


@contextmanager
def gateways(db_url: str, prefix: str, count: int, processes: int = 1) -> Iterator[list[int]]:
    """``count`` ``silkhub gateway --processes N`` commands sharing the load (one MQTT session
    per process); the pids of all their processes."""
    env = {**os.environ, "DATABASE_URL": db_url, "MQTT_URL": f"mqtt://{HOST}:{PORT}",
           "MQTT_PREFIX": prefix, "LOG_FORMAT": "console",
           "SILKHUB_INSTANCE": tempfile.mkdtemp()}  # fmt: skip
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "app.cli",
                "gateway",
                "--name",
                f"{prefix}-{i}",
                "--group",
                prefix,
                "--gap-grace",
                "60",
                "--processes",
                str(processes),
            ],
            env=env,
            cwd=ROOT,
            stderr=subprocess.DEVNULL,
        )
        for i in range(count)
    ]
    deadline = time.monotonic() + 60
    while processes > 1 and time.monotonic() < deadline:
        if all(len(children(p.pid)) >= processes for p in procs):
            break
        time.sleep(0.2)
    time.sleep(4)
    try:
        yield [pid for p in procs for pid in (p.pid, *children(p.pid))]
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(20)


def children(pid: int) -> list[int]:
    """The processes ``pid`` started (Linux /proc)."""
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    return [int(child) for child in text.split()]


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of the processes so far (Linux /proc)."""
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def run_load(prefix: str, op: str, total: int, rate: float | None, publishers: int,
             pids: list[int]) -> dict[str, float]:  # fmt: skip
    """The load from ``publishers`` processes, DEVICES devices split among them."""
    out: mp.Queue = mp.Queue()
    shares = [range(p, DEVICES, publishers) for p in range(publishers)]
    per = total // publishers
    procs = [
        mp.Process(
            target=load,
            args=(prefix, op, share, per, rate and rate / publishers, 4000 // publishers, out),
        )
        for share in shares
    ]
    cpu0 = cpu_seconds(pids)
    for proc in procs:
        proc.start()
    results = [out.get(timeout=300) for _ in procs]
    for proc in procs:
        proc.join()
    cpu = cpu_seconds(pids) - cpu0
    lat = sorted(x for r in results for x in r["lat"])
    elapsed = max(r["elapsed"] for r in results)
    return {"acked": len(lat), "sent": per * publishers, "per_s": len(lat) / elapsed,
            "p50_ms": lat[len(lat) // 2] * 1000 if lat else float("nan"),
            "p99_ms": lat[int(len(lat) * 0.99)] * 1000 if lat else float("nan"),
            "cpu_us": cpu / max(len(lat), 1) * 1e6}  # fmt: skip


def table(args: argparse.Namespace) -> None:
    base = broker_baseline()
    print(f"raw broker QoS 1 pub->sub: {base:,.0f} msg/s\n")
    print(
        "| db | gw x proc | op | load | acked | scans/s | % of broker | p50 ack ms | p99 ack ms "
        "| gw CPU us/scan | load 1 min |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    setups = [(c, p) for c in args.gateways for p in args.processes]
    for kind in args.db:
        for count, processes in setups:
            for op in args.ops:
                with database(kind) as url:
                    prefix = "b" + uuid.uuid4().hex[:6]
                    with gateways(url, prefix, count, processes) as pids:
                        run_load(prefix, op, 500, None, args.publishers, pids)  # warm-up
                        runs = [("sustained", args.sustained, None)]
                        runs += [(f"{r}/s", int(r * args.seconds), float(r)) for r in args.rates]
                        for name, total, rate in runs:
                            r = run_load(prefix, op, total, rate, args.publishers, pids)
                            print(
                                f"| {kind} | {count} x {processes} | {op} | {name} "
                                f"| {r['acked']}/{r['sent']} "
                                f"| {r['per_s']:,.0f} | {100 * r['per_s'] / base:.0f} % "
                                f"| {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | {r['cpu_us']:.0f} "
                                f"| {os.getloadavg()[0]:.2f} |",
                                flush=True,
                            )


def faults(args: argparse.Namespace) -> None:
    from devices.embedded_broker import free_port
    from tests.integration.devices import kill_scenario
    from tests.integration.devices.conftest import OwnBroker

    for kind in args.db:
        with database(kind) as url, tempfile.TemporaryDirectory() as tmp, ExitStack():
            broker = OwnBroker(Path(tmp) / "broker", free_port())
            result = kill_scenario.run(url, broker, Path(tmp), args.fault_scans, args.fault_rate)
            ok = result.pending == 0 and result.recorded == result.distinct == result.scans
            print(f"{kind}: {result.summary()} -> {'OK' if ok else 'LOSS OR DOUBLE'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", nargs="+", default=["postgresql", "sqlite"])
    parser.add_argument("--ops", nargs="+", default=["tally", "lookup"],
                        help="tally is outside the contract's list of operations (answered "
                             "E_WRONG_OP, no handler): the gateway alone; lookup runs the "
                             "warehouse handler")  # fmt: skip
    parser.add_argument(
        "--gateways",
        type=int,
        nargs="+",
        default=[1],
        help="gateway processes sharing the load (PostgreSQL)",
    )
    parser.add_argument(
        "--processes",
        type=int,
        nargs="+",
        default=[1],
        help="processes of each gateway command (silkhub gateway --processes N)",
    )
    parser.add_argument("--publishers", type=int, default=2, help="load generator processes")
    parser.add_argument("--rates", type=int, nargs="+", default=[500, 2000])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--sustained", type=int, default=30_000)
    parser.add_argument("--faults", action="store_true")
    parser.add_argument("--fault-scans", type=int, default=100_000)
    parser.add_argument("--fault-rate", type=float, default=2000)
    parser.add_argument("--port", type=int, default=PORT, help="the broker's port")
    parser.add_argument("--own-broker", action="store_true",
                        help="start a Mosquitto of the bench's own (deep queues, TCP_NODELAY) "
                             "instead of using the one at --port")  # fmt: skip
    args = parser.parse_args()
    with own_broker() if args.own_broker and not args.faults else nullcontext(args.port) as port:
        globals()["PORT"] = port
        faults(args) if args.faults else table(args)


@contextmanager
def own_broker() -> Iterator[int]:
    """An anonymous Mosquitto on a free port with the production queue settings."""
    from devices.embedded_broker import free_port

    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        conf = Path(tmp) / "mosquitto.conf"
        conf.write_text(
            f"listener {port} 127.0.0.1\nallow_anonymous true\n"
            "max_queued_messages 100000\nset_tcp_nodelay true\n"
        )
        proc = subprocess.Popen(["mosquitto", "-c", str(conf)], stderr=subprocess.DEVNULL)
        time.sleep(0.5)
        try:
            yield port
        finally:
            proc.terminate()
            proc.wait(10)


if __name__ == "__main__":
    main()
