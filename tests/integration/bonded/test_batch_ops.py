"""Batch use cases of the floor: documents in, pick scans, the pack line, the gate. Each item
is answered on its own with a stable code, and the ledger, stock and audit trail stay whole."""

from __future__ import annotations

import random
from dataclasses import replace

from apiflask import APIFlask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.extensions import db
from config.settings import Policy
from warehouse.access.audit import SYSTEM
from warehouse.access.audit_chain import load_chain, verify_chain
from warehouse.bonded import check, demo
from warehouse.bonded.holds import Hold
from warehouse.customs import intake, orders, receipts
from warehouse.customs.documents import Receipt
from warehouse.customs.models import CebDocument, RetailOrder
from warehouse.errors import DomainError
from warehouse.fulfilment import gate, packline, pickbatch, picking, waves
from warehouse.fulfilment.models import LabelRequest, Parcel, PickTask
from warehouse.masterdata import service as md
from warehouse.masterdata.models import Sku

POLICY = Policy()


def codes(results: list[object]) -> list[str]:
    return [r.code if isinstance(r, DomainError) else "ok" for r in results]


def seeded(session: Session) -> demo.Demo:
    plan = demo.seed_masterdata(session, bins=12)
    demo.stock_up(session, plan, 20)
    session.commit()
    return plan


def released_wave(session: Session, plan: demo.Demo, count: int) -> list[PickTask]:
    """``count`` orders taken in, declared, released and put in one wave: its tasks."""
    rng = random.Random(11)
    trios = [demo.make_order(rng, plan, n, POLICY, max_units=2) for n in range(count)]
    assert codes(intake.receive_batch(session, SYSTEM, demo.WAREHOUSE, trios)) == ["ok"] * count
    nos = [t[0].order_no for t in trios]
    orders.declare_batch(session, SYSTEM, nos, orders.Context(POLICY))
    receipts.apply_receipts(session, SYSTEM, [Receipt(no, "I" + no, "800") for no in nos])
    session.commit()
    wave = waves.create_wave(session, SYSTEM, md.warehouse(session, demo.WAREHOUSE).id, count)
    assert wave is not None
    session.commit()
    return [task for task, _bin in waves.tasks_of(session, wave.id)]


def test_documents_batch_keeps_each_order_whole(app: APIFlask) -> None:
    """An order refused in a documents batch leaves none of its documents; the others stay."""
    with app.app_context(), Session(db.engine) as s:
        plan = seeded(s)
        rng = random.Random(3)
        trios = [demo.make_order(rng, plan, n, POLICY) for n in range(4)]
        orders.receive_payment(s, SYSTEM, trios[1][1])  # its payment came in before
        s.commit()
        order = trios[2][0]
        unknown = replace(order, lines=[replace(order.lines[0], item_no="NO-SUCH-SKU")])
        batch = [trios[0], trios[1], (unknown, *trios[2][1:]), trios[3], trios[3]]
        done = intake.receive_batch(s, SYSTEM, demo.WAREHOUSE, batch)
        s.commit()
        assert codes(done) == [
            "ok",
            "E_DOCUMENT_EXISTS",
            "E_UNKNOWN_SKU",
            "ok",
            "E_DOCUMENT_EXISTS",
        ]
        kept = {no for (no,) in s.execute(select(RetailOrder.order_no))}
        assert kept == {trios[0][0].order_no, trios[3][0].order_no}
        docs = s.execute(select(CebDocument.order_no, func.count()).group_by(CebDocument.order_no))
        nos = [t[0].order_no for t in trios]
        assert dict(docs.all()) == {nos[0]: 3, nos[1]: 1, nos[3]: 3}
        chain = load_chain(s)
        assert [r.action for r in chain].count("order.receive") == 2
        assert verify_chain(chain) == []


def test_pick_scans_uploaded_together_are_answered_one_by_one(app: APIFlask) -> None:
    """A batch of pick scans: each accepted one moves its units, an over-pick or an unknown
    task is refused alone, and every parcel whose tasks are done is picked."""
    with app.app_context(), Session(db.engine) as s:
        tasks = released_wave(s, seeded(s), 3)
        scans = [pickbatch.PickScan(t.id, t.qty) for t in tasks]
        extra = [pickbatch.PickScan(tasks[0].id, 1), pickbatch.PickScan(999_999, 1)]
        done = pickbatch.pick_batch(s, SYSTEM, [*scans, *extra])
        s.commit()
        assert codes(done) == ["ok"] * len(scans) + ["E_OVER_PICK", "E_NO_TASK"]
        assert set(s.scalars(select(Parcel.status))) == {"picked"}
        assert set(s.scalars(select(PickTask.status))) == {"done"}
        assert check.differences(s) == []
        assert verify_chain(load_chain(s)) == []


def test_a_pick_scan_naming_an_unknown_item_is_unknown_sku(app: APIFlask) -> None:
    """The scanned item is looked up as master data does: unknown is E_UNKNOWN_SKU, another
    registered SKU is E_WRONG_ITEM, the task's own GTIN is accepted."""
    with app.app_context(), Session(db.engine) as s:
        task = released_wave(s, seeded(s), 1)[0]
        sku = md.sku(s, task.sku_id)
        other = s.scalar(select(Sku.code).where(Sku.id != sku.id).limit(1))
        for scanned, code in (("NO-SUCH-ITEM", "E_UNKNOWN_SKU"), (other, "E_WRONG_ITEM")):
            try:
                picking.pick(s, SYSTEM, task.id, 1, sku_code=scanned)
            except DomainError as exc:
                assert exc.code == code
            else:
                raise AssertionError(f"{scanned} was accepted")
            s.rollback()
        assert picking.pick(s, SYSTEM, task.id, 1, sku_code=sku.gtin).picked == 1


def test_a_batch_pick_scan_checks_the_bin_and_item_it_names(app: APIFlask) -> None:
    """In a batch, a scan naming another bin or item is refused alone and moves nothing; a scan
    naming the task's bin and GTIN is picked."""
    with app.app_context(), Session(db.engine) as s:
        tasks = released_wave(s, seeded(s), 2)
        first, second = tasks[0], tasks[1]
        sku = md.sku(s, first.sku_id)
        other = s.scalar(select(Sku.code).where(Sku.id != sku.id).limit(1))
        scans = [
            pickbatch.PickScan(first.id, 1, sku_code="NO-SUCH-ITEM"),
            pickbatch.PickScan(first.id, 1, sku_code=other),
            pickbatch.PickScan(first.id, 1, bin_code="NO-SUCH-BIN"),
            pickbatch.PickScan(second.id, 1, sku_code=md.sku(s, second.sku_id).gtin),
        ]
        done = pickbatch.pick_batch(s, SYSTEM, scans)
        s.commit()
        assert codes(done) == ["E_UNKNOWN_SKU", "E_WRONG_ITEM", "E_WRONG_BIN", "ok"]
        assert s.get(PickTask, first.id).picked == 0
        assert s.get(PickTask, second.id).picked == 1
        assert check.differences(s) == []


def test_pack_line_packs_in_tolerance_and_holds_the_rest(app: APIFlask) -> None:
    """On the pack line a parcel in tolerance is packed with a label request; one out of
    tolerance is held for its weight (frozen on the ledger) and refused when weighed again."""
    with app.app_context(), Session(db.engine) as s:
        tasks = released_wave(s, seeded(s), 3)
        pickbatch.pick_batch(s, SYSTEM, [pickbatch.PickScan(t.id, t.qty) for t in tasks])
        s.commit()
        parcels = list(s.scalars(select(Parcel).order_by(Parcel.id)))
        weighings = [
            packline.LineWeighing(parcels[0].code, parcels[0].expected_g + 50, 50),
            packline.LineWeighing(parcels[1].code, parcels[1].expected_g * 2 + 100),
            packline.LineWeighing("NO-SUCH-PARCEL", 100),
        ]
        done = packline.pack_batch(s, SYSTEM, "LINE-01", weighings, POLICY)
        s.commit()
        assert codes(done) == ["ok", "ok", "E_UNKNOWN_CODE"]
        assert [d.code for d in done[:2] if not isinstance(d, DomainError)] == [
            "OK",
            "E_OVERWEIGHT",
        ]
        again = packline.pack_batch(s, SYSTEM, "LINE-01", weighings[1:2], POLICY)
        assert codes(again) == ["E_ON_HOLD"]
        s.commit()
        assert s.scalar(select(func.count()).select_from(LabelRequest)) == 1
        assert s.scalar(select(Hold.reason).where(Hold.subject_id == parcels[1].code)) == "weight"
        assert check.differences(s) == []
        shipped = gate.gate_out_batch(s, SYSTEM, [p.code for p in parcels])
        s.commit()
        assert codes(shipped) == ["ok", "E_CUSTOMS_HOLD", "E_NOT_PACKED"]
        assert check.differences(s) == []
        assert verify_chain(load_chain(s)) == []


def test_a_single_gate_scan_raises_what_the_batch_answers(app: APIFlask) -> None:
    """gate_out is the batch of one: a refusal is raised with the batch's code."""
    with app.app_context(), Session(db.engine) as s:
        released_wave(s, seeded(s), 1)
        code = s.scalar(select(Parcel.code))
        try:
            gate.gate_out(s, SYSTEM, code)
        except DomainError as exc:
            assert exc.code == "E_NOT_PACKED"
        else:
            raise AssertionError("an unpacked parcel left")
