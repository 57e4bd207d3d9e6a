"""Tamper evidence: each site's events form a hash chain that `silkhub trace verify` checks."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from apiflask import APIFlask
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from app.extensions import db
from tests.integration.trace_helpers import T0, ship_a_parcel
from warehouse.trace.chainstore import verify_site
from warehouse.trace.epc import sgtin_urn
from warehouse.trace.epcis import EventContext, object_event
from warehouse.trace.store import record_events

SITE = "QD-B"
TABLES = ("epcis_events", "epcis_event_ids")


@pytest.fixture
def shipped(app: APIFlask) -> None:
    with app.app_context():
        ship_a_parcel(db.session, SITE)
        db.session.commit()


def _tamper(app: APIFlask, *statements: str) -> None:
    """Run SQL as someone with owner rights would: past PostgreSQL's append-only triggers."""
    with app.app_context(), db.engine.begin() as conn:
        postgres = conn.dialect.name == "postgresql"
        for table in TABLES if postgres else ():
            conn.exec_driver_sql(f"ALTER TABLE {table} DISABLE TRIGGER {table}_append_only")
        for statement in statements:
            conn.exec_driver_sql(statement)
        for table in TABLES if postgres else ():
            conn.exec_driver_sql(f"ALTER TABLE {table} ENABLE TRIGGER {table}_append_only")


def _verify(app: APIFlask) -> tuple[int, str]:
    result = app.test_cli_runner().invoke(args=["trace", "verify"])
    return result.exit_code, result.output


def _where(seq: int) -> str:
    return f"site = '{SITE}' AND chain_seq = {seq}"


def test_an_untouched_chain_verifies(app: APIFlask, shipped: None) -> None:
    """After recording a shipment, verify exits 0 and counts the site's events."""
    code, output = _verify(app)
    assert code == 0 and f"site {SITE}: 10 events, chain intact" in output


def test_an_edited_event_is_named(app: APIFlask, shipped: None) -> None:
    """Changing an event's stored JSON makes verify exit 1 naming that event and its ID."""
    _tamper(
        app, f"UPDATE epcis_events SET body = replace(body, 'QD-PORT', 'QD-X') WHERE {_where(6)}"
    )
    code, output = _verify(app)
    assert code == 1 and f"site {SITE} event 6 (" in output and "content changed" in output


def test_an_edited_query_column_is_named(app: APIFlask, shipped: None) -> None:
    """A column changed while the JSON is left alone is caught too (queries read columns)."""
    _tamper(app, f"UPDATE epcis_events SET biz_step = 'receiving' WHERE {_where(10)}")
    code, output = _verify(app)
    assert code == 1 and "event 10" in output and "biz_step" in output


def test_a_deleted_event_is_named(app: APIFlask, shipped: None) -> None:
    """Removing an event (and its index rows) is reported where the gap is."""
    pk = f"(SELECT id FROM epcis_events WHERE {_where(4)})"
    _tamper(
        app,
        f"DELETE FROM epcis_event_ids WHERE event_pk = {pk}",
        f"DELETE FROM epcis_events WHERE {_where(4)}",
    )
    code, output = _verify(app)
    assert code == 1 and "event 5" in output and "removed" in output


def test_a_deleted_last_event_is_caught_by_the_head(app: APIFlask, shipped: None) -> None:
    """Cutting the chain short shows against the head row's count."""
    pk = f"(SELECT id FROM epcis_events WHERE {_where(10)})"
    _tamper(
        app,
        f"DELETE FROM epcis_event_ids WHERE event_pk = {pk}",
        f"DELETE FROM epcis_events WHERE {_where(10)}",
    )
    code, output = _verify(app)
    assert code == 1 and "cut short" in output


def test_a_reordered_pair_is_named(app: APIFlask, shipped: None) -> None:
    """Swapping the chain positions of events 5 and 6 breaks the chain at position 5."""
    _tamper(
        app,
        f"UPDATE epcis_events SET chain_seq = -5 WHERE {_where(5)}",
        f"UPDATE epcis_events SET chain_seq = 5 WHERE {_where(6)}",
        f"UPDATE epcis_events SET chain_seq = 6 WHERE {_where(-5)}",
    )
    code, output = _verify(app)
    assert code == 1 and f"site {SITE} event 5 (" in output and "reordered" in output


@pytest.mark.postgres_only
def test_postgresql_refuses_to_change_stored_events(app: APIFlask, shipped: None) -> None:
    """On PostgreSQL a trigger makes events and their index append-only."""
    with app.app_context():
        assert db.engine.dialect.name == "postgresql"
        for statement in ("UPDATE epcis_events SET site = 'x'", "DELETE FROM epcis_event_ids"):
            with pytest.raises(DBAPIError, match="append-only"):
                db.session.execute(text(statement))
            db.session.rollback()


_batch = st.lists(
    st.tuples(st.integers(0, 2), st.integers(-600, 600), st.integers(0, 5)),
    min_size=1,
    max_size=6,
)


@seed(20261121)
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(batches=st.lists(_batch, min_size=1, max_size=4))
def test_any_sequence_of_captures_keeps_every_chain_verifiable(
    app: APIFlask, batches: list[list[tuple[int, int, int]]]
) -> None:
    """Batches of events at three sites, in any time order and with repeats, always leave
    each site's chain intact, holding each distinct event once."""
    run = uuid.uuid4().hex[:6]
    distinct: dict[str, set[str]] = {}
    with app.app_context():
        for batch in batches:
            for site_no in {s for s, _, _ in batch}:
                site = f"H{run}-{site_no}"
                events = [_event(minutes, serial) for s, minutes, serial in batch if s == site_no]
                stored = record_events(db.session, site, events)
                distinct.setdefault(site, set()).update(e.event_id for e in stored.stored)
            db.session.commit()
        for site, ids in distinct.items():
            assert verify_site(db.session, site) == (len(ids), [])


def _event(minutes: int, serial: int) -> dict[str, object]:
    ctx = EventContext(T0 + dt.timedelta(minutes=minutes), biz_step="receiving")
    return object_event(ctx, epcs=[sgtin_urn("04912345000019", f"H{serial}", 7)])
