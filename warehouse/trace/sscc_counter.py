"""Handing out SSCCs that never repeat, also when many workers ask at once.

One ``sscc_counters`` row per (company prefix, extension digit). A block of ``n`` numbers is
reserved by a single ``UPDATE ... SET next = next + n ... RETURNING next``: the UPDATE locks
the row until the caller's transaction ends, so concurrent callers queue on it and each gets
its own block. A rolled-back transaction gives its block back unused, which is harmless.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from warehouse.errors import Conflict, Invalid
from warehouse.trace.errors import E_CAPACITY
from warehouse.trace.models import SsccCounter
from warehouse.trace.sscc import SsccConfig, sscc_block

MAX_BLOCK = 1000


def _ensure_row(session: Session, config: SsccConfig) -> None:
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(
        insert(SsccCounter)
        .values(company_prefix=config.company_prefix, extension=config.extension, next=0)
        .on_conflict_do_nothing(index_elements=["company_prefix", "extension"])
    )


def reserve(session: Session, config: SsccConfig, count: int) -> int:
    """The first of ``count`` counter values reserved for the caller."""
    if not 1 <= count <= MAX_BLOCK:
        raise Invalid("E_SSCC_COUNT", f"Ask for 1 to {MAX_BLOCK} SSCCs at a time.")
    _ensure_row(session, config)
    after = session.execute(
        update(SsccCounter)
        .where(
            SsccCounter.company_prefix == config.company_prefix,
            SsccCounter.extension == config.extension,
        )
        .values(next=SsccCounter.next + count)
        .returning(SsccCounter.next)
    ).scalar_one()
    first = int(after) - count
    if int(after) > config.capacity:
        raise Conflict(
            E_CAPACITY,
            f"The SSCC numbers of prefix {config.company_prefix} with extension digit "
            f"{config.extension} are used up: move to another extension digit.",
        )
    return first


def allocate_ssccs(session: Session, config: SsccConfig, count: int = 1) -> list[str]:
    """``count`` new SSCCs under ``config``, in the caller's transaction."""
    return sscc_block(config, reserve(session, config, count), count)
