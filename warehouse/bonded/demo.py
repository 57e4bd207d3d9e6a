"""A seeded generator of demo data for the bonded flow: master data, stock, buyers, orders.

The same seed gives the same enterprises, SKUs, bins, buyers and orders, so a simulated day,
a benchmark and the demo seeder are repeatable.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from config.settings import Policy
from warehouse.access.audit import Actor
from warehouse.bonded.ledger import open_ledger
from warehouse.customs import buyers
from warehouse.customs.documents import OrderDoc, OrderLine, PaymentDoc, WaybillDoc
from warehouse.customs.identity import check_char
from warehouse.customs.money import cny, rate
from warehouse.customs.tax import Goods, order_tax
from warehouse.inbound import entries, putaway, receiving
from warehouse.masterdata import service as md
from warehouse.masterdata.models import Warehouse
from warehouse.trace.checkdigit import check_digit

DEMO = Actor("demo", "seed")
POLICY = Policy()
WAREHOUSE = "QD-BW1"
EBP, PAY, LOGISTICS, OPERATOR = "3702960001", "3120960002", "3702980003", "3702960004"
SELLERS = {"3702960011": "advanced", "3702960012": "ordinary", "3702960013": "dishonest"}
POSITIVE = ("0402", "1901", "2106", "3304", "3305", "3401", "6403", "8509", "9503")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林"
GIVEN = ("伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛")


@dataclass(frozen=True)
class SkuSpec:
    code: str
    gtin: str
    name: str
    hs_code: str
    price: Decimal
    gross_g: int
    vat_bp: int = 1300
    ct_bp: int = 0
    cold_chain: bool = False
    owner: str = "3702960011"


@dataclass
class Demo:
    skus: list[SkuSpec] = field(default_factory=list)
    buyers: list[tuple[str, str]] = field(default_factory=list)
    warehouse: str = WAREHOUSE


def gtin(n: int) -> str:
    body = f"69{n:010d}"
    return body + check_digit(body)


def id_number(rng: random.Random) -> str:
    birth = date(rng.randint(1960, 2002), rng.randint(1, 12), rng.randint(1, 28))
    body = f"370202{birth:%Y%m%d}{rng.randint(0, 999):03d}"
    return body + check_char(body)


def catalogue(rng: random.Random, count: int = 12) -> list[SkuSpec]:
    specs = []
    for i in range(count):
        hs = POSITIVE[i % len(POSITIVE)]
        ct = 1500 if hs == "3304" else 0
        price = cny(rng.choice((39, 59, 89, 129, 199, 268, 399)) + rng.choice((0, 0.5, 0.9)))
        specs.append(
            SkuSpec(
                f"SKU-{i + 1:03d}",
                gtin(1000 + i),
                f"Demo goods {i + 1}",
                f"{hs}{i % 10:02d}0000"[:10],
                price,
                rng.randint(150, 1200),
                900 if hs == "0402" else 1300,
                ct,
                hs == "0402",
                list(SELLERS)[i % len(SELLERS)],
            )
        )
    return specs


def plan(seed: int = 1210) -> Demo:
    """The demo's SKUs and buyers for a seed, without touching the database."""
    rng = random.Random(seed)
    demo = Demo(skus=catalogue(rng))
    for _ in range(40):
        demo.buyers.append((id_number(rng), rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, 2))))
    return demo


def seed_masterdata(session: Session, seed: int = 1210, bins: int = 24) -> Demo:
    """Enterprises, lists, SKUs, a bonded warehouse with its zones and ledger, and buyers."""
    demo = plan(seed)
    parties = {
        EBP: ("Demo platform", "advanced", ["ebp"]),
        PAY: ("Demo payments", "advanced", ["payment"]),
        LOGISTICS: ("Demo logistics", "ordinary", ["logistics"]),
        OPERATOR: ("Demo bonded warehouse operator", "advanced", ["warehouse"]),
    }
    parties |= {code: (f"Demo seller {code[-2:]}", cls, ["ebc"]) for code, cls in SELLERS.items()}
    for code, (name, cls, roles) in parties.items():
        md.create_enterprise(session, DEMO, code, name, cls, roles)
    for prefix in POSITIVE:
        md.add_hs_rule(session, DEMO, prefix, "positive", "demo positive list")
    md.add_hs_rule(session, DEMO, "9301", "prohibited", "arms")
    md.add_hs_rule(session, DEMO, "3002", "restricted", "blood products")
    for spec in demo.skus:
        md.create_sku(
            session,
            DEMO,
            md.NewSku(
                spec.code,
                spec.gtin,
                spec.name,
                spec.owner,
                spec.hs_code,
                int(spec.price * 100),
                spec.gross_g,
                spec.gross_g * 9 // 10,
                "JPN",
                spec.vat_bp,
                spec.ct_bp,
                cold_chain=spec.cold_chain,
                lot_tracked=True,
                expiry_tracked=True,
            ),
        )
    _warehouse(session, bins)
    for person in demo.buyers:
        buyers.register_identity(session, *person)
    session.flush()
    return demo


def _warehouse(session: Session, bins: int) -> Warehouse:
    site = md.create_site(session, DEMO, "qd-bonded", "Qingdao bonded logistics centre")
    wh = md.create_warehouse(
        session, DEMO, site, WAREHOUSE, "Qingdao bonded warehouse 1", OPERATOR, "3702W", "4258"
    )
    open_ledger(session, wh.id, "T4258W000001", "3702W")
    for i in range(bins):
        md.create_bin(session, DEMO, wh, f"QD-B-{i // 6 + 1:02d}-{i % 6 + 1:02d}", "bonded", 2000)
    for i in range(4):
        md.create_bin(session, DEMO, wh, f"QD-C-01-{i + 1:02d}", "cold", 1000)
    for zone in ("staging", "inspection", "hold", "returns", "gate"):
        md.create_bin(session, DEMO, wh, f"QD-{zone.upper()}", zone, 1_000_000)
    return wh


def stock_up(session: Session, demo: Demo, per_sku: int, no: str = "ENT-DEMO-0001") -> None:
    """Declare, receive and put away ``per_sku`` units of every demo SKU."""
    lines = [
        entries.NewLine(s.code, per_sku, f"L{i:03d}", date(2028, 12, 31))
        for i, s in enumerate(demo.skus)
    ]
    entries.declare(session, DEMO, entries.NewEntry(no, demo.warehouse, OPERATOR, lines))
    wh = md.warehouse(session, demo.warehouse)
    for spec in demo.skus:
        receiving.receive(session, DEMO, no, spec.gtin, per_sku)
        target, _qty = putaway.suggestion_for(session, wh.id, spec.gtin)
        putaway.putaway(session, DEMO, wh.id, spec.gtin, target.code)


def make_order(
    rng: random.Random,
    demo: Demo,
    n: int,
    policy: Policy = POLICY,
    max_units: int = 3,
    discount: Decimal = Decimal(0),
) -> tuple[OrderDoc, PaymentDoc, WaybillDoc]:
    """A consistent order, payment and waybill (the three documents agree); ``discount`` is
    the platform's discount, capped at half the goods value."""
    name_id = rng.choice(demo.buyers)
    chosen = rng.sample(demo.skus, rng.randint(1, min(max_units, len(demo.skus))))
    lines = tuple(
        OrderLine(i + 1, s.code, rng.randint(1, 2), s.price, s.name) for i, s in enumerate(chosen)
    )
    goods_value = sum((ln.total for ln in lines), Decimal(0))
    freight = cny(rng.choice((0, 8, 12)))
    discount = cny(min(discount, goods_value / 2))
    goods = [
        Goods(ln.total, rate(s.vat_bp), rate(s.ct_bp)) for ln, s in zip(lines, chosen, strict=True)
    ]
    owed = order_tax(goods, freight, discount, False, Decimal(str(policy.retail_tax_factor)))
    paid = goods_value + freight + owed.total - discount
    order_no = f"ORD{n:08d}"
    address = f"山东省青岛市市南区香港中路{rng.randint(1, 200)}号"
    phone = f"13{rng.randint(100000000, 999999999)}"
    order = OrderDoc(
        order_no,
        EBP,
        chosen[0].owner,
        goods_value,
        freight,
        discount,
        owed.total,
        paid,
        name_id[1],
        name_id[0],
        phone,
        name_id[1],
        address,
        phone,
        lines,
    )
    payment = PaymentDoc(PAY, f"PAY{n:010d}", order_no, EBP, name_id[1], name_id[0], paid)
    weight = Decimal(sum(s.gross_g * ln.qty for s, ln in zip(chosen, lines, strict=True))) / 1000
    waybill = WaybillDoc(
        LOGISTICS, f"YT{n:010d}", order_no, name_id[1], address, phone, freight, weight
    )
    return order, payment, waybill


def demo_exists(session: Session) -> bool:
    return session.scalar(select(Warehouse.id).where(Warehouse.code == WAREHOUSE)) is not None


def demo_seeder(session: Session) -> None:
    """DEMO_SEEDERS entry: a bonded warehouse with SKUs, bins, buyers and 300 units per SKU."""
    if demo_exists(session):
        return
    stock_up(session, seed_masterdata(session), 300)
