"""The gateway's batched ``lookup`` gives every scan the answer of the single-scan handler."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, seed, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from warehouse.bonded import demo
from warehouse.bonded.lookup import on_lookup
from warehouse.customs.manifest import Manifest
from warehouse.customs.models import RetailOrder
from warehouse.db import make_engine
from warehouse.fulfilment.models import Parcel
from warehouse.lookups import on_lookups
from warehouse.masterdata.models import Bin, Sku, Warehouse
from warehouse.scanning import Scan

TS = datetime(2026, 11, 21, 8, 0, tzinfo=UTC)


def _order(session: Session, wh_id: int, order_no: str) -> RetailOrder:
    order = RetailOrder(
        order_no=order_no, warehouse_id=wh_id, ebp_code="E", ebc_code="E", buyer_name="B",
        buyer_id_number="1", goods_fen=100, freight_fen=0, discount_fen=0,
    )  # fmt: skip
    session.add(order)
    session.flush()
    return order


def _manifest(order_id: int, parcel_code: str) -> Manifest:
    return Manifest(
        order_id=order_id, cop_no=f"COP-{parcel_code}", ems_no="T", area_code="A", ebc_code="E",
        logistics_no=parcel_code, xml="", status="released",
    )  # fmt: skip


def _lookups(codes: list[str]) -> list[Scan]:
    return [Scan("hs-1", "qd-bonded", f"hs-1:{i}", "lookup", c, TS) for i, c in enumerate(codes)]


def _seed(session: Session) -> list[str]:
    """Demo master data and stock, three orders (one parcel found by its code, one only by its
    order number, one declared), and the codes a handheld might scan among them."""
    if not demo.demo_exists(session):
        demo.stock_up(session, demo.seed_masterdata(session), 300)
    wh_id = session.scalars(select(Warehouse.id).order_by(Warehouse.id)).first()
    assert wh_id is not None
    codes = ["LKP-UNKNOWN", "0000000000000", "https://id.gs1.org/01/00000000000001", "]C1(00)1"]
    for n, manifested in enumerate((True, False, True)):
        order = _order(session, wh_id, f"LKP-ORD-{n}")
        session.add(Parcel(order_id=order.id, warehouse_id=wh_id, code=f"LKP-P{n}"))
        if manifested:
            session.add(_manifest(order.id, f"LKP-P{n}"))
        codes += [f"LKP-P{n}", f"LKP-ORD-{n}"]
    session.flush()
    codes += list(session.scalars(select(Bin.code)))
    for sku in session.scalars(select(Sku)):
        codes += [sku.code, sku.gtin, sku.gtin.lstrip("0"), f"https://id.gs1.org/01/{sku.gtin}"]
    return codes


def test_a_run_of_lookups_answers_as_each_lookup_alone(gateway_db: str) -> None:
    """For any sequence of scanned codes (parcels, order numbers, bins, SKU codes and GTINs,
    Digital Links, unknown and unreadable codes, repeats), the run handler's answers equal the
    single-scan handler's, scan by scan."""
    engine = make_engine(gateway_db)
    with Session(engine) as session:
        pool = _seed(session)

        @seed(20261121)
        @settings(max_examples=40, database=None)
        @given(st.lists(st.sampled_from(pool), min_size=1, max_size=30))
        def check(codes: list[str]) -> None:
            scans = _lookups(codes)
            assert on_lookups(session, scans) == [on_lookup(session, s) for s in scans]

        check()
        everything = _lookups(pool)
        answers = on_lookups(session, everything)
        assert answers == [on_lookup(session, s) for s in everything]
        kinds = {a.details.get("kind") for a in answers}
        assert {"parcel", "bin", "sku"} <= kinds and any(a.result == "error" for a in answers)
        session.rollback()
    engine.dispose()
