"""Numbers of multimodal transport documents: SHK-MTD-2026-000001, and the consignment's GINC.

The serial comes from one ``mtd_counters`` row, bumped by ``UPDATE ... RETURNING`` inside the
issuing transaction: concurrent issuers queue on the row lock, a rolled-back issue leaves a gap,
and a serial is never handed out twice. The serial does not restart with the year, so the GINC
(GS1 AI 401) = company prefix + serial is unique too.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from warehouse.multimodal.models import DocumentCounter

COUNTER = "SHK-MTD"
SERIAL_DIGITS = 6


def next_serial(session: Session) -> int:
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(
        insert(DocumentCounter)
        .values(name=COUNTER, next=0)
        .on_conflict_do_nothing(index_elements=["name"])
    )
    bumped = session.execute(
        update(DocumentCounter)
        .where(DocumentCounter.name == COUNTER)
        .values(next=DocumentCounter.next + 1)
        .returning(DocumentCounter.next)
    ).scalar_one()
    return int(bumped)


def serial_text(serial: int) -> str:
    return f"{serial:0{SERIAL_DIGITS}d}"


def document_number(serial: int, issued_at: datetime) -> str:
    return f"{COUNTER}-{issued_at.year}-{serial_text(serial)}"


def ginc(company_prefix: str, serial: int) -> str:
    """The Global Identification Number for Consignment: GS1 company prefix + serial."""
    return company_prefix + serial_text(serial)
