"""The returns station: a counter with a scanner and a scale. Scan a returned parcel, see whose
order it was and its clocks, grade it, dispose of it, print the paperwork.

The page calls the returns API (session cookie, X-CSRFToken). What it shows of a return comes
from here, masked (order number and buyer; never the ID number), in the reader's language.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from flask import jsonify, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from sqlalchemy import select

from app.extensions import db_session
from app.web import web
from app.web.screens import SCREENS, Screen, require_role
from config.settings import Policy
from warehouse.access.roles import Role
from warehouse.bonded.ledger import LedgerEntry, LedgerItem
from warehouse.customs.models import BuyerYear, RetailOrder
from warehouse.db import utcnow
from warehouse.errors import DomainError
from warehouse.masterdata.models import Sku
from warehouse.returns import grading, requests
from warehouse.returns.clocks import days_left
from warehouse.returns.deadlines import deadlines
from warehouse.returns.models import ReturnRequest, TaxRefund

STATION = frozenset({Role.RETURNS, Role.SUPERVISOR})
WARN_DAYS = 7.0
LOCAL = timezone(timedelta(hours=8))  # the pilot zone's clocks (China Standard Time)
POLICY = Policy()

SCREENS.append(
    Screen(
        "web.returns_station",
        _l("Returns station"),
        _l("Scan a returned parcel, check its clocks, grade it and decide where it goes."),
        STATION,
        "↺",
    )
)


def mask_order(order_no: str) -> str:
    return order_no if len(order_no) <= 6 else order_no[:3] + "…" + order_no[-4:]


def mask_name(name: str) -> str:
    return (name[:1] + "*" * max(len(name) - 1, 1)) if name else "—"


def day(moment: datetime | None) -> str:
    return moment.astimezone(LOCAL).strftime("%Y-%m-%d") if moment else ""


def colour(left: float) -> str:
    return "red" if left < 0 else "amber" if left <= WARN_DAYS else "green"


def reason_words() -> dict[str, str]:
    return {
        "late_application": _("Applied for after the %(n)s-day application window")
        % {"n": POLICY.return_apply_days},
        "late_arrival": _("Arrived after the %(n)s-day arrival window")
        % {"n": POLICY.return_arrival_days},
        "not_from_this_zone": _("Not released from this zone's bonded ledger"),
        "consumed": _("The goods were used"),
        "seal_opened": _("The seal is broken on goods whose seal matters"),
        "damaged": _("Graded damaged"),
    }


def station_text() -> dict[str, Any]:
    return {
        "ready": _("Ready: scan a returned parcel"),
        "checking": _("Checking…"),
        "received": _("Received: grade it"),
        "refused": _("Refuse the parcel"),
        "error": _("Not accepted"),
        "offline": _("No connection: scan again"),
        "relogin": _("Session ended: log in again"),
        "codes": {
            "E_RETURN_LATE": _("Too late: refuse the parcel"),
            "E_NOT_THIS_ZONE": _("Not from this zone: refuse the parcel"),
            "E_NOT_SHIPPED": _("This parcel never left"),
            "E_UNKNOWN_PARCEL": _("Unknown label: scan the parcel label"),
            "E_ALREADY_RECEIVED": _("Already received"),
            "E_RETURN_EXISTS": _("A return exists already"),
            "E_NOT_ELIGIBLE": _("Not eligible for restock"),
            "E_NO_EVIDENCE": _("Give a certificate number or a photo"),
            "E_NO_WAYBILL": _("Give the export waybill"),
            "E_PHOTO_SIZE": _("Photo too large (at most 5 MiB)"),
            "E_PHOTO_TYPE": _("Not a JPEG, PNG or WebP photo"),
            "E_NOT_RECEIVED": _("Scan the parcel first"),
        },
        "reasons": reason_words(),
        "must_by": _("Had to arrive by %(date)s"),
        "apply_by": _("Had to be applied for by %(date)s"),
        "eligible": _("Eligible for restock"),
        "graded": _("Graded: choose what happens to it"),
        "uploaded": _("%(n)s photos"),
        "uploading": _("Uploading photo…"),
        "done": _("Done: paperwork below"),
        "customs_waiting": _("Declared to customs (CEB625): restocked when customs approves"),
        "customs_refused": _("Customs refused the return: it stays out of bonded stock"),
        "kinds": kind_words(),
        "confirm": _("Confirm: %(kind)s, return %(no)s"),
        "days": _("%(n)s days left"),
        "overdue": _("%(n)s days late"),
        "d": _("%(n)s d"),
        "clocks": {"approaching": _("approaching"), "missed": _("missed")},
        "none_due": _("None due within 7 days."),
    }


def kind_words() -> dict[str, str]:
    return {
        "restock": _("Restock into bonded stock"),
        "destroy": _("Destroy"),
        "return_abroad": _("Return abroad"),
        "hold_for_seller": _("Hold for the seller"),
    }


def clock(by: datetime, at: datetime) -> dict[str, Any]:
    left = days_left(by, at)
    return {"by": day(by), "days_left": left, "colour": colour(left)}


def paperwork(ret: ReturnRequest) -> dict[str, Any]:
    session = db_session()
    rows = session.execute(
        select(LedgerEntry, Sku.code)
        .join(LedgerItem, LedgerItem.id == LedgerEntry.item_id)
        .join(Sku, Sku.id == LedgerItem.sku_id)
        .where(LedgerEntry.doc_no == ret.no)
        .order_by(LedgerEntry.id)
    ).all()
    entries = [
        {"sku": sku, "kind": e.kind, "qty": e.quantity, "balance": e.balance_after, "doc": e.doc_no}
        for e, sku in rows
    ]
    refund = session.scalar(select(TaxRefund).where(TaxRefund.return_id == ret.id))
    out: dict[str, Any] = {"ledger": entries, "refund": None, "ceb625": None}
    if refund is not None:
        total = session.scalar(
            select(BuyerYear.total_fen).where(
                BuyerYear.id_number == refund.buyer_id_number, BuyerYear.year == refund.year
            )
        )
        limit = round(POLICY.annual_limit_cny * 100)
        out["refund"] = {
            "duty": refund.duty_fen,
            "ct": refund.ct_fen,
            "vat": refund.vat_fen,
            "total": refund.total_fen,
            "quota": refund.quota_fen,
            "year": refund.year,
            "year_left": limit - int(total or 0),
        }
    if ret.ceb625_xml:
        out["ceb625"] = url_for("api.ret_get_ceb625", no=ret.no)
    return out


def view(ret: ReturnRequest) -> dict[str, Any]:
    """One return as the counter sees it: masked, with its clocks, reasons and records."""
    order = db_session().get_one(RetailOrder, ret.order_id)
    words = reason_words()
    return {
        "no": ret.no,
        "order": mask_order(order.order_no),
        "buyer": mask_name(order.buyer_name),
        "released": day(ret.released_at),
        "apply": clock(ret.apply_by, ret.applied_at),
        "arrive": clock(ret.arrive_by, ret.received_at or utcnow()),
        "status": ret.status,
        "grade": ret.grade,
        "reasons": [{"code": r, "text": words.get(r, r)} for r in ret.reasons or []],
        "suggestion": grading.suggestion(ret) if ret.status == "graded" else None,
        "disposition": ret.disposition,
        "customs": {"status": ret.customs_status, "info": ret.customs_info},
        "value": ret.value_fen,
        "paperwork": paperwork(ret),
        "today": day(utcnow()),
    }


def deadline_rows() -> list[dict[str, Any]]:
    found = deadlines(db_session(), utcnow(), WARN_DAYS, POLICY, 0, 50, ("arrive", "declare"))
    found.sort(key=lambda d: d.days_left)
    return [
        {
            "no": d.no,
            "kind": d.kind,
            "order": mask_order(d.order_no),
            "buyer": mask_name(d.buyer),
            "by": day(d.due_at),
            "days_left": d.days_left,
            "clock": d.clock,
        }
        for d in found
    ]


@web.get("/returns-station")
@login_required
def returns_station() -> ResponseReturnValue:
    require_role(STATION)
    return render_template(
        "returns_station.html",
        text=station_text(),
        kinds=kind_words(),
        deadlines=deadline_rows(),
    )


@web.get("/returns-station/returns/<no>")
@login_required
def returns_station_view(no: str) -> ResponseReturnValue:
    require_role(STATION)
    try:
        ret = requests.by_no(db_session(), no[:32])
    except DomainError as exc:
        return jsonify({"code": exc.code, "detail": exc.message}), 404
    return jsonify(view(ret))


@web.get("/returns-station/deadlines")
@login_required
def returns_station_deadlines() -> ResponseReturnValue:
    require_role(STATION)
    return jsonify({"items": deadline_rows()})
