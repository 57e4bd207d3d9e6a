"""The seam between floor devices and the warehouse: a scan in, an answer out.

The device gateway (devices/) turns an MQTT scan into a ``Scan`` and the returned ``Answer``
into the ``cmd/ack`` payload; the handheld pages do the same over HTTP. Each area of the
warehouse registers the handler of the operations it owns (``receive``, ``putaway``, ``pick``,
``pack``, ``load``, ``gate``, ``count``, ``return``, ...) with ``handles``; an operation
nobody handles is answered ``E_WRONG_OP``. Handlers run inside the caller's transaction and
must not commit: the caller records the scan with its effect and commits both at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, TypeVar

from sqlalchemy.orm import Session

from warehouse.errors import DomainError

Result = Literal["ok", "warn", "error"]
OPS = (
    "receive",
    "putaway",
    "pick",
    "pack",
    "load",
    "unload",
    "handover",
    "gate",
    "count",
    "inspect",
    "return",
    "lookup",
)


@dataclass(frozen=True)
class Scan:
    device: str
    site: str
    msg_id: str
    op: str
    code: str
    ts: datetime
    symbology: str | None = None
    user: str | None = None
    location: str | None = None
    task: str | None = None


@dataclass(frozen=True)
class Answer:
    result: Result
    code: str
    message: str
    next: dict[str, Any] | None = None
    details: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def ok(cls, message: str, next: dict[str, Any] | None = None, **details: Any) -> Answer:
        return cls("ok", "OK", message, next, details)

    @classmethod
    def error(cls, code: str, message: str, **details: Any) -> Answer:
        return cls("error", code, message, None, details)

    def as_dict(self) -> dict[str, Any]:
        """The answer as the HTTP endpoints give it (the MQTT ack plus ``details``)."""
        return {
            "result": self.result,
            "code": self.code,
            "message": self.message,
            "next": self.next,
            "details": self.details,
        }


@dataclass(frozen=True)
class Weighing:
    """A stable scale reading at a pack station (unstable readings never get here).

    ``parcel``: the code of the parcel the reading was paired with (the one scanned at the
    station most recently), when the caller knows it.
    """

    device: str
    site: str
    station: str
    msg_id: str
    gross_g: int
    tare_g: int
    ts: datetime
    parcel: str | None = None


ScanHandler = Callable[[Session, Scan], Answer]
WeighingHandler = Callable[[Session, Weighing], Answer]
RunHandler = Callable[[Session, Sequence[Scan]], list[Answer]]
_SCAN_HANDLERS: dict[str, ScanHandler] = {}
_RUN_HANDLERS: dict[str, RunHandler] = {}
_WEIGHING_HANDLERS: list[WeighingHandler] = []


def handles(*ops: str) -> Callable[[ScanHandler], ScanHandler]:
    """Register a handler for scan operations."""

    return _registrar(_SCAN_HANDLERS, ops)


def handles_runs(*ops: str) -> Callable[[RunHandler], RunHandler]:
    """Register a handler that answers a run of scans of read-only operations at once.

    It must give every scan the answer its single-scan handler gives, and change nothing: a
    run is answered at its place among the scans of a batch, so it sees the effects of the
    scans before it and none of those after it.
    """

    return _registrar(_RUN_HANDLERS, ops)


H = TypeVar("H", ScanHandler, RunHandler)


def _registrar(table: dict[str, H], ops: tuple[str, ...]) -> Callable[[H], H]:
    unknown = [op for op in ops if op not in OPS]
    if unknown:
        raise ValueError(f"unknown scan operation {unknown[0]!r}")

    def register(handler: H) -> H:
        table.update(dict.fromkeys(ops, handler))
        return handler

    return register


def handles_weighing(handler: WeighingHandler) -> WeighingHandler:
    _WEIGHING_HANDLERS.append(handler)
    return handler


def handle_scan(session: Session, scan: Scan) -> Answer:
    handler = _SCAN_HANDLERS.get(scan.op)
    if handler is None:
        return Answer.error("E_WRONG_OP", f"Operation {scan.op!r} is not available here.")
    return handler(session, scan)


def handle_scans(session: Session, scans: Sequence[Scan]) -> list[Answer]:
    """One answer per scan, in order, as ``handle_scan`` (a refusal becomes an error answer).

    Consecutive scans of an operation with a run handler (``handles_runs``) are answered
    together, in a few queries instead of a few per scan; the others one at a time.
    """
    answers: list[Answer] = []
    start = 0
    while start < len(scans):
        op = scans[start].op
        end = start + 1
        if op in _RUN_HANDLERS:
            while end < len(scans) and scans[end].op == op:
                end += 1
            answers += _RUN_HANDLERS[op](session, scans[start:end])
        else:
            answers.append(_handle_one(session, scans[start]))
        start = end
    return answers


def _handle_one(session: Session, scan: Scan) -> Answer:
    try:
        return handle_scan(session, scan)
    except DomainError as exc:  # refused, nothing changed
        return Answer.error(exc.code, exc.message)


def handle_weighing(session: Session, weighing: Weighing) -> Answer:
    if not _WEIGHING_HANDLERS:
        return Answer("warn", "W_NO_PACK_FLOW", "No pack flow takes weights yet.")
    return _WEIGHING_HANDLERS[-1](session, weighing)
