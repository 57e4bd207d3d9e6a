"""Print jobs: labels sent to a station's printers, followed until printed or failed."""

from __future__ import annotations

from typing import Any

from apiflask import HTTPError, Schema
from apiflask.fields import Dict, Integer, List, Nested, String
from apiflask.validators import Length, OneOf, Range
from flask import current_app
from sqlalchemy import select

from app.api import api
from app.api.fields import UTCTime
from app.api.pagination import PageQuery, page
from app.extensions import db_session
from app.security import actor, roles, token_auth
from devices import printing
from devices.printing import LabelRequest, PrintJob
from warehouse.access.roles import Role

PRINTERS = roles(Role.SUPERVISOR, Role.ADMIN, Role.WAREHOUSE)


class LabelIn(Schema):
    sscc = String(load_default=None, validate=Length(equal=18))
    waybill = String(load_default=None, validate=Length(min=1, max=40))
    qr = String(load_default=None, validate=Length(max=512))
    lines = List(String(validate=Length(max=64)), load_default=list, validate=Length(max=6))


class PrintJobIn(Schema):
    station = String(required=True, validate=Length(min=1, max=48))
    label = Nested(LabelIn, required=True)
    format = String(load_default="zpl", validate=OneOf(["zpl", "png"]))
    copies = Integer(load_default=1, validate=Range(min=1, max=20))


class PrintJobOut(Schema):
    job_id = String()
    station = String()
    printer = String(allow_none=True)
    format = String()
    label = Dict()
    status = String()
    attempts = Integer()
    error = String(allow_none=True)
    history = List(Dict())
    created_at = UTCTime()
    updated_at = UTCTime()


class PrintJobPage(Schema):
    items = List(Nested(PrintJobOut))
    next = String(allow_none=True)


class PrintJobQuery(PageQuery):
    status = String(load_default=None, validate=OneOf(["queued", "sent", "printed", "failed"]))
    station = String(load_default=None)


def render_job(job: PrintJob) -> dict[str, Any]:
    return {
        "job_id": job.job_id, "station": job.station_id, "printer": job.printer_id,
        "format": job.format, "label": job.label, "status": job.status,
        "attempts": job.attempts, "error": job.error, "history": job.history,
        "created_at": job.created_at, "updated_at": job.updated_at,
    }  # fmt: skip


@api.post("/print-jobs")
@api.auth_required(token_auth, **PRINTERS)
@api.input(PrintJobIn, arg_name="new")
@api.output(PrintJobOut, status_code=201)
@api.doc(summary="Print a label (SSCC or waybill) at a station", tags=["Printing"],
         responses={404: "Station without printer", 422: "Bad label"})  # fmt: skip
def create_print_job(new: dict[str, Any]) -> dict[str, Any]:
    label = new["label"]
    request = LabelRequest(tuple(label["lines"]), label["sscc"], label["waybill"], label["qr"])
    domain = current_app.extensions["silkhub.settings"].digital_link_base
    job = printing.create_job(db_session(), actor(), new["station"], request, new["format"],
                              new["copies"], domain=domain)  # fmt: skip
    db_session().commit()
    return render_job(job)


@api.get("/print-jobs")
@api.auth_required(token_auth, **PRINTERS)
@api.input(PrintJobQuery, location="query")
@api.output(PrintJobPage)
@api.doc(summary="Print jobs, oldest first", tags=["Printing"])
def list_print_jobs(query_data: dict[str, Any]) -> dict[str, Any]:
    query = select(PrintJob)
    if query_data.get("status"):
        query = query.where(PrintJob.status == query_data["status"])
    if query_data.get("station"):
        query = query.where(PrintJob.station_id == query_data["station"])
    return page(db_session(), query, PrintJob.pk, query_data, render_job)


@api.get("/print-jobs/<job_id>")
@api.auth_required(token_auth, **PRINTERS)
@api.output(PrintJobOut)
@api.doc(summary="One print job with its history", tags=["Printing"])
def get_print_job(job_id: str) -> dict[str, Any]:
    job = printing.by_job_id(db_session(), job_id)
    if job is None:
        raise HTTPError(404, f"No print job {job_id}.", extra_data={"code": "E_NO_JOB"})
    return render_job(job)
