"""The per-site hash chain of stored events: appending under a lock, and verifying.

Appends to one site's chain are serialised through that site's ``epcis_chain_heads`` row:
the UPDATE that reserves chain positions takes a row lock on PostgreSQL (and the write lock
on SQLite), so two transactions never get the same position or the same previous hash. Sites
do not wait for each other.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from warehouse.trace.epcis.chain import chain_hash, genesis_hash
from warehouse.trace.epcis.records import parse_event
from warehouse.trace.ingest import index_rows
from warehouse.trace.models import ChainHead, EpcisEvent, EventIdentifier

BATCH = 2000


@dataclass(frozen=True)
class HeadLock:
    """Chain positions reserved for one append: ``first_seq`` .. ``first_seq + n - 1``."""

    first_seq: int
    prev_hash: str
    last_event_time: dt.datetime | None


def lock_head(session: Session, site: str, count: int) -> HeadLock:
    """Reserve ``count`` positions on ``site``'s chain; the row stays locked until commit."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(
        insert(ChainHead)
        .values(site=site, seq=0, hash=genesis_hash(site))
        .on_conflict_do_nothing(index_elements=["site"])
    )
    session.execute(
        update(ChainHead).where(ChainHead.site == site).values(seq=ChainHead.seq + count)
    )
    row = session.execute(
        select(ChainHead.seq, ChainHead.hash, ChainHead.last_event_time).where(
            ChainHead.site == site
        )
    ).one()
    return HeadLock(int(row.seq) - count + 1, str(row.hash), row.last_event_time)


def move_head(session: Session, site: str, new_hash: str, latest: dt.datetime | None) -> None:
    """Record the chain's new tip (inside the transaction that holds the lock)."""
    values: dict[str, object] = {"hash": new_hash}
    if latest is not None:
        values["last_event_time"] = latest
    session.execute(update(ChainHead).where(ChainHead.site == site).values(**values))


@dataclass(frozen=True)
class ChainBreak:
    site: str
    seq: int
    event_id: str | None
    problem: str

    def __str__(self) -> str:
        who = f" ({self.event_id})" if self.event_id else ""
        return f"site {self.site} event {self.seq}{who}: {self.problem}"


def sites(session: Session) -> list[str]:
    heads = set(session.scalars(select(ChainHead.site)))
    return sorted(heads | set(session.scalars(select(EpcisEvent.site).distinct())))


def _rows(session: Session, site: str) -> Iterator[EpcisEvent]:
    after = 0
    while True:
        batch = list(
            session.scalars(
                select(EpcisEvent)
                .where(EpcisEvent.site == site, EpcisEvent.chain_seq > after)
                .order_by(EpcisEvent.chain_seq)
                .limit(BATCH)
            )
        )
        yield from batch
        if len(batch) < BATCH:
            return
        after = batch[-1].chain_seq


def _column_problem(row: EpcisEvent, index: set[tuple[str, str]]) -> str | None:
    """The first stored column that no longer agrees with the hashed body, if any."""
    body = json.loads(row.body)
    record = parse_event(body)
    derived = {
        "event_id": body.get("eventID"), "event_type": record.type,
        "event_time": record.event_time, "biz_step": record.biz_step,
        "disposition": record.disposition,
    }  # fmt: skip
    for name, value in derived.items():
        if getattr(row, name) != value:
            return f"column {name} does not match the event body"
    if index != set(index_rows(record)):
        return "its identifier index does not match the event body"
    return None


def _index_of(session: Session, pks: list[int]) -> dict[int, set[tuple[str, str]]]:
    out: dict[int, set[tuple[str, str]]] = {pk: set() for pk in pks}
    rows = session.execute(
        select(EventIdentifier.event_pk, EventIdentifier.value, EventIdentifier.role).where(
            EventIdentifier.event_pk.in_(pks)
        )
    )
    for pk, value, role in rows:
        out[pk].add((value, role))
    return out


def _check_row(
    row: EpcisEvent, prev: str, expected: int, index: set[tuple[str, str]]
) -> str | None:
    if row.chain_seq != expected:
        return f"expected event {expected} here: an event was removed or moved"
    if row.prev_hash != prev:
        return "does not follow the previous event: reordered or one removed"
    if chain_hash(row.prev_hash, json.loads(row.body)) != row.hash:
        return "content changed after it was recorded"
    return _column_problem(row, index)


def verify_site(session: Session, site: str) -> tuple[int, list[ChainBreak]]:
    """How many events the site's chain holds, and every break found in it."""
    breaks: list[ChainBreak] = []
    prev, expected, count = genesis_hash(site), 1, 0
    rows = _rows(session, site)
    while batch := [row for _, row in zip(range(BATCH), rows, strict=False)]:
        index = _index_of(session, [row.id for row in batch])
        for row in batch:
            problem = _check_row(row, prev, expected, index[row.id])
            if problem:
                breaks.append(ChainBreak(site, row.chain_seq, row.event_id, problem))
            prev, expected, count = row.hash, row.chain_seq + 1, count + 1
    head = session.get(ChainHead, site)
    if head is not None and (head.seq != expected - 1 or head.hash != prev):
        breaks.append(
            ChainBreak(site, expected, None, f"the chain head says {head.seq} events: cut short")
        )
    return count, breaks
