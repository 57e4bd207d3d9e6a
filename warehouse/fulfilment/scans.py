"""Scan handlers of fulfilment: ``pick``, ``pack``, ``inspect``, ``gate``, and the scale."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from config.settings import Policy
from warehouse.access.audit import Actor, record
from warehouse.answers import actor_of, guarded
from warehouse.bonded import holds
from warehouse.bonded.stock import Stock
from warehouse.customs.manifest import manifest_of
from warehouse.errors import Invalid
from warehouse.fulfilment import gate, packing, picking
from warehouse.fulfilment.parcels import parcel_by_code
from warehouse.masterdata import service as md
from warehouse.masterdata.zones import Zone
from warehouse.scanning import Answer, Scan, Weighing, handles, handles_weighing
from warehouse.trace import parse_code

POLICY = Policy()


@handles("pick")
@guarded
def on_pick(session: Session, scan: Scan) -> Answer:
    """One unit scanned at a bin: picked into its order's parcel."""
    if not scan.location:
        raise Invalid("E_NO_LOCATION", "Scan the bin before the item.")
    gtin = parse_code(scan.code).gtin
    if gtin is None:
        raise Invalid("E_UNKNOWN_CODE", f"{scan.code!r} is not a product code.")
    if not scan.task:
        task_id = picking.task_at(session, scan.location, md.sku_by_code(session, gtin)).id
    elif md.is_id(scan.task):
        task_id = int(scan.task)
    else:
        raise Invalid("E_NO_TASK", f"No pick task {scan.task}.")
    done = picking.pick(session, actor_of(scan), task_id, 1, scan.location, gtin)
    left = done.qty - done.picked
    return Answer.ok(
        f"Picked 1; {left} more here." if left else "Task done.",
        next={"op": "pick", "task": str(done.id)} if left else {"op": "pick"},
    )


@handles("pack")
@guarded
def on_pack(session: Session, scan: Scan) -> Answer:
    """A parcel scanned at a pack station: put it on the scale."""
    station = scan.location or scan.device
    parcel = packing.present(session, actor_of(scan), station, scan.code)
    return Answer.ok(
        f"Parcel {parcel.code}: put it on the scale.",
        next={"op": "weigh", "station": station},
        expected_g=parcel.expected_g,
    )


@handles_weighing
@guarded
def on_weighing(session: Session, weighing: Weighing) -> Answer:
    actor = Actor(weighing.device, f"device:{weighing.device}")
    got = packing.weigh(session, actor, weighing.station, weighing.gross_g, weighing.tare_g, POLICY)
    details = {"parcel": got.parcel, "net_g": got.net_g, "expected_g": got.expected_g}
    if not got.ok:
        return Answer(
            "error",
            got.code,
            f"Parcel {got.parcel}: {got.net_g} g, expected "
            f"{got.expected_g} ± {got.tolerance_g} g. Held: repack and call a "
            "supervisor.",
            None,
            details,
        )
    return Answer.ok(f"Parcel {got.parcel} packed; label printing.", next={"op": "gate"}, **details)


@handles("gate")
@guarded
def on_gate(session: Session, scan: Scan) -> Answer:
    parcel = gate.gate_out(session, actor_of(scan), scan.code)
    return Answer.ok(f"Parcel {parcel.code} released and written off: let it go.")


@handles("inspect")
@guarded
def on_inspect(session: Session, scan: Scan) -> Answer:
    """A parcel brought to the customs inspection area."""
    parcel = parcel_by_code(session, scan.code)
    area = md.zone_bin(session, parcel.warehouse_id, Zone.INSPECTION)
    session.execute(update(Stock).where(Stock.parcel_id == parcel.id).values(bin_id=area.id))
    manifest = manifest_of(session, parcel.order_id)
    reasons = [h.reason for h in holds.active_holds(session, "parcel", parcel.code)]
    record(session, actor_of(scan), "parcel.inspect", "parcel", parcel.code, bin=area.code)
    return Answer.ok(
        f"Parcel {parcel.code} in {area.code}; customs status "
        f"{manifest.status if manifest else 'undeclared'}.",
        holds=reasons,
    )
