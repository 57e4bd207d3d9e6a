"""Acting on a plan from its page: report a disruption (-> a re-plan), issue a bill of lading."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.api.plans import enqueue
from app.extensions import db, db_session
from app.security import actor
from app.web import web
from app.web.dispatch import disruption_form, plan_context, require_planner
from app.web.dispatch_forms import BillForm, DisruptionForm
from app.web.dispatch_view import bills_of, short_time, stops
from routing.fields import format_time
from warehouse.errors import DomainError
from warehouse.multimodal import bills, disruptions, jobs
from warehouse.multimodal.bills import planned_shipment
from warehouse.multimodal.models import PlanJob

DEFAULT_MTO = "Silkhub Multimodal Transport Operator"


def event_body(form: DisruptionForm) -> dict[str, Any]:
    """The API's disruption body from the form's fields for the chosen kind, and ``now``."""
    body = _kind_fields(form)
    if form.now.data:
        body["now"] = format_time(form.now.data)
    return body


def _kind_fields(form: DisruptionForm) -> dict[str, Any]:
    kind = form.kind.data
    if kind == "close_hub":
        start = form.start.data
        return {"kind": kind, "hub": form.hub.data,
                "from": format_time(start) if start else ""}  # fmt: skip
    service, _sep, depart = (form.departure.data or "").partition("|")
    body: dict[str, Any] = {"kind": kind, "service": service, "depart": depart}
    if kind == "delay_departure":
        body["delay_h"] = form.delay_h.data
    return body


def _replan_error(job: PlanJob, form: DisruptionForm, message: str) -> ResponseReturnValue:
    return render_template(
        "dispatch/plan.html", disrupt=form, disrupt_error=message, short_time=short_time,
        **plan_context(job),
    ), 422  # fmt: skip


@web.post("/dispatch/plans/<int:job_id>/disruptions")
@login_required
def dispatch_disrupt(job_id: int) -> ResponseReturnValue:
    require_planner()
    job = jobs.get_job(db_session(), job_id)
    form = disruption_form(job, DisruptionForm())
    if not form.validate_on_submit():
        return _replan_error(job, form, _("Check the fields of the disruption."))
    try:
        replan = disruptions.submit(
            db_session(), actor(), job.id, event_body(form), float(form.time_limit_s.data or 5), 0
        )
        enqueue(replan)
    except DomainError as exc:
        db.session.rollback()
        issues = "; ".join(i.get("message", "") for i in exc.details.get("issues", []))
        return _replan_error(job, form, f"{exc.message} {issues}".strip())
    return redirect(url_for("web.dispatch_plan", job_id=replan.id))


def _bill_page(job: PlanJob, sid: str, form: BillForm, error: str | None = None) -> Any:
    try:
        item = planned_shipment(job, sid)
    except DomainError:
        abort(404)
    doc: dict[str, Any] = next(
        (s for s in job.shipments.get("shipments", []) if s["id"] == sid), {}
    )
    return render_template(
        "dispatch/bill_form.html", job=job, item=item, doc=doc, form=form, error=error,
        stops=stops(item), short_time=short_time,
    ), 422 if error else 200  # fmt: skip


def _require_dispatcher(job_id: int, sid: str) -> PlanJob:
    if current_user.role != "dispatcher":
        abort(403)
    job = jobs.get_job(db_session(), job_id)
    number = bills_of(db_session(), job).get(sid)
    if number:
        abort(redirect(url_for("web.bill_of_lading", number=number)))
    return job


@web.get("/dispatch/plans/<int:job_id>/shipments/<string(maxlength=64):sid>/bill")
@login_required
def dispatch_bill_form(job_id: int, sid: str) -> ResponseReturnValue:
    job = _require_dispatcher(job_id, sid)
    return _bill_page(job, sid, BillForm())


@web.post("/dispatch/plans/<int:job_id>/shipments/<string(maxlength=64):sid>/bill")
@login_required
def dispatch_bill_issue(job_id: int, sid: str) -> ResponseReturnValue:
    job = _require_dispatcher(job_id, sid)
    form = BillForm()
    if not form.validate_on_submit():
        return _bill_page(job, sid, form, _("Check the highlighted fields."))
    new = bills.NewBill(
        plan_job_id=job.id, shipment_id=sid, consignor=form.consignor.data or "",
        consignee=form.consignee.data or "", notify_party=form.notify_party.data or None,
        marks_and_numbers=form.marks_and_numbers.data or "",
        packages_number=form.packages_number.data or 1,
        packages_kind=form.packages_kind.data or "", place_of_issue=form.place_of_issue.data or "",
        description_of_goods=form.description_of_goods.data or "", mto=DEFAULT_MTO,
    )  # fmt: skip
    prefix = current_app.extensions["silkhub.settings"].gs1_company_prefix
    try:
        bill = bills.issue(db_session(), actor(), new, prefix)
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        return _bill_page(job, sid, form, exc.message)
    return redirect(url_for("web.bill_of_lading", number=bill.number))
