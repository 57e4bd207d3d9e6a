"""Inbound containers with their manifests: checked as a whole, registered at once.

A package is announced by its SSCC or, when it has only a waybill, by the waybill; the hub
gives such a package an SSCC of its own (a label printed at devanning) so that every EPCIS
event names it by a GS1 key, and ties it to its waybill with a TransactionEvent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from warehouse.access.audit import Actor, record
from warehouse.db import utcnow
from warehouse.errors import Conflict, Invalid, NotFound
from warehouse.hub import events
from warehouse.hub.containers import validate_container_no
from warehouse.hub.models import HubSite, InboundContainer, Package
from warehouse.hub.statuses import CARGO_CLASSES, CustomsStatus, State
from warehouse.trace.errors import TraceError
from warehouse.trace.keys import validate_sscc
from warehouse.trace.sscc import SsccConfig
from warehouse.trace.sscc_counter import allocate_ssccs

E_BAD_MANIFEST = "E_BAD_MANIFEST"


@dataclass(frozen=True)
class ManifestLine:
    dims_cm: tuple[float, float, float]
    weight_kg: float
    customs_status: str
    service: str
    sscc: str | None = None
    waybill: str | None = None
    cargo: str = "general"
    destination: str = ""
    rotate: bool = True
    stack: bool = True

    @property
    def code(self) -> str:
        return self.sscc or self.waybill or ""


@dataclass(frozen=True)
class NewInbound:
    container_no: str
    seal: str
    manifest_no: str
    packages: Sequence[ManifestLine]
    vessel: str = ""


def _bad(i: int, field: str, message: str) -> Invalid:
    return Invalid(E_BAD_MANIFEST, f"Package {i + 1}: {message}", path=f"$.packages[{i}].{field}")


def _check_line(i: int, line: ManifestLine) -> None:
    if not line.sscc and not line.waybill:
        raise _bad(i, "sscc", "give its SSCC or its waybill number.")
    if line.sscc:
        try:
            validate_sscc(line.sscc)
        except TraceError as exc:
            raise _bad(i, "sscc", f"{exc.reason}.") from None
    if len(line.dims_cm) != 3 or any(
        d <= 0 or abs(d * 10 - round(d * 10)) > 1e-6 for d in line.dims_cm
    ):
        raise _bad(i, "dims_cm", "three positive lengths in whole millimetres.")
    if line.weight_kg <= 0:
        raise _bad(i, "weight_kg", "a positive weight.")
    if line.cargo not in CARGO_CLASSES:
        raise _bad(i, "cargo", f"cargo class one of {CARGO_CLASSES}.")
    if line.customs_status not in {s.value for s in CustomsStatus}:
        allowed = [s.value for s in CustomsStatus]
        raise _bad(i, "customs_status", f"customs status one of {allowed}.")
    if not line.service:
        raise _bad(i, "service", "the outbound service is required for sorting.")


def check_manifest(session: Session, hub: HubSite, new: NewInbound) -> str:
    """The normalised container number; ``Invalid``/``Conflict`` for any bad part."""
    number = validate_container_no(new.container_no)
    if not new.seal.strip() or not new.packages:
        raise Invalid(E_BAD_MANIFEST, "An inbound container needs its seal and its packages.")
    for i, line in enumerate(new.packages):
        _check_line(i, line)
    codes = [line.code for line in new.packages]
    if len(set(codes)) != len(codes):
        raise Invalid(E_BAD_MANIFEST, "A package is listed twice in the manifest.")
    open_ = select(InboundContainer.id).where(
        InboundContainer.hub_id == hub.id,
        InboundContainer.container_no == number,
        InboundContainer.status != "devanned",
    )
    if session.scalar(open_) is not None:
        raise Conflict("E_CONTAINER_EXISTS", f"Container {number} is at the hub already.")
    known = session.scalars(
        select(Package.code).where(Package.hub_id == hub.id, Package.code.in_(codes))
    ).all()
    if known:
        raise Conflict(
            "E_DUPLICATE_PACKAGE",
            f"Already known at the hub: {', '.join(known)}.",
            codes=list(known),
        )
    return number


def _package(hub: HubSite, inbound_id: int, line: ManifestLine, sscc: str) -> Package:
    return Package(
        hub_id=hub.id,
        inbound_id=inbound_id,
        code=line.code,
        sscc=sscc,
        waybill=line.waybill,
        epc=events.unit_epc(hub, sscc),
        dims_mm=[round(d * 10) for d in line.dims_cm],
        weight_g=round(line.weight_kg * 1000),
        cargo=line.cargo,
        customs_status=line.customs_status,
        service=line.service,
        destination=line.destination,
        rotate=line.rotate,
        stack=line.stack,
        state=State.MANIFESTED.value,
    )


def register_inbound(
    session: Session, actor: Actor, hub: HubSite, new: NewInbound
) -> InboundContainer:
    """An arrived container and its manifest, with the arrival events."""
    number = check_manifest(session, hub, new)
    need = 1 + sum(1 for line in new.packages if not line.sscc)
    fresh = iter(allocate_ssccs(session, SsccConfig(0, hub.company_prefix), need))
    inbound = InboundContainer(
        hub_id=hub.id,
        container_no=number,
        seal=new.seal.strip(),
        sscc=next(fresh),
        manifest_no=new.manifest_no,
        vessel=new.vessel,
        status="arrived",
        arrived_at=utcnow(),
    )
    session.add(inbound)
    session.flush()
    packages = [_package(hub, inbound.id, ln, ln.sscc or next(fresh)) for ln in new.packages]
    session.add_all(packages)
    session.flush()
    events.arrived(session, hub, inbound, packages)
    record(
        session,
        actor,
        "hub.inbound.create",
        "hub_inbound",
        number,
        manifest=new.manifest_no,
        packages=len(packages),
        seal=inbound.seal,
    )
    return inbound


def inbound_by_no(session: Session, hub: HubSite, number: str) -> InboundContainer:
    """The container of that number at the hub (the latest visit)."""
    found = session.scalar(
        select(InboundContainer)
        .where(
            InboundContainer.hub_id == hub.id,
            InboundContainer.container_no == validate_container_no(number),
        )
        .order_by(InboundContainer.id.desc())
        .limit(1)
    )
    if found is None:
        raise NotFound("E_UNKNOWN_CONTAINER", f"Container {number} has not arrived at the hub.")
    return found
