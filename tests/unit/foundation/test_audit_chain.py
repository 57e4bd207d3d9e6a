"""The audit chain detects any edited, removed or reordered record."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from warehouse.access.audit_chain import GENESIS, AuditRecord, record_hash, verify_chain

T0 = datetime(2026, 11, 21, 8, 0, tzinfo=UTC)


def chain(n: int) -> list[AuditRecord]:
    records: list[AuditRecord] = []
    prev = GENESIS
    for i in range(1, n + 1):
        entry = AuditRecord(
            seq=i,
            at=T0 + timedelta(seconds=i),
            actor="u",
            action="a",
            object_type="t",
            object_id=str(i),
            source="127.0.0.1",
            details={"n": i},
            prev_hash=prev,
        )
        entry.hash = record_hash(entry)
        prev = entry.hash
        records.append(entry)
    return records


def test_an_untouched_chain_verifies() -> None:
    """A chain as written has no breaks."""
    assert verify_chain(chain(5)) == []


@given(n=st.integers(2, 12), data=st.data())
def test_an_edited_record_is_named(n: int, data: st.DataObject) -> None:
    """Changing any field of any record breaks the chain at that record."""
    records = chain(n)
    victim = data.draw(st.integers(0, n - 1))
    records[victim].details = {"n": -1}
    assert verify_chain(records)[0].seq == victim + 1


@given(n=st.integers(3, 12), data=st.data())
def test_a_removed_record_is_noticed(n: int, data: st.DataObject) -> None:
    """Deleting any record (but the last) leaves a gap the check names."""
    records = chain(n)
    victim = data.draw(st.integers(0, n - 2))
    del records[victim]
    assert verify_chain(records)


@given(n=st.integers(3, 12), data=st.data())
def test_reordered_records_are_noticed(n: int, data: st.DataObject) -> None:
    """Swapping two records breaks the chain."""
    records = chain(n)
    i = data.draw(st.integers(0, n - 2))
    records[i], records[i + 1] = records[i + 1], records[i]
    assert verify_chain(records)
