"""A transaction the database rolled back for another's sake (deadlock, serialization
failure, SQLite's busy timeout) is retried later as a whole batch, never answered as an
internal error or dead-lettered; a statement that fails on its own is not."""

from __future__ import annotations

import psycopg.errors
import pytest
from sqlalchemy.exc import IntegrityError, OperationalError

from devices.pipeline import unreachable

GIVEN_UP = {
    "deadlock": psycopg.errors.DeadlockDetected("deadlock detected"),
    "serialization": psycopg.errors.SerializationFailure("could not serialize access"),
    "lock-not-available": psycopg.errors.LockNotAvailable("could not obtain lock"),
}


@pytest.mark.parametrize("case", sorted(GIVEN_UP))
def test_a_transaction_given_up_is_retried_later(case: str) -> None:
    """PostgreSQL's deadlock, serialization failure and lock timeout mean: retry the batch."""
    assert unreachable(OperationalError("INSERT INTO scan_records ...", {}, GIVEN_UP[case]))


def test_a_failing_statement_is_not_retried_as_a_whole() -> None:
    """A constraint broken by one message is that message's fault: isolate it instead."""
    error = psycopg.errors.UniqueViolation("duplicate key value violates unique constraint")
    assert not unreachable(IntegrityError("INSERT INTO scan_records ...", {}, error))
