"""Tables of master data. Money in fen (integer), weights in grams, rates in basis points."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from warehouse.db import Base, JSONType, UTCDateTime, utcnow

CREDIT_CLASSES = ("advanced", "ordinary", "dishonest")
ENTERPRISE_ROLES = ("ebp", "ebc", "payment", "logistics", "warehouse", "declarant")
HS_LISTS = ("positive", "prohibited", "restricted")


class Enterprise(Base):
    """A party registered with customs: its 10-character code and its credit class."""

    __tablename__ = "enterprises"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(10), unique=True)
    name: Mapped[str] = mapped_column(String(128))
    credit_class: Mapped[str] = mapped_column(String(16))
    roles: Mapped[list[str]] = mapped_column(JSONType(), default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Sku(Base):
    """A product as customs and the floor know it."""

    __tablename__ = "skus"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    gtin: Mapped[str] = mapped_column(String(14), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    owner_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    hs_code: Mapped[str] = mapped_column(String(10), index=True)
    unit: Mapped[str] = mapped_column(String(3), default="011")
    unit_value_fen: Mapped[int] = mapped_column(Integer)
    gross_g: Mapped[int] = mapped_column(Integer)
    net_g: Mapped[int] = mapped_column(Integer)
    origin: Mapped[str] = mapped_column(String(3))
    vat_bp: Mapped[int] = mapped_column(Integer, default=1300)
    ct_bp: Mapped[int] = mapped_column(Integer, default=0)
    duty_bp: Mapped[int] = mapped_column(Integer, default=0)
    lot_tracked: Mapped[bool] = mapped_column(Boolean, default=False)
    expiry_tracked: Mapped[bool] = mapped_column(Boolean, default=False)
    cold_chain: Mapped[bool] = mapped_column(Boolean, default=False)


class HsRule(Base):
    """One entry of the positive list or of a negative (prohibited, restricted) list."""

    __tablename__ = "hs_rules"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hs_prefix: Mapped[str] = mapped_column(String(10), index=True)
    list: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(String(200), default="")


class Site(Base):
    __tablename__ = "sites"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(128))


class Warehouse(Base):
    """A warehouse of a site; a bonded one sits in a customs zone (area code) and has a ledger."""

    __tablename__ = "warehouses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(128))
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    operator_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"))
    bonded: Mapped[bool] = mapped_column(Boolean, default=True)
    area_code: Mapped[str] = mapped_column(String(10))
    customs_code: Mapped[str] = mapped_column(String(4))


class Bin(Base):
    """A storage location in one zone, holding at most ``capacity`` units."""

    __tablename__ = "bins"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"), index=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    zone: Mapped[str] = mapped_column(String(16))
    capacity: Mapped[int] = mapped_column(Integer)
    extra: Mapped[dict[str, Any]] = mapped_column(JSONType(), default=dict)
