"""A gateway batch answers runs of read-only scans together, in their place among the others."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, cast

import pytest
from sqlalchemy.orm import Session

from warehouse import scanning
from warehouse.errors import NotFound
from warehouse.scanning import Answer, Scan

TS = datetime(2026, 11, 21, 8, 0, tzinfo=UTC)
NO_SESSION = cast(Session, None)


def _scan(n: int, op: str, code: str = "C") -> Scan:
    return Scan("hs-1", "qd", f"hs-1:{n}", op, code, TS)


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """A single-scan ``receive`` and a run handler for ``lookup`` that log their calls."""
    log: list[Any] = []

    def receive(_session: Session, scan: Scan) -> Answer:
        log.append(scan.msg_id)
        if scan.code == "BAD":
            raise NotFound("E_UNKNOWN_CODE", "no such code")
        return Answer.ok(f"received {scan.msg_id}")

    def lookups(_session: Session, scans: Sequence[Scan]) -> list[Answer]:
        log.append([s.msg_id for s in scans])
        return [Answer.ok(f"looked up {s.msg_id}") for s in scans]

    monkeypatch.setattr(scanning, "_SCAN_HANDLERS", {"receive": receive})
    monkeypatch.setattr(scanning, "_RUN_HANDLERS", {"lookup": lookups})
    return log


def test_consecutive_lookups_form_one_run_between_the_other_scans(calls: list[Any]) -> None:
    """Runs are cut wherever another operation comes between: each run sees the effects of
    the scans before it and none after it; answers come back in the scans' order."""
    ops = ["lookup", "lookup", "receive", "lookup", "receive", "receive", "lookup", "lookup"]
    scans = [_scan(n, op) for n, op in enumerate(ops)]
    answers = scanning.handle_scans(NO_SESSION, scans)
    assert calls == [["hs-1:0", "hs-1:1"], "hs-1:2", ["hs-1:3"], "hs-1:4", "hs-1:5",
                     ["hs-1:6", "hs-1:7"]]  # fmt: skip
    assert [a.message.split()[-1] for a in answers] == [s.msg_id for s in scans]


def test_a_refused_single_scan_is_an_error_answer_and_the_rest_go_on(calls: list[Any]) -> None:
    """A handler's refusal (DomainError) answers that scan with its code; the batch goes on."""
    scans = [_scan(0, "receive", "BAD"), _scan(1, "lookup"), _scan(2, "tally")]
    answers = scanning.handle_scans(NO_SESSION, scans)
    assert [(a.result, a.code) for a in answers] == [
        ("error", "E_UNKNOWN_CODE"), ("ok", "OK"), ("error", "E_WRONG_OP"),
    ]  # fmt: skip
