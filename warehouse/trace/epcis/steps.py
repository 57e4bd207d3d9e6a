"""The floor's steps as EPCIS events, with the CBV business step and disposition each implies.

| step | event | action | bizStep | disposition |
| --- | --- | --- | --- | --- |
| commission | ObjectEvent | ADD | commissioning | active |
| receive | ObjectEvent | OBSERVE | receiving | in_progress |
| inspect | ObjectEvent | OBSERVE | inspecting | conformant / non_conformant |
| ship | ObjectEvent | OBSERVE | shipping | in_transit |
| receive_return | ObjectEvent | OBSERVE | receiving | returned |
| pack | AggregationEvent | ADD | packing | in_progress |
| unpack | AggregationEvent | DELETE | unpacking | in_progress |
| link_transaction | TransactionEvent | ADD | (given) | (given) |
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from warehouse.trace.epcis.events import (
    Action,
    BizTransaction,
    EventContext,
    aggregation_event,
    object_event,
    transaction_event,
)


def _ctx(ctx: EventContext, step: str, disposition: str | None) -> EventContext:
    return replace(ctx, biz_step=step, disposition=disposition)


def commission(
    ctx: EventContext, epcs: Sequence[str], ilmd: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """Identifiers given to goods for the first time (labels printed and applied)."""
    return object_event(_ctx(ctx, "commissioning", "active"), action="ADD", epcs=epcs, ilmd=ilmd)


def receive(ctx: EventContext, epcs: Sequence[str]) -> dict[str, Any]:
    """Goods received at a site (sources/destinations in ``ctx`` tell from whom)."""
    return object_event(_ctx(ctx, "receiving", "in_progress"), epcs=epcs)


def inspect(ctx: EventContext, epcs: Sequence[str], conformant: bool | None) -> dict[str, Any]:
    """Goods inspected (customs or quality); ``None`` while the result is pending."""
    disp = None if conformant is None else ("conformant" if conformant else "non_conformant")
    return object_event(_ctx(ctx, "inspecting", disp), epcs=epcs)


def ship(ctx: EventContext, epcs: Sequence[str]) -> dict[str, Any]:
    """Goods leave a site."""
    return object_event(_ctx(ctx, "shipping", "in_transit"), epcs=epcs)


def receive_return(ctx: EventContext, epcs: Sequence[str]) -> dict[str, Any]:
    """A buyer's return received at the returns centre."""
    return object_event(_ctx(ctx, "receiving", "returned"), epcs=epcs)


def pack(ctx: EventContext, parent: str, children: Sequence[str]) -> dict[str, Any]:
    """Units into a parcel, parcels into a carton or pallet, pallets into a container."""
    return aggregation_event(
        _ctx(ctx, "packing", "in_progress"), parent_id=parent, child_epcs=children, action="ADD"
    )


def unpack(ctx: EventContext, parent: str, children: Sequence[str] = ()) -> dict[str, Any]:
    """Children out of a parent; no children means the parent was emptied."""
    return aggregation_event(
        _ctx(ctx, "unpacking", "in_progress"),
        parent_id=parent,
        child_epcs=children,
        action="DELETE",
    )


def link_transaction(
    ctx: EventContext,
    epcs: Sequence[str],
    transactions: Sequence[BizTransaction],
    action: Action = "ADD",
) -> dict[str, Any]:
    """Goods tied to orders, customs manifests or bills of lading (``DELETE`` unties them)."""
    full = replace(ctx, biz_transactions=(*ctx.biz_transactions, *transactions))
    return transaction_event(full, epcs=epcs, action=action)
