"""The import manifest (清单, CEB621) of an order, and its customs status.

Status: declared -> accepted (120) -> released (800) | inspection (500) -> released | rejected
(100); released -> written_off at the gate (once: a conditional UPDATE guards it); accepted or
inspection -> cancelled when customs approves its withdrawal (CEB623/624,
:mod:`warehouse.customs.cancellation`).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Integer, String, Text, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from warehouse.bonded.ledger import Ledger, LedgerItem, ledger_of
from warehouse.customs.documents import ManifestDoc, ManifestLine, OrderDoc, WaybillDoc
from warehouse.customs.models import RetailOrder
from warehouse.customs.money import from_fen
from warehouse.customs.tax import transaction_values
from warehouse.db import Base, UTCDateTime, utcnow
from warehouse.errors import Conflict, NotFound
from warehouse.masterdata import service as md
from warehouse.masterdata.models import Warehouse
from warehouse.masterdata.service import cached

OPEN = ("declared", "accepted", "inspection")


class Manifest(Base):
    __tablename__ = "manifests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("retail_orders.id"), unique=True)
    cop_no: Mapped[str] = mapped_column(String(60), unique=True)
    invt_no: Mapped[str | None] = mapped_column(String(40), nullable=True)
    ems_no: Mapped[str] = mapped_column(String(12))
    area_code: Mapped[str] = mapped_column(String(10))
    trade_mode: Mapped[str] = mapped_column(String(4), default="1210")
    ebc_code: Mapped[str] = mapped_column(String(10))
    logistics_no: Mapped[str] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(16), default="declared", index=True)
    last_receipt: Mapped[str | None] = mapped_column(String(4), nullable=True)
    xml: Mapped[str] = mapped_column(Text())
    declared_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    written_off_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class ManifestCancellation(Base):
    """The withdrawal (CEB623) of a manifest: requested -> approved | refused by customs.

    One per manifest; a refused one may be asked again (the row is reused, its XML re-sent).
    """

    __tablename__ = "manifest_cancellations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    manifest_id: Mapped[int] = mapped_column(ForeignKey("manifests.id"), unique=True)
    reason: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), default="requested", index=True)
    info: Mapped[str] = mapped_column(String(500), default="")
    xml: Mapped[str] = mapped_column(Text())
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class ManifestTaxReceipt(Base):
    """Customs' tax assessment (CEB816) of a released manifest, checked against the order's
    own computed tax: ``matched`` or ``mismatch``. Money in fen."""

    __tablename__ = "manifest_tax_receipts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    manifest_id: Mapped[int] = mapped_column(ForeignKey("manifests.id"), unique=True)
    tax_no: Mapped[str] = mapped_column(String(40))
    duty_fen: Mapped[int] = mapped_column(Integer)
    vat_fen: Mapped[int] = mapped_column(Integer)
    ct_fen: Mapped[int] = mapped_column(Integer)
    total_fen: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), index=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


def build(
    session: Session, order: RetailOrder, doc: OrderDoc, waybill: WaybillDoc, agent_code: str
) -> ManifestDoc:
    """The CEB621 contents of an order served from the warehouse's ledger."""
    wh = session.get_one(Warehouse, order.warehouse_id)
    ledger = ledger_of(session, wh.id)
    lines, gross, net = [], 0, 0
    values = [from_fen(line.price_fen) * line.qty for line in order.lines]
    paid = transaction_values(values, doc.discount)
    for line, value, total in zip(order.lines, values, paid, strict=True):
        sku = md.sku(session, line.sku_id)
        seq = item_seq(session, ledger, sku.id)
        price = from_fen(line.price_fen) if total == value else unit_price(total, line.qty)
        lines.append(
            ManifestLine(
                line.gnum,
                seq,
                sku.code,
                sku.name,
                sku.hs_code,
                sku.origin,
                line.qty,
                sku.unit,
                price,
                total,
            )
        )
        gross += sku.gross_g * line.qty
        net += sku.net_g * line.qty
    return ManifestDoc(
        cop_no=order.order_no,
        order_no=order.order_no,
        ebp_code=order.ebp_code,
        ebc_code=order.ebc_code,
        logistics_code=waybill.logistics_code,
        logistics_no=waybill.logistics_no,
        ems_no=ledger.ems_no,
        area_code=ledger.area_code,
        customs_code=wh.customs_code,
        agent_code=agent_code,
        buyer_name=doc.buyer_name,
        buyer_id_number=doc.buyer_id_number,
        buyer_telephone=doc.buyer_telephone,
        consignee_address=doc.consignee_address,
        freight=doc.freight,
        gross_weight_kg=Decimal(gross) / 1000,
        net_weight_kg=Decimal(net) / 1000,
        lines=tuple(lines),
        decl_time=utcnow().strftime("%Y%m%d%H%M%S"),
    )


def unit_price(total: Decimal, qty: int) -> Decimal:
    """A discounted line's unit price, to four decimals (its ``totalPrice`` is exact)."""
    return (total / qty).quantize(Decimal("0.0001"))


def item_seq(session: Session, ledger: Ledger, sku_id: int) -> int:
    """The ledger item number of a SKU (0 when it has none yet)."""
    return cached(
        session,
        ("ledger_item_seq", ledger.id, sku_id),
        lambda: (
            session.scalar(
                select(LedgerItem.seq).where(
                    LedgerItem.ledger_id == ledger.id, LedgerItem.sku_id == sku_id
                )
            )
            or 0
        ),
    )


def manifest_of(session: Session, order_id: int) -> Manifest | None:
    return session.scalar(select(Manifest).where(Manifest.order_id == order_id))


def by_cop_no(session: Session, cop_no: str, *, lock: bool = False) -> Manifest:
    """The manifest of a copNo; with ``lock``, its row locked (``FOR UPDATE``) and read afresh."""
    query = select(Manifest).where(Manifest.cop_no == cop_no)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    found = session.scalar(query)
    if found is None:
        raise NotFound("E_UNKNOWN_MANIFEST", f"No manifest {cop_no!r}.")
    return found


def mark_written_off(session: Session, manifest_id: int) -> None:
    """released -> written_off exactly once, even with two gate scans racing."""
    done = session.execute(
        update(Manifest)
        .where(Manifest.id == manifest_id, Manifest.status == "released")
        .values(status="written_off", written_off_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if not done.rowcount:  # type: ignore[attr-defined]
        raise Conflict(
            "E_ALREADY_WRITTEN_OFF",
            "This manifest has been written off already: the goods left before.",
        )
