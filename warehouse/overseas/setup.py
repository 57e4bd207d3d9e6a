"""Creating overseas warehouses, matched to a hub of the route network, and their bins."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from warehouse.access.audit import Actor, record
from warehouse.errors import Conflict, Invalid
from warehouse.multimodal.inputs import seed_document
from warehouse.overseas.models import OverseasBin, OverseasWarehouse

CARGO = ("general", "cold", "dg")
BIN_KINDS = ("storage", "receiving", "returns", "dispatch")


@dataclass(frozen=True)
class NewWarehouse:
    code: str
    name: str
    hub: str
    cargo_classes: tuple[str, ...] = ("general",)
    service_level: float = 0.95
    review_days: int = 7


def hub_country(hub: str) -> str:
    """The country of a hub of the seed network; E_UNKNOWN_HUB when it has no such hub."""
    for item in seed_document()["hubs"]:
        if item["id"] == hub:
            return str(item["country"])
    raise Invalid("E_UNKNOWN_HUB", f"The route network has no hub {hub!r}.")


def create_warehouse(session: Session, actor: Actor, new: NewWarehouse) -> OverseasWarehouse:
    country = hub_country(new.hub)
    if not set(new.cargo_classes) <= set(CARGO) or not new.cargo_classes:
        raise Invalid("E_BAD_CARGO", f"Cargo classes are some of {CARGO}.")
    if not 0.5 <= new.service_level < 1 or not 1 <= new.review_days <= 90:
        raise Invalid("E_BAD_POLICY", "Service level 0.5 to 0.999, review 1 to 90 days.")
    if session.scalar(select(OverseasWarehouse.id).where(OverseasWarehouse.code == new.code)):
        raise Conflict("E_WAREHOUSE_EXISTS", f"Overseas warehouse {new.code} exists already.")
    wh = OverseasWarehouse(
        code=new.code,
        name=new.name,
        country=country,
        hub=new.hub,
        cargo_classes=list(new.cargo_classes),
        service_level=new.service_level,
        review_days=new.review_days,
    )
    session.add(wh)
    session.flush()
    record(session, actor, "overseas.warehouse", "overseas_warehouse", new.code, hub=new.hub)
    return wh


def create_bin(
    session: Session, actor: Actor, wh: OverseasWarehouse, code: str, kind: str = "storage"
) -> OverseasBin:
    if kind not in BIN_KINDS:
        raise Invalid("E_BAD_BIN_KIND", f"A bin abroad is one of {BIN_KINDS}.")
    if session.scalar(select(OverseasBin.id).where(OverseasBin.code == code)):
        raise Conflict("E_BIN_EXISTS", f"Bin {code} exists already.")
    bin_ = OverseasBin(warehouse_id=wh.id, code=code, kind=kind)
    session.add(bin_)
    session.flush()
    record(session, actor, "overseas.bin", "overseas_bin", code, warehouse=wh.code, kind=kind)
    return bin_
