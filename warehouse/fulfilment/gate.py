"""The gate: a packed, released, unheld parcel leaves, and is written off the ledger.

The manifest goes released -> written_off in one conditional UPDATE, so a second write-off
of the same manifest is refused even when two gate scans race; the parcel's goods go
bonded -> written off in one conditional UPDATE that touches none if any of them is held.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from sqlalchemy import exists, select, update
from sqlalchemy.orm import Session, aliased
from sqlalchemy.orm.attributes import set_committed_value

from warehouse.access.audit import Actor, record
from warehouse.bonded import batch, holds, ledger
from warehouse.bonded.stock import CustomsStatus, Status, Stock
from warehouse.customs.manifest import Manifest, manifest_of, mark_written_off
from warehouse.customs.models import RetailOrder
from warehouse.db import utcnow
from warehouse.errors import Conflict, DomainError
from warehouse.fulfilment.models import Parcel
from warehouse.fulfilment.parcels import parcel_by_code, parcel_hold


def check_exit(
    session: Session,
    parcel: Parcel,
    manifest: Manifest | None = None,
    hold: holds.Hold | None = None,
    *,
    hold_known: bool = False,
) -> str:
    """Why a parcel may not pass the gate, as (code) raised; returns the manifest number.

    ``hold_known``: the parcel's active hold (``hold``, None for none) was read already.
    """
    manifest = manifest or manifest_of(session, parcel.order_id)
    if parcel.status == "shipped" or (manifest and manifest.status == "written_off"):
        raise Conflict("E_ALREADY_WRITTEN_OFF", f"Parcel {parcel.code} has left already.")
    hold = hold if hold_known else parcel_hold(session, parcel)
    if hold is not None:
        raise Conflict(
            "E_CUSTOMS_HOLD",
            f"Parcel {parcel.code} is held ({hold.reason}): it may not leave.",
            reason=hold.reason,
        )
    if manifest is None or manifest.status != "released":
        status = manifest.status if manifest else "undeclared"
        raise Conflict(
            "E_NOT_RELEASED", f"Customs has not released parcel {parcel.code} (manifest {status})."
        )
    if parcel.status != "packed":
        raise Conflict("E_NOT_PACKED", f"Parcel {parcel.code} is {parcel.status}, not packed.")
    return manifest.invt_no or manifest.cop_no


def gate_out(session: Session, actor: Actor, parcel_code: str) -> Parcel:
    parcel = parcel_by_code(session, parcel_code)
    manifest = manifest_of(session, parcel.order_id)
    postings = _write_off(session, actor, parcel, check_exit(session, parcel, manifest), manifest)
    ledger.post_many(session, actor, postings)
    _shipped(session, [parcel])
    if manifest is not None:
        set_committed_value(manifest, "status", "written_off")
    return parcel


def _write_off(
    session: Session, actor: Actor, parcel: Parcel, doc_no: str, manifest: Manifest | None
) -> list[ledger.Posting]:
    """The manifest and the parcel's goods written off; the ledger entries they need."""
    assert manifest is not None
    mark_written_off(session, manifest.id)
    per_sku: Counter[int] = Counter()
    for sku_id, qty in _goods_out(session, parcel):
        per_sku[sku_id] += qty
    record(
        session,
        actor,
        "parcel.gate",
        "parcel",
        parcel.code,
        manifest=doc_no,
        units=sum(per_sku.values()),
    )
    return [
        ledger.Posting(
            ledger.item_for(session, parcel.warehouse_id, sku_id).id,
            ledger.EntryKind.WRITE_OFF,
            -qty,
            "manifest",
            doc_no,
        )
        for sku_id, qty in sorted(per_sku.items())
    ]


def _goods_out(session: Session, parcel: Parcel) -> list[tuple[int, int]]:
    """Mark the parcel's bonded goods written off and shipped, unless any is held."""
    other = aliased(Stock)
    held = exists().where(
        other.parcel_id == parcel.id, other.hold_id.is_not(None), other.quantity > 0
    )
    rows = session.execute(
        update(Stock)
        .where(
            Stock.parcel_id == parcel.id,
            Stock.quantity > 0,
            Stock.customs_status == CustomsStatus.BONDED.value,
            Stock.hold_id.is_(None),
            ~held,
        )
        .values(customs_status=CustomsStatus.WRITTEN_OFF.value, status=Status.SHIPPED.value)
        .returning(Stock.sku_id, Stock.quantity)
        .execution_options(synchronize_session=False)
    ).all()
    if not rows and session.scalar(select(held)):
        raise Conflict("E_CUSTOMS_HOLD", f"Goods in parcel {parcel.code} are held.")
    return [(int(sku_id), int(qty)) for sku_id, qty in rows]


def _shipped(session: Session, parcels: Iterable[Parcel]) -> None:
    """Parcels and their orders shipped: two set-based UPDATEs for the lot."""
    gone = list(parcels)
    if not gone:
        return
    now = utcnow()
    session.execute(
        update(Parcel)
        .where(Parcel.id.in_([p.id for p in gone]))
        .values(status="shipped", shipped_at=now)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(RetailOrder)
        .where(RetailOrder.id.in_([p.order_id for p in gone]))
        .values(status="shipped")
        .execution_options(synchronize_session=False)
    )
    for parcel in gone:
        set_committed_value(parcel, "status", "shipped")
        set_committed_value(parcel, "shipped_at", now)
        order = session.identity_map.get(session.identity_key(RetailOrder, parcel.order_id))
        if isinstance(order, RetailOrder):
            set_committed_value(order, "status", "shipped")


def gate_out_batch(
    session: Session, actor: Actor, parcel_codes: list[str]
) -> list[Parcel | DomainError]:
    """A batch of gate scans (a truck's load) in one transaction; a refused parcel stays.

    Parcels, manifests and parcel holds are read for the whole batch; each parcel's manifest
    and goods are written off (two conditional UPDATEs) in its own savepoint, as one scan.
    Then the batch's ledger entries are posted together (one UPDATE per item, one INSERT)
    and its parcels and orders marked shipped in two UPDATEs.
    """
    parcels = {
        p.code: p for p in session.scalars(select(Parcel).where(Parcel.code.in_(set(parcel_codes))))
    }
    ids = [p.order_id for p in parcels.values()]
    manifests = {
        m.order_id: m for m in session.scalars(select(Manifest).where(Manifest.order_id.in_(ids)))
    }
    on_hold = _holds_of(session, list(parcels))
    postings: list[ledger.Posting] = []
    gone: dict[int, Parcel] = {}

    def one(s: Session, code: str) -> Parcel:
        parcel = parcels.get(code) or parcel_by_code(s, code)
        manifest = manifests.get(parcel.order_id) or manifest_of(s, parcel.order_id)
        if parcel.id in gone:
            raise Conflict("E_ALREADY_WRITTEN_OFF", f"Parcel {parcel.code} has left already.")
        hold = on_hold.get(parcel.code)
        doc_no = check_exit(s, parcel, manifest, hold, hold_known=parcel.code in parcels)
        postings.extend(_write_off(s, actor, parcel, doc_no, manifest))
        gone[parcel.id] = parcel
        return parcel

    results = batch.each(session, parcel_codes, one)
    ledger.post_many(session, actor, postings)
    _shipped(session, gone.values())
    for parcel in gone.values():
        manifest = manifests.get(parcel.order_id)
        if manifest is not None:
            set_committed_value(manifest, "status", "written_off")
    return results


def _holds_of(session: Session, codes: list[str]) -> dict[str, holds.Hold]:
    """The first active hold on each of these parcels (by hold id), in one query."""
    found: dict[str, holds.Hold] = {}
    for hold in session.scalars(
        select(holds.Hold)
        .where(
            holds.Hold.subject_type == "parcel",
            holds.Hold.subject_id.in_(codes),
            holds.Hold.active.is_(True),
        )
        .order_by(holds.Hold.id)
    ):
        found.setdefault(hold.subject_id, hold)
    return found
