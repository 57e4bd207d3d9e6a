"""Use cases of master data: register enterprises, SKUs, list entries, sites, warehouses, bins."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import event, select
from sqlalchemy.orm import Session, SessionTransaction

from warehouse.access.audit import Actor, record
from warehouse.errors import Conflict, Invalid, NotFound
from warehouse.masterdata.lists import ListEntry, require_hs_code
from warehouse.masterdata.models import (
    CREDIT_CLASSES,
    HS_LISTS,
    Bin,
    Enterprise,
    HsRule,
    Site,
    Sku,
    Warehouse,
)
from warehouse.masterdata.zones import Zone
from warehouse.trace.errors import TraceError
from warehouse.trace.keys import normalise_gtin

T = TypeVar("T")
_CACHE = "masterdata.cache"


def cached(session: Session, key: tuple[Any, ...], load: Callable[[], T]) -> T:
    """Master data looked up once per transaction (the unit of work) and kept in its session.

    The cache is dropped when the outer transaction ends and by every master-data change made
    through this module, so a transaction never sees another's stale master data.
    """
    cache: dict[tuple[Any, ...], Any] = session.info.setdefault(_CACHE, {})
    if key not in cache:
        with session.no_autoflush:  # master data is flushed when made; other work may wait
            cache[key] = load()
    return cache[key]


def forget(session: Session) -> None:
    """Drop the transaction's master-data cache (after a change to master data)."""
    session.info.pop(_CACHE, None)


@event.listens_for(Session, "after_transaction_end")
def _forget_at_end(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        forget(session)


@event.listens_for(Session, "after_soft_rollback")
def _forget_rolled_back(session: Session, _previous: SessionTransaction) -> None:
    forget(session)  # a savepoint rolled back may have taken rows the cache points to


@dataclass(frozen=True)
class NewSku:
    code: str
    gtin: str
    name: str
    owner: str
    hs_code: str
    unit_value_fen: int
    gross_g: int
    net_g: int
    origin: str
    vat_bp: int = 1300
    ct_bp: int = 0
    duty_bp: int = 0
    lot_tracked: bool = False
    expiry_tracked: bool = False
    cold_chain: bool = False
    unit: str = "011"


def create_enterprise(
    session: Session, actor: Actor, code: str, name: str, credit_class: str, roles: list[str]
) -> Enterprise:
    if len(code) != 10 or not code.isalnum():
        raise Invalid("E_BAD_CUSTOMS_CODE", f"Customs code {code!r} must be 10 letters or digits.")
    if credit_class not in CREDIT_CLASSES:
        raise Invalid("E_BAD_CREDIT_CLASS", f"Credit class must be one of {CREDIT_CLASSES}.")
    if session.scalar(select(Enterprise.id).where(Enterprise.code == code)) is not None:
        raise Conflict("E_ENTERPRISE_EXISTS", f"Enterprise {code} is registered already.")
    ent = Enterprise(code=code, name=name, credit_class=credit_class, roles=roles)
    session.add(ent)
    session.flush()
    forget(session)
    record(session, actor, "enterprise.create", "enterprise", code, credit_class=credit_class)
    return ent


def enterprise(session: Session, code: str) -> Enterprise:
    ent = cached(
        session,
        ("enterprise", code),
        lambda: session.scalar(select(Enterprise).where(Enterprise.code == code)),
    )
    if ent is None:
        raise NotFound("E_UNKNOWN_ENTERPRISE", f"No enterprise with customs code {code!r}.")
    return ent


def create_sku(session: Session, actor: Actor, new: NewSku) -> Sku:
    require_hs_code(new.hs_code)
    try:
        gtin = normalise_gtin(new.gtin)
    except TraceError as exc:
        raise Invalid("E_BAD_GTIN", f"GTIN {new.gtin!r}: {exc.reason}.") from exc
    if new.net_g > new.gross_g or new.net_g <= 0 or new.unit_value_fen <= 0:
        raise Invalid("E_BAD_SKU", "Weights and value must be positive, net not above gross.")
    if session.scalar(select(Sku.id).where((Sku.code == new.code) | (Sku.gtin == gtin))):
        raise Conflict("E_SKU_EXISTS", f"SKU {new.code} or GTIN {gtin} exists already.")
    owner = enterprise(session, new.owner)
    values = {k: v for k, v in vars(new).items() if k not in ("owner", "gtin")}
    sku = Sku(**values, gtin=gtin, owner_id=owner.id)
    session.add(sku)
    session.flush()
    forget(session)
    record(session, actor, "sku.create", "sku", sku.code, gtin=gtin, hs_code=sku.hs_code)
    return sku


def sku_by_code(session: Session, code: str) -> Sku:
    """A SKU by its code or its GTIN (any GTIN length)."""
    sku = cached(session, ("sku", code), lambda: _sku_by_code(session, code))
    if sku is None:
        raise NotFound("E_UNKNOWN_SKU", f"No SKU or GTIN {code!r} is registered.", sku=code)
    return sku


def sku(session: Session, sku_id: int) -> Sku:
    """A SKU by id, held for the transaction (the identity map alone forgets unreferenced rows)."""
    return cached(session, ("sku_id", sku_id), lambda: session.get_one(Sku, sku_id))


def _sku_by_code(session: Session, code: str) -> Sku | None:
    sku = session.scalar(select(Sku).where(Sku.code == code))
    if sku is None and code.isdigit():
        sku = session.scalar(select(Sku).where(Sku.gtin == code.zfill(14)))
    return sku


def add_hs_rule(session: Session, actor: Actor, prefix: str, list_name: str, note: str) -> HsRule:
    if list_name not in HS_LISTS or not prefix.isdigit() or not 2 <= len(prefix) <= 10:
        raise Invalid("E_BAD_HS_RULE", f"List must be one of {HS_LISTS}, prefix 2-10 digits.")
    rule = HsRule(hs_prefix=prefix, list=list_name, note=note)
    session.add(rule)
    session.flush()
    forget(session)
    record(session, actor, "hs_rule.create", "hs_rule", rule.id, prefix=prefix, list=list_name)
    return rule


def list_entries(session: Session) -> list[ListEntry]:
    entries = cached(
        session,
        ("lists",),
        lambda: tuple(
            ListEntry(r.hs_prefix, r.list, r.note) for r in session.scalars(select(HsRule))
        ),
    )
    return list(entries)


def create_site(session: Session, actor: Actor, code: str, name: str) -> Site:
    site = Site(code=code, name=name)
    session.add(site)
    session.flush()
    record(session, actor, "site.create", "site", code)
    return site


def create_warehouse(
    session: Session,
    actor: Actor,
    site: Site,
    code: str,
    name: str,
    operator: str,
    area_code: str,
    customs_code: str,
) -> Warehouse:
    if session.scalar(select(Warehouse.id).where(Warehouse.code == code)) is not None:
        raise Conflict("E_WAREHOUSE_EXISTS", f"Warehouse {code} exists already.")
    wh = Warehouse(
        code=code,
        name=name,
        site_id=site.id,
        operator_id=enterprise(session, operator).id,
        bonded=True,
        area_code=area_code,
        customs_code=customs_code,
    )
    session.add(wh)
    session.flush()
    forget(session)
    record(session, actor, "warehouse.create", "warehouse", code, area_code=area_code)
    return wh


def is_id(text: str) -> bool:
    """Digits that fit a database integer id."""
    return text.isascii() and text.isdigit() and len(text) < 10


def warehouse(session: Session, key: str | int) -> Warehouse:
    """A warehouse by id or code."""
    found = (
        session.get(Warehouse, int(key))
        if is_id(str(key))
        else cached(
            session,
            ("warehouse", key),
            lambda: session.scalar(select(Warehouse).where(Warehouse.code == key)),
        )
    )
    if found is None:
        raise NotFound("E_UNKNOWN_WAREHOUSE", f"No warehouse {key!r}.")
    return found


def create_bin(
    session: Session, actor: Actor, wh: Warehouse, code: str, zone: str, capacity: int
) -> Bin:
    if zone not in set(Zone):
        raise Invalid("E_BAD_ZONE", f"Zone {zone!r} is not one of {[z.value for z in Zone]}.")
    if capacity <= 0:
        raise Invalid("E_BAD_CAPACITY", "A bin's capacity is a positive number of units.")
    if session.scalar(select(Bin.id).where(Bin.code == code)) is not None:
        raise Conflict("E_BIN_EXISTS", f"Bin {code} exists already.")
    b = Bin(warehouse_id=wh.id, code=code, zone=zone, capacity=capacity)
    session.add(b)
    session.flush()
    forget(session)
    record(session, actor, "bin.create", "bin", code, zone=zone, capacity=capacity)
    return b


def bin_by_code(session: Session, code: str) -> Bin:
    found = session.scalar(select(Bin).where(Bin.code == code))
    if found is None:
        raise NotFound("E_UNKNOWN_BIN", f"No bin {code!r}.", bin=code)
    return found


def zone_bin(session: Session, wh_id: int, zone: Zone) -> Bin:
    """The first bin of ``zone`` in a warehouse (staging, inspection, hold, gate areas)."""
    found = cached(
        session,
        ("zone_bin", wh_id, zone),
        lambda: session.scalar(
            select(Bin).where(Bin.warehouse_id == wh_id, Bin.zone == zone).order_by(Bin.id).limit(1)
        ),
    )
    if found is None:
        raise NotFound("E_NO_ZONE", f"Warehouse {wh_id} has no {zone.value} area.", zone=zone)
    return found


def enterprise_by_id(session: Session, enterprise_id: int) -> Enterprise:
    return session.get_one(Enterprise, enterprise_id)
