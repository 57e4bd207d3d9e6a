"""Scan operation ``lookup`` answered a run of scans at a time, for the device gateway.

The single-scan handler (:func:`warehouse.bonded.lookup.on_lookup`) asks for a parcel, then a
bin, then a SKU, in a savepoint: six statements per scan, so a gateway batch of 500 lookups
waited on 3,000 database round trips. Here each of those questions is asked once for the
whole run (``IN`` lists) and every scan gets the answer ``on_lookup`` would give it; a test
holds the two to the same answers. Nothing is written, so no savepoint is needed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from warehouse.bonded.stock import CustomsStatus, Stock
from warehouse.customs.manifest import Manifest
from warehouse.customs.models import RetailOrder
from warehouse.fulfilment.models import Parcel
from warehouse.masterdata.models import Bin, Sku
from warehouse.scanning import Answer, Scan, handles_runs
from warehouse.sql import one_of
from warehouse.trace import parse_code
from warehouse.trace.errors import TraceError

CHUNK = 500  # codes per IN list
BONDED = CustomsStatus.BONDED.value


@dataclass(frozen=True)
class _Sku:
    id: int
    code: str
    name: str
    hs_code: str


@handles_runs("lookup")
def on_lookups(session: Session, scans: Sequence[Scan]) -> list[Answer]:
    codes = list(dict.fromkeys(scan.code for scan in scans))
    answers = _parcels(session, codes)
    answers.update(_bins(session, [c for c in codes if c not in answers]))
    answers.update(_skus(session, [c for c in codes if c not in answers]))
    return [answers.get(scan.code) or _unknown(scan.code) for scan in scans]


def _unknown(code: str) -> Answer:
    return Answer.error("E_UNKNOWN_CODE", f"{code!r} is not known here.")


def _chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def _parcels(session: Session, codes: list[str]) -> dict[str, Answer]:
    """By parcel code first, then by order number (``parcel_by_code``)."""
    found: dict[str, Any] = {}
    for chunk in _chunks(codes):
        columns = (Parcel.code, Parcel.status, Parcel.order_id)
        rows = session.execute(select(*columns).where(one_of(session, Parcel.code, chunk)))
        found.update({r.code: r for r in rows})
    by_order = [c for c in codes if c not in found]
    for chunk in _chunks(by_order):
        rows = session.execute(
            select(RetailOrder.order_no, Parcel.code, Parcel.status, Parcel.order_id)
            .join(RetailOrder, RetailOrder.id == Parcel.order_id)
            .where(one_of(session, RetailOrder.order_no, chunk))
        )
        found.update({r.order_no: r for r in rows})
    customs = _customs(session, [r.order_id for r in found.values()])
    answers = {}
    for code, parcel in found.items():
        status = customs.get(parcel.order_id, "undeclared")
        answers[code] = Answer.ok(
            f"Parcel {parcel.code}: {parcel.status}, customs {status}.",
            kind="parcel",
            status=parcel.status,
            customs_status=status,
        )
    return answers


def _customs(session: Session, order_ids: list[int]) -> dict[int, str]:
    statuses: dict[int, str] = {}
    for chunk in _chunks(sorted(set(order_ids))):
        rows = session.execute(
            select(Manifest.order_id, Manifest.status).where(
                one_of(session, Manifest.order_id, chunk)
            )
        )
        statuses.update({r.order_id: r.status for r in rows})
    return statuses


def _bins(session: Session, codes: list[str]) -> dict[str, Answer]:
    found: dict[str, Any] = {}
    for chunk in _chunks(codes):
        columns = (Bin.id, Bin.code, Bin.zone, Bin.capacity)
        found.update(
            {
                r.code: r
                for r in session.execute(select(*columns).where(one_of(session, Bin.code, chunk)))
            }
        )
    units = _bonded_units(session, [b.id for b in found.values()])
    answers = {}
    for code, bin_ in found.items():
        held = units.get(bin_.id, 0)
        answers[code] = Answer.ok(
            f"Bin {bin_.code} ({bin_.zone}): {held} of {bin_.capacity} units.",
            kind="bin",
            zone=bin_.zone,
            units=int(held or 0),
        )
    return answers


def _bonded_units(session: Session, bin_ids: list[int]) -> dict[int, int]:
    units: dict[int, int] = {}
    for chunk in _chunks(sorted(set(bin_ids))):
        rows = session.execute(
            select(Stock.bin_id, func.coalesce(func.sum(Stock.quantity), 0))
            .where(one_of(session, Stock.bin_id, chunk), Stock.customs_status == BONDED)
            .group_by(Stock.bin_id)
        )
        units.update({bin_id: held for bin_id, held in rows})
    return units


def _skus(session: Session, codes: list[str]) -> dict[str, Answer]:
    """By SKU code or GTIN of what the code carries (``sku_by_code``), with bonded stock."""
    answers: dict[str, Answer] = {}
    wanted: dict[str, str] = {}  # scanned code -> SKU code or GTIN looked for
    for code in codes:
        try:
            wanted[code] = parse_code(code).gtin or code
        except TraceError as exc:
            answers[code] = Answer.error(exc.code, f"Cannot read the code: {exc.reason}.")
    skus = _skus_by_code(session, sorted(set(wanted.values())))
    bins = _bins_holding(session, [s.id for s in skus.values()])
    for code, key in wanted.items():
        sku = skus.get(key)
        if sku is None:
            continue
        rows = bins.get(sku.id, [])
        where = ", ".join(f"{b}: {q}" for b, q in rows) or "none in stock"
        answers[code] = Answer.ok(
            f"{sku.code} {sku.name} (HS {sku.hs_code}): {where}.",
            kind="sku",
            bins={b: int(q) for b, q in rows},
        )
    return answers


def _skus_by_code(session: Session, keys: list[str]) -> dict[str, _Sku]:
    """SKUs by code, else (an all-digit key) by GTIN padded to 14 digits."""
    columns = (Sku.id, Sku.code, Sku.name, Sku.hs_code, Sku.gtin)
    found: dict[str, _Sku] = {}
    for chunk in _chunks(keys):
        for r in session.execute(select(*columns).where(one_of(session, Sku.code, chunk))):
            found[r.code] = _Sku(r.id, r.code, r.name, r.hs_code)
    by_gtin: dict[str, list[str]] = {}
    for key in keys:
        if key not in found and key.isdigit():
            by_gtin.setdefault(key.zfill(14), []).append(key)
    for chunk in _chunks(sorted(by_gtin)):
        for r in session.execute(select(*columns).where(one_of(session, Sku.gtin, chunk))):
            found.update({key: _Sku(r.id, r.code, r.name, r.hs_code) for key in by_gtin[r.gtin]})
    return found


def _bins_holding(session: Session, sku_ids: list[int]) -> dict[int, list[tuple[str, int]]]:
    """Per SKU: (bin code, bonded units) of the bins holding some, by bin code."""
    held: dict[int, list[tuple[str, int]]] = {}
    for chunk in _chunks(sorted(set(sku_ids))):
        rows = session.execute(
            select(Stock.sku_id, Bin.code, func.sum(Stock.quantity))
            .join(Bin, Bin.id == Stock.bin_id)
            .where(
                one_of(session, Stock.sku_id, chunk),
                Stock.customs_status == BONDED,
                Stock.quantity > 0,
            )
            .group_by(Stock.sku_id, Bin.code)
            .order_by(Stock.sku_id, Bin.code)
        )
        for sku_id, bin_code, units in rows:
            held.setdefault(sku_id, []).append((bin_code, units))
    return held
