"""Demo data abroad: six overseas warehouses on the seed network's hubs, bins, stock of the
demo sellers' SKUs and 56 days of local demand (seeded, so repeatable)."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from warehouse.access.audit import Actor
from warehouse.db import utcnow
from warehouse.masterdata.models import Sku
from warehouse.overseas import setup
from warehouse.overseas.models import OverseasWarehouse
from warehouse.overseas.stock import bin_of, put

DEMO = Actor("demo", "seed")
WAREHOUSES = (
    ("OW-KR-ICN", "Korea overseas warehouse (Incheon)", "KRICN-OW", ("general", "cold")),
    ("OW-JP-OSA", "Japan overseas warehouse (Osaka)", "JPOSA-OW", ("general", "cold", "dg")),
    ("OW-DE-DUI", "Germany overseas warehouse (Duisburg)", "DEDUI-OW", ("general", "cold", "dg")),
    ("OW-RU-MOW", "Russia overseas warehouse (Moscow)", "RUMOW-OW", ("general",)),
    ("OW-KZ-ALA", "Kazakhstan overseas warehouse (Almaty)", "KZALA-OW", ("general",)),
    ("OW-US-ONT", "US overseas warehouse (Ontario, CA)", "USLAX-OW", ("general", "dg")),
)
HISTORY_DAYS = 56


def seed_warehouses(session: Session) -> list[OverseasWarehouse]:
    made = []
    for code, name, hub, cargo in WAREHOUSES:
        wh = setup.create_warehouse(session, DEMO, setup.NewWarehouse(code, name, hub, cargo))
        for kind in setup.BIN_KINDS:
            setup.create_bin(session, DEMO, wh, f"{code}-{kind[:3].upper()}-01", kind)
        setup.create_bin(session, DEMO, wh, f"{code}-STO-02", "storage")
        made.append(wh)
    return made


def seed_stock_and_demand(session: Session, wh: OverseasWarehouse, seed: int) -> None:
    """Stock of some demo SKUs and the shipments of the last 56 days."""
    rng = random.Random(f"{seed}:{wh.code}")
    shelf = bin_of(session, wh.id, None)
    now = utcnow()
    skus = list(session.scalars(select(Sku).where(Sku.cold_chain.is_(False)).order_by(Sku.id)))
    for sku in rng.sample(skus, min(4, len(skus))):
        rate = rng.choice((2, 4, 6, 10))
        for day in range(HISTORY_DAYS, 0, -1):
            qty = max(0, round(rng.gauss(rate, rate / 3)))
            if qty:
                at = now - timedelta(days=day, hours=-rng.randint(8, 18))
                put(session, shelf, sku.owner_id, sku.id, qty, "receive", "DEMO-OPENING", at)
                put(session, shelf, sku.owner_id, sku.id, -qty, "ship", f"DEMO-{day}", at)
        put(
            session,
            shelf,
            sku.owner_id,
            sku.id,
            rng.randint(rate * 5, rate * 40),
            "receive",
            "DEMO-STOCK",
        )


def demo_seeder(session: Session, seed: int = 9810) -> None:
    """DEMO_SEEDERS entry (after the bonded one: it uses the demo sellers' SKUs)."""
    if session.scalar(select(OverseasWarehouse.id).limit(1)) is not None:
        return
    for wh in seed_warehouses(session):
        seed_stock_and_demand(session, wh, seed)
