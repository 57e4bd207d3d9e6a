"""The port to customs: how manifests leave this system, and how receipts come back.

:class:`CustomsPort` is all the domain knows. Adapters implement it: the in-process one
(app/customs.py) hands the signed XML to the customs simulator's message API and delivers its
receipts to :func:`warehouse.customs.receipts.apply_receipt`; a single-window adapter would post
the same XML over the platform's transport (MQ or HTTPS) and feed receipts from its inbox into
the same function (documented in docs/bonded.md).
"""

from __future__ import annotations

from typing import Protocol

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
        pending = list(
            session.scalars(
                select(Manifest)
                .where(Manifest.sent_at.is_(None))
                .order_by(Manifest.id)
                .limit(limit)
            )
        )
        for manifest in pending:
            self.port.declare(manifest.xml)
            manifest.sent_at = utcnow()
        withdrawals = list(
            session.scalars(
                select(ManifestCancellation)
                .where(ManifestCancellation.sent_at.is_(None))
                .order_by(ManifestCancellation.id)
                .limit(limit)
            )
        )
        for withdrawal in withdrawals:
            self.port.declare(withdrawal.xml)
            withdrawal.sent_at = utcnow()
        session.commit()
        return len(pending) + len(withdrawals)
