"""The dispatcher console: plan jobs, start a plan, and a plan's page (progress, map, Gantt)."""

from __future__ import annotations

import json
from typing import Any

from flask import abort, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user, login_required
from werkzeug.datastructures import FileStorage

from app.api.plans import enqueue
from app.extensions import db, db_session
from app.i18n import current_locale
from app.security import actor
from app.web import web
from app.web.dispatch_forms import DisruptionForm, PlanForm
from app.web.dispatch_gantt import GanttView, build_gantt
from app.web.dispatch_map import Box, MapView, build_map
from app.web.dispatch_view import (
    bills_of,
    child_of,
    departures,
    hubs_used,
    recent_jobs,
    rows,
    short_time,
    summary,
)
from app.web.screens import SCREENS, Screen
from routing.generate import generate
from routing.shipments import shipments_to_dict
from warehouse.access.roles import Role
from warehouse.errors import DomainError
from warehouse.multimodal import jobs
from warehouse.multimodal.inputs import SEED_NAME, parse_inputs, seed_network
from warehouse.multimodal.models import PlanJob

PLANNERS = frozenset({"dispatcher", "supervisor"})
MODE_NAMES = {"air": _l("Air"), "rail": _l("Rail"), "sea": _l("Sea"), "road": _l("Road")}
EAST_ASIA = Box(99.0, 147.0, 19.0, 46.0)
EUROPE = Box(1.0, 42.0, 47.5, 61.5)


SCREENS.append(
    Screen(
        "web.dispatch_console",
        _l("Dispatch"),
        _l("Plan and re-plan multimodal routes, quote, issue bills of lading."),
        frozenset({Role.DISPATCHER, Role.SUPERVISOR}),
        "⇄",
    )
)


def mode_name(mode: str) -> str:
    return str(MODE_NAMES.get(mode, mode))


def require_planner() -> None:
    if current_user.role not in PLANNERS:
        abort(403)


def _read_json(upload: FileStorage | None) -> Any:
    if upload is None or not upload.filename:
        return None
    try:
        return json.loads(upload.read().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DomainError("E_JSON", _("%(name)s is not JSON: %(error)s", name=upload.filename,
                                      error=str(exc))) from exc  # fmt: skip


def _inputs(form: PlanForm) -> tuple[Any, dict[str, Any]]:
    """(network: a document or "seed", shipments document) from the form."""
    network = _read_json(form.network_file.data) or SEED_NAME
    if form.source.data == "upload":
        shipments = _read_json(form.shipments_file.data)
        if shipments is None:
            raise DomainError("E_NO_FILE", _("Choose a shipments file to upload."))
        return network, shipments
    demand = generate(seed_network()[0], form.count.data or 12, seed=form.seed.data or 0)[1]
    return SEED_NAME, shipments_to_dict(demand)


def _console(form: PlanForm, issues: list[dict[str, str]] | None = None, status: int = 200) -> Any:
    return render_template(
        "dispatch/console.html", form=form, jobs=recent_jobs(db_session()), issues=issues,
        short_time=short_time,
    ), status  # fmt: skip


@web.get("/dispatch")
@login_required
def dispatch_console() -> ResponseReturnValue:
    require_planner()
    return _console(PlanForm())


@web.post("/dispatch/plans")
@login_required
def dispatch_start() -> ResponseReturnValue:
    require_planner()
    form = PlanForm()
    if not form.validate_on_submit():
        return _console(form, status=422)
    try:
        network, shipments = _inputs(form)
        inputs = parse_inputs(network, shipments)
        job = jobs.submit_plan(
            db_session(), actor(), inputs, float(form.time_limit_s.data or 5), form.seed.data or 0
        )
        enqueue(job)
    except DomainError as exc:
        db.session.rollback()
        issues = exc.details.get("issues") or [{"code": exc.code, "path": "", "message": ""}]
        return _console(form, [{**i, "title": exc.message} for i in issues], 422)
    return redirect(url_for("web.dispatch_plan", job_id=job.id))


def maps(job: PlanJob) -> tuple[MapView, MapView, MapView]:
    """The whole network, then East Asia and Europe in detail, with the plan's legs."""
    locale, changed = current_locale(), frozenset(job.changed or [])
    world = build_map(job.network, job.result, locale, details=(EAST_ASIA, EUROPE), changed=changed)
    asia, europe = (
        build_map(job.network, job.result, locale, box=box, changed=changed, width=1000)
        for box in (EAST_ASIA, EUROPE)
    )
    return world, asia, europe


def gantt_of(job: PlanJob, parent: PlanJob | None) -> GanttView:
    before = parent.result if parent else None
    return build_gantt(job.result or {}, job.shipments, changed=frozenset(job.changed or []),
                       before=before)  # fmt: skip


def plan_context(job: PlanJob) -> dict[str, Any]:
    session = db_session()
    parent = db.session.get(PlanJob, job.parent_id) if job.parent_id else None
    context: dict[str, Any] = {"job": job, "parent": parent, "child": child_of(session, job)}
    if job.status == jobs.DONE and job.result:
        context.update(
            summary=summary(job.result),
            rows=rows(job, parent, bills_of(session, job)),
            maps=maps(job),
            gantt=gantt_of(job, parent),
        )
    return context


def disruption_form(job: PlanJob, form: DisruptionForm | None = None) -> DisruptionForm:
    form = form or DisruptionForm()
    form.departure.choices = [
        (
            f"{d.service}|{d.depart}",
            f"{short_time(d.depart)} · {mode_name(d.mode)} · {d.origin} → {d.destination} · "
            + ngettext("%(num)d shipment", "%(num)d shipments", d.shipments),
        )
        for d in departures(job)
    ]
    form.hub.choices = [(hub, hub) for hub in hubs_used(job)]
    return form


@web.get("/dispatch/plans/<int:job_id>")
@login_required
def dispatch_plan(job_id: int) -> ResponseReturnValue:
    require_planner()
    job = jobs.get_job(db_session(), job_id)
    context = plan_context(job)
    return render_template(
        "dispatch/plan.html", disrupt=disruption_form(job), short_time=short_time, **context
    )


@web.get("/dispatch/plans/<int:job_id>/progress")
@login_required
def dispatch_progress(job_id: int) -> ResponseReturnValue:
    """Status and progress of a job for the page's polling (session-authenticated JSON)."""
    require_planner()
    job = jobs.get_job(db_session(), job_id)
    return {"id": job.id, "status": job.status, "progress": job.progress}


@web.get("/dispatch/plans/<int:job_id>/map")
@login_required
def dispatch_map(job_id: int) -> ResponseReturnValue:
    """The map alone, for a second screen."""
    require_planner()
    job = jobs.get_job(db_session(), job_id)
    return render_template("dispatch/map_window.html", job=job, maps=maps(job))


@web.get("/dispatch/plans/<int:job_id>/gantt")
@login_required
def dispatch_gantt(job_id: int) -> ResponseReturnValue:
    """The Gantt alone, for a second screen."""
    require_planner()
    job = jobs.get_job(db_session(), job_id)
    if not job.result:
        abort(404)
    parent = db.session.get(PlanJob, job.parent_id) if job.parent_id else None
    return render_template("dispatch/gantt_window.html", job=job, gantt=gantt_of(job, parent))
