"""The flow ``bench/orders.py`` times: each order through every step by the service layer.

Workers (``--workers N``) are processes, each with its own engine, connection and sessions,
as several clerks and lines work at once: worker k takes batches k, k + N, ... and runs each
from documents to the gate (documents, declaration, release, then a wave, its picks, the
pack line and the gate), so one worker's client work overlaps another's database work. A
wave takes whichever released orders are free (``FOR UPDATE SKIP LOCKED``), so the waves
drained at the end catch orders another worker's wave left behind. A batch the database
turns away for a lock (a deadlock on PostgreSQL, ``database is locked`` on SQLite) is rolled
back whole and run again, as a client would; the retries are counted.
"""

from __future__ import annotations

import multiprocessing
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from multiprocessing.connection import Connection as Pipe
from typing import TypeVar

from sqlalchemy import Engine, event, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from config.settings import Policy
from warehouse.access.audit import Actor
from warehouse.bonded import demo
from warehouse.customs import intake, orders, receipts
from warehouse.customs.documents import Receipt
from warehouse.db import make_engine
from warehouse.fulfilment import gate, packing, packline, pickbatch, picking, waves
from warehouse.fulfilment.models import Parcel
from warehouse.masterdata import service as md
from warehouse.sql import one_of

K = TypeVar("K")
ACTOR = Actor("bench")
POLICY = Policy()
RETRIES = 50


@dataclass
class Tally:
    """What the workers measured: seconds per order and statements per step, CPU, retries."""

    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statements: Counter[str] = field(default_factory=Counter)
    cpu: float = 0.0
    retries: int = 0

    def add(self, other: Tally) -> None:
        for name, samples in other.times.items():
            self.times[name] += samples
        self.statements.update(other.statements)
        self.cpu += other.cpu
        self.retries += other.retries


class Meter:
    """Times blocks and counts the statements they send, on one worker's engine."""

    def __init__(self, engine: Engine) -> None:
        self.tally = Tally()
        self._count = 0
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, *_args: object) -> None:
        self._count += 1

    @contextmanager
    def measure(self, name: str, orders: int = 1) -> Iterator[None]:
        """Time a block and count its statements; its time is spread over ``orders``."""
        started, before = time.perf_counter(), self._count
        yield
        self.tally.times[name] += [(time.perf_counter() - started) / orders] * orders
        self.tally.statements[name] += self._count - before


@dataclass(frozen=True)
class Job:
    """One worker's share of the run."""

    url: str
    docs: list[intake.Trio]
    size: int
    scans: bool
    worker: int
    workers: int


def run_workers(
    url: str, plan: demo.Demo, count: int, seed: int, size: int, scans: bool, n: int
) -> Tally:
    """Run ``count`` orders in batches of ``size`` on ``n`` worker processes (forked, so the
    orders generated here are not pickled), then drain what their waves left behind."""
    rng = random.Random(seed)
    docs = [demo.make_order(rng, plan, i, POLICY, max_units=2) for i in range(count)]
    tally = Tally()
    if n == 1:
        tally.add(work(Job(url, docs, size, scans, 0, 1)))
    else:
        context = multiprocessing.get_context("fork")
        started = []
        for k in range(n):
            reader, writer = context.Pipe(duplex=False)
            child = context.Process(target=_child, args=(Job(url, docs, size, scans, k, n), writer))
            child.start()
            started.append((child, reader))
        for child, reader in started:
            tally.add(reader.recv())
            child.join()
    tally.add(work(Job(url, [], size, scans, 0, 1)))
    assert len(tally.times["gate"]) == count, "every order must reach the gate"
    return tally


def _child(job: Job, out: Pipe) -> None:
    out.send(work(job))
    out.close()


def work(job: Job) -> Tally:
    """A worker: its batches from documents to the gate, then waves until none is left."""
    engine = make_engine(job.url)
    cpu = time.process_time()
    meter = Meter(engine)
    runner = Runner(engine, meter, job.size, job.scans)
    with Session(engine) as s:
        wh = md.warehouse(s, demo.WAREHOUSE).id
    starts = range(job.worker * job.size, len(job.docs), job.size * job.workers)
    for start in starts:
        runner.receive(job.docs[start : start + job.size])
        runner.fulfil(wh)
    while runner.fulfil(wh):
        pass
    engine.dispose()
    meter.tally.cpu = time.process_time() - cpu
    return meter.tally


class Runner:
    """The steps of one worker, each a use case in its own session and transaction."""

    def __init__(self, engine: Engine, meter: Meter, size: int, scans: bool) -> None:
        self.engine, self.meter, self.size, self.scans = engine, meter, size, scans
        self.ctx = orders.Context(POLICY)

    def receive(self, part: list[intake.Trio]) -> None:
        """Documents in, declared, released by customs."""
        nos = [order.order_no for order, _p, _w in part]
        if self.scans:
            for trio in part:
                self.batch("documents", [trio], documents_one, 1)
        else:
            self.batch("documents", part, documents)
        self.batch("declare", nos, partial(declare, self.ctx))
        self.batch("release", nos, release)

    def fulfil(self, wh: int) -> int:
        """A wave of released orders picked, packed and gated; how many orders it took."""
        with self.meter.measure("wave-", 1):
            tasks, codes = self.open_wave(wh)
        tally = self.meter.tally
        spent = tally.times.pop("wave-")[-1]
        tally.statements["wave"] += tally.statements.pop("wave-")
        if not tasks:
            return 0
        tally.times["wave"] += [spent / len(tasks)] * len(tasks)
        if self.scans:
            for order_id, mine in tasks.items():
                self.batch("pick", mine, pick_one_order, 1)
                self.batch("pack", [codes[order_id]], pack_at_station, 1)
        else:
            picks = [pickbatch.PickScan(t, q) for mine in tasks.values() for t, q in mine]
            self.batch("pick", picks, pick, len(tasks))
            self.batch("pack", [codes[o] for o in tasks], pack)
        self.batch("gate", [codes[o] for o in tasks], gate_out)
        return len(tasks)

    def open_wave(self, wh: int) -> tuple[dict[int, list[tuple[int, int]]], dict[int, str]]:
        """A wave created: its tasks (id, quantity) and parcel codes by order."""
        tasks: dict[int, list[tuple[int, int]]] = defaultdict(list)
        with Session(self.engine) as s:
            wave = waves.create_wave(s, ACTOR, wh, self.size)
            s.commit()
            if wave is None:
                return tasks, {}
            for task, _bin in waves.tasks_of(s, wave.id):
                tasks[task.order_id].append((task.id, task.qty))
            found = select(Parcel.order_id, Parcel.code).where(
                one_of(s, Parcel.order_id, list(tasks))
            )
            return tasks, dict(s.execute(found).tuples().all())

    def batch(
        self,
        name: str,
        keys: list[K],
        action: Callable[[Session, list[K]], object],
        orders: int | None = None,
    ) -> None:
        """A use case in one session and transaction, measured per order (``orders``, by
        default one a key); run again whole if the database refused it for a lock."""
        for attempt in range(RETRIES):
            try:
                with self.meter.measure(name, orders or len(keys)), Session(self.engine) as s:
                    results = action(s, keys)
                    s.commit()
                break
            except OperationalError:
                if attempt == RETRIES - 1:
                    raise
                self.meter.tally.retries += 1
                time.sleep(0.001 * (attempt + 1))
        refused = (
            [r for r in results if isinstance(r, Exception)] if isinstance(results, list) else []
        )
        assert not refused, f"refused in a batch: {refused[:3]}"


def documents_one(s: Session, trios: list[intake.Trio]) -> None:
    order, payment, waybill = trios[0]
    orders.receive_order(s, ACTOR, demo.WAREHOUSE, order)
    orders.receive_payment(s, ACTOR, payment)
    orders.receive_waybill(s, ACTOR, waybill)


def documents(s: Session, trios: list[intake.Trio]) -> list[object]:
    return list(intake.receive_batch(s, ACTOR, demo.WAREHOUSE, trios))


def declare(ctx: orders.Context, s: Session, nos: list[str]) -> list[object]:
    return list(orders.declare_batch(s, ACTOR, nos, ctx))


def release(s: Session, nos: list[str]) -> list[object]:
    return list(receipts.apply_receipts(s, ACTOR, [Receipt(no, "I" + no, "800") for no in nos]))


def pick(s: Session, scans: list[pickbatch.PickScan]) -> list[object]:
    return list(pickbatch.pick_batch(s, ACTOR, scans))


def gate_out(s: Session, codes: list[str]) -> list[object]:
    return list(gate.gate_out_batch(s, ACTOR, codes))


def pick_one_order(s: Session, mine: list[tuple[int, int]]) -> None:
    for task_id, qty in mine:
        picking.pick(s, ACTOR, task_id, qty)


def pack_at_station(s: Session, codes: list[str]) -> None:
    parcel = packing.present(s, ACTOR, "PACK-01", codes[0])
    packing.weigh(s, ACTOR, "PACK-01", parcel.expected_g, 0, POLICY)


def pack(s: Session, codes: list[str]) -> list[object]:
    found = s.execute(select(Parcel.code, Parcel.expected_g).where(one_of(s, Parcel.code, codes)))
    expected = {code: grams for code, grams in found}
    weighings = [packline.LineWeighing(code, expected[code]) for code in codes]
    return list(packline.pack_batch(s, ACTOR, "LINE-01", weighings, POLICY))
