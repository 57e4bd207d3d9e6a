"""The hub's physical steps as EPCIS 2.0 events, recorded in the caller's transaction.

| step | event | action | bizStep | disposition |
| --- | --- | --- | --- | --- |
| container arrives | ObjectEvent + AggregationEvent (contents) | OBSERVE | arriving | in_progress |
| waybill package announced | TransactionEvent (waybill) | ADD | arriving | - |
| package devanned | AggregationEvent (out of the container) | DELETE | unloading | in_progress |
| package received | ObjectEvent | OBSERVE | receiving | in_progress / damaged |
| devanning closed | AggregationEvent (container emptied) | DELETE | unloading | - |
| package staged in a lane | ObjectEvent | OBSERVE | staging_outbound | in_progress |
| package loaded | AggregationEvent (into the container) | ADD | loading | in_progress |
| container sealed | TransactionEvent (transit record) | ADD | loading | container_closed |
| container departs | ObjectEvent | OBSERVE | shipping | in_transit |
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from warehouse.hub.models import HubSite, InboundContainer, Package
from warehouse.trace.epc import sgln_urn
from warehouse.trace.epcis import BizTransaction, EventContext, Party, steps
from warehouse.trace.epcis.events import (
    aggregation_event,
    biz_transaction_urn,
    object_event,
    transaction_event,
)
from warehouse.trace.resolver import sscc_link
from warehouse.trace.store import record_event

BTT_MANIFEST = "urn:silkhub:btt:hub_manifest"
BTT_WAYBILL = "urn:silkhub:btt:waybill"
BTT_TRANSIT = "urn:silkhub:btt:hub_transit"


def place(hub: HubSite, area: str) -> str:
    """The SGLN of an area of the hub (GLN extension: DOCK, HOLD, L01, ...)."""
    return sgln_urn(hub.gln, len(hub.company_prefix), area)


def unit_epc(hub: HubSite, sscc: str) -> str:
    return sscc_link(hub.link_base, sscc)


def document(hub: HubSite, kind: str, number: str) -> BizTransaction:
    return BizTransaction(biz_transaction_urn(hub.gln, number), kind)


def _ctx(hub: HubSite, when: dt.datetime, area: str, **kw: Any) -> EventContext:
    return EventContext(when, read_point=place(hub, area), biz_location=place(hub, area), **kw)


def _store(session: Session, hub: HubSite, *events: dict[str, Any]) -> None:
    for event in events:
        record_event(session, hub.code, event)


def arrived(
    session: Session, hub: HubSite, inbound: InboundContainer, packages: Sequence[Package]
) -> None:
    when = inbound.arrived_at
    manifest = document(hub, BTT_MANIFEST, inbound.manifest_no)
    extra = {"silk:containerNo": inbound.container_no, "silk:seal": inbound.seal}
    box = unit_epc(hub, inbound.sscc)
    ctx = _ctx(
        hub,
        when,
        "GATE",
        biz_step="arriving",
        disposition="in_progress",
        biz_transactions=(manifest,),
        extensions=extra,
    )
    events = [
        object_event(ctx, epcs=[box]),
        aggregation_event(
            ctx, parent_id=box, child_epcs=[p.epc for p in packages], action="OBSERVE"
        ),
    ]
    for p in packages:
        if p.waybill:
            tie = _ctx(hub, when, "GATE", biz_step="arriving")
            waybill = document(hub, BTT_WAYBILL, p.waybill)
            events.append(steps.link_transaction(tie, [p.epc], [waybill]))
    _store(session, hub, *events)


def devanned(
    session: Session, hub: HubSite, inbound: InboundContainer, package: Package, when: dt.datetime
) -> None:
    area = "HOLD" if package.damaged else "DEVAN"
    extra = {"silk:customsStatus": package.customs_status, "silk:containerNo": inbound.container_no}
    out = _ctx(hub, when, area, biz_step="unloading", disposition="in_progress")
    disposition = "damaged" if package.damaged else "in_progress"
    seen = _ctx(hub, when, area, biz_step="receiving", disposition=disposition, extensions=extra)
    events = [object_event(seen, epcs=[package.epc])]
    if not package.over:
        box = unit_epc(hub, inbound.sscc)
        events.insert(
            0, aggregation_event(out, parent_id=box, child_epcs=[package.epc], action="DELETE")
        )
    _store(session, hub, *events)


def emptied(session: Session, hub: HubSite, inbound: InboundContainer, when: dt.datetime) -> None:
    ctx = _ctx(hub, when, "DEVAN", biz_step="unloading")
    _store(
        session, hub, aggregation_event(ctx, parent_id=unit_epc(hub, inbound.sscc), action="DELETE")
    )


def staged(
    session: Session, hub: HubSite, package: Package, lane_area: str, when: dt.datetime
) -> None:
    ctx = _ctx(hub, when, lane_area, biz_step="staging_outbound", disposition="in_progress")
    _store(session, hub, object_event(ctx, epcs=[package.epc]))


def loaded(
    session: Session, hub: HubSite, container_sscc: str, package: Package, when: dt.datetime
) -> None:
    ctx = _ctx(
        hub,
        when,
        "DOCK",
        biz_step="loading",
        disposition="in_progress",
        extensions={"silk:customsStatus": package.customs_status},
    )
    box = unit_epc(hub, container_sscc)
    _store(session, hub, aggregation_event(ctx, parent_id=box, child_epcs=[package.epc]))


def sealed(
    session: Session,
    hub: HubSite,
    container_sscc: str,
    transit_no: str,
    extra: dict[str, Any],
    when: dt.datetime,
) -> None:
    transit = document(hub, BTT_TRANSIT, transit_no)
    ctx = _ctx(
        hub,
        when,
        "DOCK",
        biz_step="loading",
        disposition="container_closed",
        biz_transactions=(transit,),
        extensions=extra,
    )
    _store(session, hub, transaction_event(ctx, epcs=[unit_epc(hub, container_sscc)]))


def departed(
    session: Session, hub: HubSite, container_ssccs: Sequence[str], service: str, when: dt.datetime
) -> None:
    ctx = _ctx(
        hub,
        when,
        "GATE",
        sources=(Party("location", place(hub, "GATE")),),
        extensions={"silk:service": service},
    )
    _store(session, hub, steps.ship(ctx, [unit_epc(hub, s) for s in container_ssccs]))
