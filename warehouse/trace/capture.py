"""The EPCIS capture interface's service: a whole EPCISDocument is stored, or nothing is.

Order of checks: the JSON Schema (every error with its JSON path), then each event's content
(times, identifiers), then eventID conflicts. Only when all pass are the events appended to
the site's chain, in document order. Events earlier in time than an event recorded before
them are stored but flagged ``W_OUT_OF_ORDER`` (late scans are normal on a warehouse floor).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from warehouse.access.audit import Actor, record
from warehouse.db import utcnow
from warehouse.errors import Invalid
from warehouse.trace.epcis.records import event_list
from warehouse.trace.epcis.validate import validate_epcis
from warehouse.trace.ingest import CaptureWarning, namespaces_of
from warehouse.trace.models import EpcisCapture
from warehouse.trace.store import E_EPCIS_SCHEMA, append, prepare_all

E_NOT_A_DOCUMENT = "E_NOT_A_DOCUMENT"
E_CAPTURE_LIMIT = "E_CAPTURE_LIMIT"
CAPTURE_LIMIT = 10_000


@dataclass(frozen=True)
class CaptureResult:
    capture_id: str
    event_ids: list[str]
    duplicates: list[str]
    warnings: list[CaptureWarning]

    def to_json(self) -> dict[str, Any]:
        return {
            "captureID": self.capture_id,
            "eventIDs": self.event_ids,
            "duplicates": self.duplicates,
            "warnings": [w.to_json() for w in self.warnings],
        }


def check_document(document: Any, *, single_event: bool = False) -> list[Mapping[str, Any]]:
    """The events of a valid document (or one standalone event); ``Invalid`` otherwise."""
    if not isinstance(document, Mapping):
        raise Invalid(E_NOT_A_DOCUMENT, "The body must be a JSON object.")
    kind = document.get("type")
    if single_event == (kind == "EPCISDocument") or kind == "EPCISQueryDocument":
        wanted = "a single EPCIS event" if single_event else "an EPCISDocument"
        raise Invalid(E_NOT_A_DOCUMENT, f"The body must be {wanted}, not {kind!r}.")
    errors = validate_epcis(document)
    if errors:
        raise Invalid(
            E_EPCIS_SCHEMA,
            f"The document does not pass the EPCIS 2.0 schema ({len(errors)} errors).",
            errors=[{"path": e.path, "message": e.message} for e in errors],
        )
    events = event_list(document)
    if len(events) > CAPTURE_LIMIT:
        raise Invalid(E_CAPTURE_LIMIT, f"At most {CAPTURE_LIMIT} events per capture.")
    return events


def capture_document(
    session: Session, actor: Actor, site: str, document: Any, *, single_event: bool = False
) -> CaptureResult:
    """Check and store every event of ``document`` at ``site`` (the caller commits)."""
    events = check_document(document, single_event=single_event)
    capture_id = str(uuid.uuid4())
    prepared = prepare_all(events, utcnow())
    namespaces = namespaces_of(document.get("@context"))
    done = append(session, site, prepared, capture_id=capture_id, namespaces=namespaces)
    result = CaptureResult(
        capture_id, [e.event_id for e in done.stored], done.duplicates, done.warnings
    )
    session.add(
        EpcisCapture(
            id=capture_id, site=site, captured_at=utcnow(), captured_by=actor.name,
            event_count=len(done.stored), duplicate_count=len(done.duplicates),
            warnings=[w.to_json() for w in done.warnings],
        )
    )  # fmt: skip
    record(session, actor, "epcis.capture", "epcis_capture", capture_id, site=site,
           events=len(done.stored), duplicates=len(done.duplicates))  # fmt: skip
    return result
