"""The customs adapters of the app: the in-process one, and how receipts are applied.

:class:`InProcessCustoms` implements :class:`warehouse.customs.port.CustomsPort` by handing
each signed CEB621 to the customs simulator's message API (simulators.customs) and keeping
the CEB622 receipts it answers with until :meth:`deliver` applies them. A deployment replaces
it with an adapter that posts the XML to the single window (or to the simulator over MQTT or
HTTP) and feeds the receipts it gets back into POST /api/v1/customs/receipts, which calls the
same :func:`apply_receipt` (docs/bonded.md).
"""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.extensions import db_session
from simulators.customs import CustomsSimulator
from warehouse.access.audit import Actor
from warehouse.customs import returns_port, xml
from warehouse.customs.port import CustomsPort, Outbox
from warehouse.customs.receipts import apply_receipt
from warehouse.customs.signing import HmacSigner, NoSigner, Signer
from warehouse.db import utcnow
from warehouse.masterdata.models import Enterprise
from warehouse.returns import declaration

CUSTOMS = Actor("customs", "customs-port")
EXTENSION = "silkhub.customs"


class InProcessCustoms:
    def __init__(self, simulator: CustomsSimulator, credit_of: Callable[[str], str]) -> None:
        self.simulator = simulator
        self.credit_of = credit_of
        self.inbox: list[str] = []

    def declare(self, message: str) -> None:
        manifest = xml.parse(message)
        self.simulator.register(manifest.ebc_code, self.credit_of(manifest.ebc_code))
        self.inbox.extend(self.simulator.handle(message))
        self.inbox.extend(self.simulator.take_taxes())

    def deliver(self, session: Session) -> int:
        """Apply the receipts received so far, each in its own transaction."""
        done = 0
        while self.inbox:
            message = self.inbox.pop(0)
            if returns_port.is_return_receipt(message):  # CEB626, the answer to a CEB625
                declaration.apply_answer(session, CUSTOMS, returns_port.parse(message), utcnow())
            else:
                apply_receipt(session, CUSTOMS, xml.parse(message))
            session.commit()
            done += 1
        return done


def credit_class(code: str) -> str:
    found = db_session().scalar(select(Enterprise.credit_class).where(Enterprise.code == code))
    return found or "ordinary"


def port() -> CustomsPort:
    """The app's customs port (the in-process simulator unless another was installed)."""
    extensions = current_app.extensions
    if EXTENSION not in extensions:
        extensions[EXTENSION] = InProcessCustoms(CustomsSimulator(seed=0), credit_class)
    return extensions[EXTENSION]


def install(app_extensions: dict[str, object], custom: CustomsPort) -> None:
    app_extensions[EXTENSION] = custom


def signer() -> Signer:
    key = current_app.config.get("CEB_SIGNING_KEY")
    return HmacSigner(key.encode(), "silkhub") if key else NoSigner()


def dispatch(session: Session) -> None:
    """After a commit: send the manifests and return requests (CEB625) declared, and apply
    any receipts already back."""
    current = port()
    Outbox(current).send_pending(session)
    declaration.send_pending(session, current, utcnow())
    session.commit()
    if isinstance(current, InProcessCustoms):
        current.deliver(session)
