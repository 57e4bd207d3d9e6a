"""The port to customs: how manifests leave this system, and how receipts come back.

:class:`CustomsPort` is all the domain knows. Adapters implement it: the in-process one
(app/customs.py) hands the signed XML to the customs simulator's message API and delivers its
receipts to :func:`warehouse.customs.receipts.apply_receipt`; a single-window adapter would post
the same XML over the platform's transport (MQ or HTTPS) and feed receipts from its inbox into
the same function (documented in docs/bonded.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from warehouse.customs.manifest import Manifest, ManifestCancellation
from warehouse.db import utcnow


class CustomsPort(Protocol):
    def declare(self, message: str) -> None:
        """Send a signed CEB621 (or CEB623) message; the answers arrive later as CEB622 (or
        CEB624) receipts."""


class Outbox:
    """Manifests declared, and their withdrawals requested, in a transaction are sent after it
    commits (never before); manifests first, so that a withdrawal never overtakes its manifest."""

    def __init__(self, port: CustomsPort) -> None:
        self.port = port

    def send_pending(self, session: Session, limit: int = 500) -> int:
        """Send what is declared and not yet sent: manifests first, then withdrawals."""
        sent = 0
        for pending in (
            _unsent(session, Manifest, limit),
            _unsent(session, ManifestCancellation, limit),
        ):
            for message in pending:
                self.port.declare(message.xml)
                message.sent_at = utcnow()
            sent += len(pending)
        session.commit()
        return sent


Message = TypeVar("Message", Manifest, ManifestCancellation)


def _unsent(session: Session, model: type[Message], limit: int) -> Sequence[Message]:
    return session.scalars(
        select(model).where(model.sent_at.is_(None)).order_by(model.id).limit(limit)
    ).all()
