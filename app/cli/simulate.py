"""``silkhub simulate day``: a whole working day of the bonded warehouse, end to end.

It starts what is not running yet (the web API on a waitress thread, the customs simulator;
the device gateway and device simulators join through :data:`PARTS`), drives the day through
the real HTTP API (entry, receiving and putaway scans, orders and documents, declarations,
waves, pick and pack scans, weighings, inspections, gate scans), prints a summary and stops
what it started.
"""

from __future__ import annotations

import logging
import random
import secrets
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import click
import structlog
from flask import current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade
from sqlalchemy import select
from waitress.server import create_server

from app import customs as customs_adapter
from app.cli.simulate_client import Client, QueueCustoms
from app.cli.simulate_devices import simulate
from app.extensions import db_session
from simulators.customs import CustomsSimulator
from warehouse.access import service
from warehouse.access.audit import Actor
from warehouse.access.roles import Role
from warehouse.bonded import check, demo
from warehouse.masterdata.models import Enterprise
from warehouse.trace.sscc import build_sscc

SIM = Actor("simulate", "cli")
Stop = Callable[[], None]
#: Parts a day needs, started in order when not running: each returns its stop function.
#: The device engineer appends the gateway and the device simulators here.
PARTS: list[Callable[[Day], Stop]] = []


@dataclass
class Day:
    seed: int
    base: str = ""
    tokens: dict[Role, str] = field(default_factory=dict)
    refused: Counter[str] = field(default_factory=Counter)
    parcels: dict[str, str] = field(default_factory=dict)  # order_no -> waybill
    events: Counter[str] = field(default_factory=Counter)

    def client(self, role: Role) -> Client:
        return Client(self.base, self.tokens[role])


@simulate.command("day")
@click.option("--orders", "count", type=int, default=200, show_default=True)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option(
    "--defects",
    type=float,
    default=0.05,
    show_default=True,
    help="Share of orders with a defect (payer, limit, documents).",
)
@click.option("--weight-faults", type=float, default=0.03, show_default=True)
@click.option("--verbose", is_flag=True, help="Log every request.")
@with_appcontext
def day(count: int, seed: int, defects: float, weight_faults: float, verbose: bool) -> None:
    """Run a whole day against DATABASE_URL and print what happened."""
    if not verbose:
        structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    upgrade(revision="heads")
    the_day = Day(seed)
    _prepare(the_day)
    stops = [_start_customs(the_day), _start_web(the_day)]
    try:
        stops += [start(the_day) for start in PARTS]
        rng = random.Random(seed)
        plan = demo.plan()
        _inbound(the_day, plan, count)
        _orders(the_day, plan, rng, count, defects)
        _fulfil(the_day, rng, weight_faults)
        _summary(the_day, count)
    finally:
        for stop in reversed(stops):
            stop()


def _prepare(the_day: Day) -> None:
    if not demo.demo_exists(db_session()):
        demo.seed_masterdata(db_session())
    for role in (Role.SUPERVISOR, Role.WAREHOUSE, Role.CUSTOMS):
        name = f"sim-{role.value}"
        if (
            db_session().scalar(select(service.User.id).where(service.User.username == name))
            is None
        ):
            service.create_user(
                db_session(), SIM, service.NewUser(name, name, role, secrets.token_urlsafe(16))
            )
        the_day.tokens[role] = service.create_token(db_session(), SIM, name, "simulate-day")
    db_session().commit()


def _start_web(the_day: Day) -> Stop:
    flask_app = current_app._get_current_object()  # type: ignore[attr-defined]
    server = create_server(flask_app, host="127.0.0.1", port=0, threads=4)
    the_day.base = f"http://127.0.0.1:{server.effective_port}/api/v1"  # type: ignore[union-attr]
    thread = threading.Thread(target=_serve, args=(server,), daemon=True)
    thread.start()

    def stop() -> None:
        server.close()
        thread.join(timeout=5)

    return stop


def _serve(server: Any) -> None:
    try:
        server.run()
    except OSError:  # the socket closed under the loop: the day is over
        return


def _start_customs(the_day: Day) -> Stop:
    simulator = CustomsSimulator(seed=the_day.seed)
    for code, credit in db_session().execute(select(Enterprise.code, Enterprise.credit_class)):
        simulator.register(code, credit)
    port = QueueCustoms(simulator, lambda: the_day.client(Role.CUSTOMS))
    customs_adapter.install(current_app.extensions, port)
    current_app.extensions["silkhub.simulate.customs"] = port
    return port.stop


def _inbound(the_day: Day, plan: demo.Demo, orders: int) -> None:
    """An entry declaration in cartons, received and put away by scans."""
    per_sku, carton = max(60, orders // 2), 20
    cartons: list[tuple[str, str]] = []
    lines = []
    serial = secrets.randbelow(10**6) * 1000
    for i, spec in enumerate(plan.skus):
        boxes = [
            (build_sscc(0, "6901234", serial + i * 100 + k), carton)
            for k in range(per_sku // carton)
        ]
        cartons += [(sscc, spec.code) for sscc, _ in boxes]
        lines.append(
            {
                "sku": spec.code,
                "quantity": per_sku,
                "lot": f"D{the_day.seed}{i:03d}",
                "expiry": date(2028, 6, 30).isoformat(),
                "cartons": [{"sscc": s, "quantity": q} for s, q in boxes],
            }
        )
    no = f"ENT-{the_day.seed}-{serial}"
    boss, floor = the_day.client(Role.SUPERVISOR), the_day.client(Role.WAREHOUSE)
    boss.post(
        "/entries", {"no": no, "warehouse": demo.WAREHOUSE, "owner": demo.OPERATOR, "lines": lines}
    )
    for sscc, _sku in cartons:
        floor.scan("receive", sscc, task=no)
        suggestion = floor.scan("putaway", sscc)
        done = floor.scan("putaway", sscc, location=(suggestion["next"] or {}).get("location"))
        the_day.events[f"putaway {done['code']}"] += 1
    boss.post(f"/entries/{no}/close", {})


def _defect(rng: random.Random, docs: tuple[Any, ...], share: float) -> tuple[Any, ...]:
    import dataclasses

    order, payment, waybill = docs
    if rng.random() >= share:
        return docs
    kind = rng.choice(("payer", "amount", "limit"))
    if kind == "payer":
        return order, dataclasses.replace(payment, payer_name="冒名"), waybill
    if kind == "amount":
        return order, dataclasses.replace(payment, amount_paid=payment.amount_paid + 50), waybill
    line = dataclasses.replace(order.lines[0], qty=30, price=Decimal("199.00"))
    return dataclasses.replace(order, lines=(line,), goods_value=line.total), payment, waybill


def _orders(the_day: Day, plan: demo.Demo, rng: random.Random, count: int, share: float) -> None:
    from warehouse.customs.documents import to_json

    boss = the_day.client(Role.SUPERVISOR)
    base = rng.randrange(10**6) * 10**4
    for n in range(count):
        order, payment, waybill = _defect(rng, demo.make_order(rng, plan, base + n), share)
        body = {"warehouse": demo.WAREHOUSE, **to_json(order)}
        steps = [
            ("/orders", body),
            ("/payments", to_json(payment)),
            ("/waybills", to_json(waybill)),
            (f"/orders/{order.order_no}/declare", {}),
        ]
        for path, payload in steps:
            status, answer = boss.call("POST", path, payload)
            if status >= 400:
                the_day.refused[answer.get("code", str(status))] += 1
                break
        else:
            the_day.parcels[order.order_no] = waybill.logistics_no
    current_app.extensions["silkhub.simulate.customs"].drain()


def _fulfil(the_day: Day, rng: random.Random, weight_faults: float) -> None:
    floor, boss = the_day.client(Role.WAREHOUSE), the_day.client(Role.SUPERVISOR)
    while True:
        wave = floor.post("/waves", {"warehouse": demo.WAREHOUSE, "max_orders": 50})
        if wave["id"] is None:
            break
        for task in wave["tasks"]:
            gtin = task["gtin"]
            for _ in range(task["qty"]):
                floor.scan("pick", gtin, location=task["bin"], task=str(task["id"]))
    held = _pack_and_gate(the_day, floor, rng, weight_faults, list(the_day.parcels.items()))
    for hold in boss.get("/holds?limit=1000")["items"]:
        if hold["reason"] == "weight":
            boss.post(f"/holds/{hold['id']}/release", {"note": "repacked"})
    _pack_and_gate(the_day, floor, rng, 0.0, held)
    _inspections(the_day)


def _pack_and_gate(
    the_day: Day, floor: Client, rng: random.Random, faults: float, parcels: list[tuple[str, str]]
) -> list[tuple[str, str]]:
    held = []
    for order_no, waybill in parcels:
        packed = floor.scan("pack", waybill, location="PACK-01")
        if packed["result"] != "ok":
            the_day.events[f"pack {packed['code']}"] += 1
            continue
        expected = int(packed["details"]["expected_g"])
        off = rng.choice((-1, 1)) * expected // 3 if rng.random() < faults else rng.randint(-5, 5)
        weighed = floor.weigh("PACK-01", expected + 180 + off, 180)
        the_day.events[f"weigh {weighed['code']}"] += 1
        if weighed["result"] != "ok":
            held.append((order_no, waybill))
            continue
        gate = floor.scan("gate", waybill)
        the_day.events[f"gate {gate['code']}"] += 1
    return held


def _inspections(the_day: Day) -> None:
    """Parcels held for inspection are brought to customs, who conclude; then the gate."""
    floor = the_day.client(Role.WAREHOUSE)
    port = current_app.extensions["silkhub.simulate.customs"]
    for cop_no in sorted(port.simulator.inspected):
        waybill = the_day.parcels.get(cop_no)
        if waybill is None:
            continue
        floor.scan("inspect", waybill)
        port.conclude(cop_no)
        gate = floor.scan("gate", waybill)
        the_day.events[f"gate after inspection {gate['code']}"] += 1


def _summary(the_day: Day, count: int) -> None:
    boss = the_day.client(Role.SUPERVISOR)
    orders = boss.get("/orders?limit=1000")["items"]
    manifests = Counter(o["manifest_status"] or "not declared" for o in orders)
    holds = Counter(h["reason"] for h in boss.get("/holds?limit=1000")["items"])
    found = check.differences(db_session())
    lines = [
        f"orders generated: {count}, accepted and declared: {len(the_day.parcels)}",
        f"refused: {dict(the_day.refused) or 'none'}",
        f"manifests by status: {dict(manifests)}",
        f"held now by reason: {dict(holds) or 'none'}",
        f"written off at the gate: {manifests.get('written_off', 0)}",
        f"floor events: {dict(sorted(the_day.events.items()))}",
        "ledger check: " + ("ok" if not found else f"{len(found)} differences"),
    ]
    click.echo("\n".join(lines))
    for difference in found:
        click.echo("  " + difference.describe())
    if found:
        raise SystemExit(1)
