"""The hub's customs word in a trace: registered with the trace's customs hook.

The trace package may not import the hub, so the hub hands it a source
(:func:`register`, called at app start). A package the hub has handled answers with its
hub state; an outbound container with its load's departure. The answer applies only when the
hub's own chain recorded part of the story (its site is among ``keys.sites``):

- departed (the container left sealed, under its customs transit record): ``released``;
- held (damaged, or an over package without declared status): ``held``;
- manifested, devanned, staged or loaded: ``declared`` (its manifest declared the status);
- short (never found): no answer, the events speak.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, null, or_, select, union_all
from sqlalchemy.orm import Session

from warehouse.hub.models import HubSite, OutboundContainer, OutboundLoad, Package
from warehouse.hub.statuses import State
from warehouse.trace.customs import (
    DECLARED,
    HELD,
    RELEASED,
    CustomsStatus,
    TraceKeys,
    register_source,
)

SOURCE = "hub"


@dataclass(frozen=True)
class _Found:
    sscc: str | None
    state: str | None  # None for an outbound container
    customs_status: str | None
    devanned_at: dt.datetime | None
    departed_at: dt.datetime | None


def _status(found: _Found) -> CustomsStatus | None:
    if found.state is None or found.state == State.DEPARTED.value:
        return CustomsStatus(RELEASED, found.departed_at, SOURCE) if found.departed_at else None
    if found.state == State.HELD.value or not found.customs_status:
        return CustomsStatus(HELD, found.devanned_at, SOURCE)
    if found.state == State.SHORT.value:
        return None
    return CustomsStatus(DECLARED, found.devanned_at, SOURCE)


def _lookup(keys: TraceKeys) -> Select[Any]:
    """Hub packages named by the keys, and outbound containers among the SSCCs: one query."""
    named: ColumnElement[bool] = Package.sscc.in_(keys.ssccs)
    if keys.documents:
        named = or_(named, Package.waybill.in_(keys.documents))
    packages = (
        select(Package.sscc, Package.state, Package.customs_status, Package.devanned_at,
               OutboundLoad.departed_at, Package.id)
        .join(HubSite, HubSite.id == Package.hub_id)
        .outerjoin(OutboundLoad, OutboundLoad.id == Package.load_id)
        .where(HubSite.code.in_(keys.sites), named)
    )  # fmt: skip
    containers = (
        select(OutboundContainer.sscc, null(), null(), null(), OutboundLoad.departed_at,
               OutboundContainer.id)
        .join(OutboundLoad, OutboundLoad.id == OutboundContainer.load_id)
        .join(HubSite, HubSite.id == OutboundLoad.hub_id)
        .where(HubSite.code.in_(keys.sites), OutboundContainer.sscc.in_(keys.ssccs))
    )  # fmt: skip
    return select(union_all(packages, containers).subquery())


class HubCustomsSource:
    """Answers for hub packages (by SSCC, else waybill) and outbound containers."""

    def customs_status(self, session: Session, keys: TraceKeys) -> CustomsStatus | None:
        if not keys.sites or not (keys.ssccs or keys.documents):
            return None
        rank = {sscc: i for i, sscc in enumerate(keys.ssccs)}
        rows = list(session.execute(_lookup(keys)))
        if not rows:
            return None
        first = min(rows, key=lambda r: (rank.get(r[0], len(rank)), -r[5]))
        return _status(_Found(*first[:5]))


HUB_CUSTOMS = HubCustomsSource()


def register() -> None:
    """Let traces ask the hub (idempotent)."""
    register_source(HUB_CUSTOMS)
