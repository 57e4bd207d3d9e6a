"""The gate: a packed, released, unheld parcel leaves, and is written off the ledger.

A scan, or a batch of scans (a truck's load), in one transaction. The parcels, their manifests
and their goods are read and locked (``FOR UPDATE`` on PostgreSQL) with the parcels' active
holds, so every check runs on rows nobody can change until the commit; each refused parcel gets
its own answer and changes nothing. Then the accepted ones are written set-based: the manifests
released -> written_off in one conditional UPDATE (which must take them all), their goods
bonded -> written off in one UPDATE, the ledger entries posted together
(:func:`warehouse.bonded.ledger.post_many`), parcels and orders marked shipped in two UPDATEs.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import Row, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from warehouse.access.audit import Actor, record
from warehouse.bonded import holds, ledger
from warehouse.bonded.stock import CustomsStatus, Status, Stock
from warehouse.customs.manifest import Manifest
from warehouse.customs.models import RetailOrder
from warehouse.db import utcnow
from warehouse.errors import Conflict, DomainError, NotFound
from warehouse.fulfilment.models import Parcel
from warehouse.sql import one_of

_GoodsRow = Row[int, int | None, int, int, int | None, str]  # id, parcel, sku, qty, hold, status


def check_exit(parcel: Parcel, manifest: Manifest | None, hold: holds.Hold | None) -> str:
    """Why a parcel may not pass the gate, as (code) raised; returns the manifest number.

    ``hold``: the parcel's active hold, None for none.
    """
    if parcel.status == "shipped" or (manifest and manifest.status == "written_off"):
        raise Conflict("E_ALREADY_WRITTEN_OFF", f"Parcel {parcel.code} has left already.")
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
    """One gate scan: the parcel leaves, or the refusal is raised."""
    result = gate_out_batch(session, actor, [parcel_code])[0]
    if isinstance(result, DomainError):
        raise result
    return result


def gate_out_batch(
    session: Session, actor: Actor, parcel_codes: list[str]
) -> list[Parcel | DomainError]:
    """A batch of gate scans (a truck's load) in one transaction; a refused parcel stays."""
    load = _Load.read(session, parcel_codes)
    results: list[Parcel | DomainError] = []
    for code in parcel_codes:
        try:
            results.append(_one(session, actor, load, code))
        except DomainError as exc:
            results.append(exc)
    _write(session, actor, load)
    return results


@dataclass
class _Load:
    """The batch's parcels (by code and by order number), manifests, holds and goods."""

    parcels: dict[str, Parcel]
    manifests: dict[int, Manifest]
    on_hold: dict[str, holds.Hold]
    goods: dict[int, list[_GoodsRow]]
    postings: list[ledger.Posting] = field(default_factory=list)
    gone: dict[int, Parcel] = field(default_factory=dict)

    @classmethod
    def read(cls, session: Session, codes: list[str]) -> _Load:
        parcels = _parcels(session, codes)
        ids = sorted({p.id for p in parcels.values()})
        manifests = session.scalars(
            select(Manifest)
            .where(
                one_of(session, Manifest.order_id, sorted({p.order_id for p in parcels.values()}))
            )
            .order_by(Manifest.id)
            .with_for_update()
        )
        goods: dict[int, list[_GoodsRow]] = defaultdict(list)
        for row in session.execute(
            select(
                Stock.id,
                Stock.parcel_id,
                Stock.sku_id,
                Stock.quantity,
                Stock.hold_id,
                Stock.customs_status,
            )
            .where(one_of(session, Stock.parcel_id, ids), Stock.quantity > 0)
            .order_by(Stock.id)
            .with_for_update()
        ):
            goods[row.parcel_id].append(row)
        on_hold = _holds_of(session, sorted({p.code for p in parcels.values()}))
        return cls(parcels, {m.order_id: m for m in manifests}, on_hold, goods)


def _parcels(session: Session, codes: list[str]) -> dict[str, Parcel]:
    """The parcels scanned, locked, by parcel code or, failing that, by order number."""
    found = {
        p.code: p
        for p in session.scalars(
            select(Parcel).where(one_of(session, Parcel.code, set(codes))).with_for_update()
        )
    }
    missing = set(codes) - set(found)
    if missing:
        by_order = session.execute(
            select(RetailOrder.order_no, Parcel)
            .join(Parcel, Parcel.order_id == RetailOrder.id)
            .where(one_of(session, RetailOrder.order_no, missing))
            .with_for_update(of=Parcel)
        )
        found.update({no: parcel for no, parcel in by_order})
    return found


def _one(session: Session, actor: Actor, load: _Load, code: str) -> Parcel:
    parcel = load.parcels.get(code)
    if parcel is None:
        raise NotFound("E_UNKNOWN_CODE", f"{code!r} is no parcel, waybill or order here.")
    if parcel.id in load.gone:
        raise Conflict("E_ALREADY_WRITTEN_OFF", f"Parcel {parcel.code} has left already.")
    doc_no = check_exit(parcel, load.manifests.get(parcel.order_id), load.on_hold.get(parcel.code))
    rows = load.goods.get(parcel.id, [])
    if any(r.hold_id is not None for r in rows):
        raise Conflict("E_CUSTOMS_HOLD", f"Goods in parcel {parcel.code} are held.")
    per_sku: Counter[int] = Counter()
    for r in rows:
        if r.customs_status == CustomsStatus.BONDED.value:
            per_sku[r.sku_id] += r.quantity
    units = sum(per_sku.values())
    record(session, actor, "parcel.gate", "parcel", parcel.code, manifest=doc_no, units=units)
    load.postings += [
        ledger.Posting(
            ledger.item_for(session, parcel.warehouse_id, sku_id).id,
            ledger.EntryKind.WRITE_OFF,
            -qty,
            "manifest",
            doc_no,
        )
        for sku_id, qty in sorted(per_sku.items())
    ]
    load.gone[parcel.id] = parcel
    return parcel


def _write(session: Session, actor: Actor, load: _Load) -> None:
    """The accepted parcels' manifests, goods, ledger entries, parcels and orders."""
    if not load.gone:
        return
    manifests = [load.manifests[p.order_id] for p in load.gone.values()]
    now = utcnow()
    done = session.scalars(
        update(Manifest)
        .where(
            one_of(session, Manifest.id, [m.id for m in manifests]), Manifest.status == "released"
        )
        .values(status="written_off", written_off_at=now)
        .returning(Manifest.id)
        .execution_options(synchronize_session=False)
    ).all()
    if len(done) != len(manifests):  # the rows are locked: only a broken lock gets here
        raise Conflict("E_ALREADY_WRITTEN_OFF", "A manifest of this load was written off already.")
    session.execute(
        update(Stock)
        .where(one_of(session, Stock.id, _bonded_rows(load)))
        .values(customs_status=CustomsStatus.WRITTEN_OFF.value, status=Status.SHIPPED.value)
        .execution_options(synchronize_session=False)
    )
    ledger.post_many(session, actor, load.postings)
    _shipped(session, load.gone.values(), now)
    for manifest in manifests:
        set_committed_value(manifest, "status", "written_off")
        set_committed_value(manifest, "written_off_at", now)


def _bonded_rows(load: _Load) -> list[int]:
    bonded = CustomsStatus.BONDED.value
    return [
        r.id for pid in load.gone for r in load.goods.get(pid, []) if r.customs_status == bonded
    ]


def _shipped(session: Session, parcels: Iterable[Parcel], now: object) -> None:
    """Parcels and their orders shipped: two set-based UPDATEs for the lot."""
    gone = list(parcels)
    session.execute(
        update(Parcel)
        .where(one_of(session, Parcel.id, [p.id for p in gone]))
        .values(status="shipped", shipped_at=now)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(RetailOrder)
        .where(one_of(session, RetailOrder.id, [p.order_id for p in gone]))
        .values(status="shipped")
        .execution_options(synchronize_session=False)
    )
    for parcel in gone:
        set_committed_value(parcel, "status", "shipped")
        set_committed_value(parcel, "shipped_at", now)
        order = session.identity_map.get(session.identity_key(RetailOrder, parcel.order_id))
        if isinstance(order, RetailOrder):
            set_committed_value(order, "status", "shipped")


def _holds_of(session: Session, codes: list[str]) -> dict[str, holds.Hold]:
    """The first active hold on each of these parcels (by hold id), in one query."""
    found: dict[str, holds.Hold] = {}
    for hold in session.scalars(
        select(holds.Hold)
        .where(
            holds.Hold.subject_type == "parcel",
            one_of(session, holds.Hold.subject_id, codes),
            holds.Hold.active.is_(True),
        )
        .order_by(holds.Hold.id)
    ):
        found.setdefault(hold.subject_id, hold)
    return found
