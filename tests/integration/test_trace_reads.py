"""How a trace reads the store: one recursive statement for both directions, whatever the
depth, and exactly the story the level-by-level walk gives, moves and emptied parents included."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from apiflask import APIFlask
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.extensions import db
from tests.integration.trace_helpers import CPL, PREFIX, place
from warehouse.trace import closure
from warehouse.trace.epc import sgtin_urn, sscc_urn
from warehouse.trace.epcis import EventContext, steps
from warehouse.trace.sscc import SsccConfig, sscc_for_counter
from warehouse.trace.store import record_event
from warehouse.trace.tracing import trace

T0 = dt.datetime(2026, 11, 21, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def _sscc(n: int) -> str:
    return sscc_urn(sscc_for_counter(SsccConfig(0, PREFIX), n), CPL)


UNITS = [sgtin_urn("04912345000019", f"R{i}", CPL) for i in range(4)]
P1, P2, C1, C2, PALLET, K1, K2 = (_sscc(n) for n in range(1, 8))
CODES = [*UNITS, P1, P2, C1, C2, PALLET, K1, K2]


def _at(minutes: int) -> EventContext:
    return EventContext(T0 + dt.timedelta(minutes=minutes), read_point=place("QD-B-X"),
                        biz_location=place("QD-B-X"))  # fmt: skip


def _moves(session: Session) -> None:
    """Parcels into carton C1 on a pallet; P2 moved to C2; the pallet into container K2,
    K2 emptied, the pallet into K1, which ships."""
    events = [
        steps.commission(_at(0), UNITS),
        steps.pack(_at(1), P1, UNITS[:2]),
        steps.pack(_at(2), P2, UNITS[2:]),
        steps.pack(_at(3), C1, [P1, P2]),
        steps.pack(_at(4), PALLET, [C1]),
        steps.unpack(_at(5), C1, [P2]),
        steps.pack(_at(6), C2, [P2]),
        steps.pack(_at(7), PALLET, [C2]),
        steps.pack(_at(8), K2, [PALLET]),
        steps.unpack(_at(9), K2),
        steps.pack(_at(10), K1, [PALLET]),
        steps.ship(_at(11), [K1]),
    ]
    for item in events:
        record_event(session, "QD-B", item)


@pytest.fixture
def moved(app: APIFlask) -> Iterator[None]:
    with app.app_context():
        _moves(db.session)
        db.session.commit()
    yield


def _count_queries(app: APIFlask, code: str) -> int:
    statements: list[str] = []

    def seen(*args: object) -> None:
        statements.append(str(args[2]))

    db.session.connection()  # the BEGIN (a statement on SQLite) is not the trace's
    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        trace(db.session, code)
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    return len(statements)


def test_recursive_reads_tell_the_same_story_as_the_level_walk(app: APIFlask, moved: None) -> None:
    """For every code (units, parcels, cartons, pallet, containers) the story read with the
    recursive statements equals the one read level by level."""
    with app.app_context():
        for code in CODES:
            assert trace(db.session, code) == trace(db.session, code, prefetch=False), code


def test_capped_recursive_reads_fall_back_without_changing_the_story(
    app: APIFlask, moved: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When a closure reaches more nodes or rows than allowed, the nodes it did not cover (or
    all of them) are read level by level: the story does not change."""
    with app.app_context():
        for nodes, rows in ((2, 10_000), (10_000, 3)):
            monkeypatch.setattr(closure, "MAX_NODES", nodes)
            monkeypatch.setattr(closure, "MAX_ROWS", rows)
            for code in (UNITS[2], P2, K1, K2):
                assert trace(db.session, code) == trace(db.session, code, prefetch=False), code


def test_the_number_of_queries_does_not_grow_with_the_depth(app: APIFlask, moved: None) -> None:
    """Tracing the container (four levels down) takes as many queries as tracing a unit (four
    levels up) or a carton: no query per level, none per node."""
    with app.app_context():
        counts = {code: _count_queries(app, code) for code in (K1, UNITS[0], C2)}
    assert len(set(counts.values())) == 1 and counts[K1] <= 2, counts
