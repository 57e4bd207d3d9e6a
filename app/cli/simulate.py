"""``silkhub simulate day``: a whole working day of the bonded warehouse, end to end.

It starts what is not running yet (the web API on a waitress thread, the customs simulator;
the device gateway and device simulators join through :data:`PARTS`), drives the day through
the real HTTP API (entry, receiving and putaway scans, orders and documents, declarations,
waves, pick and pack scans, weighings, inspections, gate scans), prints a summary and stops
what it started. Where the floor and customs work in batches, so does the day: manifests are
declared a batch at a time, customs answers with several receipts in one CEB622 message, and
a truck's parcels are scanned out at the gate together (``app/api/bonded_batches.py``).
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
from app.cli import simulate_floor as floor
from app.cli import simulate_summary as summary
from app.cli.simulate_client import Client, QueueCustoms
from app.cli.simulate_devices import simulate
from app.extensions import db_session
from simulators.customs import CustomsSimulator
from warehouse.access import service
from warehouse.access.audit import Actor
from warehouse.access.roles import Role
from warehouse.bonded import demo
from warehouse.masterdata.models import Enterprise
from warehouse.trace.sscc import build_sscc

SIM = Actor("simulate", "cli")
Stop = Callable[[], None]
#: Parts a day needs, started in order when not running: each returns its stop function.
#: The device engineer appends the gateway and the device simulators here.
PARTS: list[Callable[[Day], Stop]] = []


DECLARE_BATCH = 100  # orders in a manifest batch


@dataclass
class Day:
    seed: int
    base: str = ""
    crew: int = 1  # people at work at once (SQLite takes one writer at a time)
    tokens: dict[Role, str] = field(default_factory=dict)
    refused: dict[str, str] = field(default_factory=dict)  # order_no -> code
    parcels: dict[str, str] = field(default_factory=dict)  # order_no -> waybill
    events: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def client(self, role: Role) -> Client:
        return Client(self.base, self.tokens[role])

    def refuse(self, order_no: str, code: str) -> None:
        self.refused[order_no] = code

    def note(self, event: str) -> None:
        with self.lock:
            self.events[event] += 1


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
        floor.fulfil(the_day, rng, weight_faults)
        summary.report(the_day.client(Role.SUPERVISOR), the_day, count)
    finally:
        for stop in reversed(stops):
            stop()


def _prepare(the_day: Day) -> None:
    if db_session().get_bind().dialect.name == "postgresql":
        the_day.crew = floor.CREW
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
    db_session().rollback()  # a transaction left open would keep the web thread out of SQLite
    port = QueueCustoms(simulator, lambda: the_day.client(Role.CUSTOMS))
    extensions = current_app.extensions
    before = extensions.get(customs_adapter.EXTENSION)
    customs_adapter.install(extensions, port)
    extensions["silkhub.simulate.customs"] = port

    def stop() -> None:
        port.stop()
        extensions.pop("silkhub.simulate.customs", None)
        extensions.pop(customs_adapter.EXTENSION, None)
        if before is not None:  # the app's own port again, as before the day
            customs_adapter.install(extensions, before)

    return stop


def _inbound(the_day: Day, plan: demo.Demo, orders: int) -> None:
    """An entry declaration in cartons, received and put away by scans."""
    per_sku = max(60, orders // 2)
    carton = max(20, per_sku // 20)  # at most 20 cartons a SKU
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
        the_day.note(f"putaway {done['code']}")
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
    """The three documents of each order as their three senders post them, at once (each
    sender its own stream); the orders whose documents all went in declared in batches."""
    boss = the_day.client(Role.SUPERVISOR)
    base = rng.randrange(10**6) * 10**4
    made = [_defect(rng, demo.make_order(rng, plan, base + n), share) for n in range(count)]
    for start in range(0, count, DECLARE_BATCH):
        part = made[start : start + DECLARE_BATCH]
        for refused in reversed(floor.in_parallel(the_day, [part] * 3, _send_documents)):
            for order_no, code in refused.items():
                the_day.refuse(order_no, code)
        waiting = {
            o.order_no: w.logistics_no for o, _p, w in part if o.order_no not in the_day.refused
        }
        for order_no, code in boss.batch("/declarations", "orders", list(waiting)).items():
            if code == "OK":
                the_day.parcels[order_no] = waiting[order_no]
            else:
                the_day.refuse(order_no, code)
    current_app.extensions["silkhub.simulate.customs"].drain()


def _send_documents(the_day: Day, sender: int, docs: list[tuple[Any, ...]]) -> dict[str, str]:
    """One sender's stream: 0 the e-commerce platform (orders), 1 payment, 2 logistics."""
    from warehouse.customs.documents import to_json

    client, refused = the_day.client(Role.SUPERVISOR), {}
    for order, payment, waybill in docs:
        path, body = (
            ("/orders", {"warehouse": demo.WAREHOUSE, **to_json(order)}),
            ("/payments", to_json(payment)),
            ("/waybills", to_json(waybill)),
        )[sender]
        status, answer = client.call("POST", path, body)
        if status >= 400:
            refused[order.order_no] = answer.get("code", str(status))
    return refused
