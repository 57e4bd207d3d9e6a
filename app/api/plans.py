"""Route plan jobs: submit (202 + Location), watch progress, read the plan, disrupt it."""

from __future__ import annotations

from typing import Any

from apiflask import Schema
from apiflask.fields import Dict, Float, Integer, List, Nested, Raw, String
from apiflask.validators import OneOf, Range
from flask import url_for
from redis.exceptions import RedisError

from app.api import api
from app.api.fields import UTCTime
from app.api.pagination import PageQuery, page
from app.extensions import db, db_session
from app.plan_queue import plan_queue
from app.security import actor, roles, token_auth
from warehouse.access.roles import Role
from warehouse.errors import DomainError
from warehouse.multimodal import disruptions, jobs
from warehouse.multimodal.inputs import parse_inputs
from warehouse.multimodal.models import PlanJob

PLANNERS = roles(Role.DISPATCHER, Role.SUPERVISOR)
TIME_LIMIT = Range(min=jobs.MIN_TIME_LIMIT_S, max=jobs.MAX_TIME_LIMIT_S)
SEED = Range(min=0, max=2**31 - 1)


class QueueDown(DomainError):
    status = 503


class PlanIn(Schema):
    network = Raw(required=True, metadata={"description": 'a network document, or "seed"'})
    shipments = Dict(required=True, metadata={"description": "a shipments document"})
    time_limit_s = Float(load_default=30.0, validate=TIME_LIMIT)
    seed = Integer(load_default=0, validate=SEED)


class DisruptionIn(Schema):
    kind = String(required=True, validate=OneOf(disruptions.KINDS))
    service = String(metadata={"description": "cancel_departure, delay_departure"})
    depart = String(metadata={"description": "RFC 3339: the departure hit"})
    delay_h = Float(metadata={"description": "delay_departure: hours late"})
    hub = String(metadata={"description": "close_hub: the hub closed"})
    from_ = String(data_key="from", metadata={"description": "close_hub: closed from (RFC 3339)"})
    now = String(
        metadata={
            "description": "when it happened (RFC 3339, optional): legs leaving before it are "
            "under way and stay; their shipments are re-planned from where those legs arrive"
        }
    )
    time_limit_s = Float(load_default=10.0, validate=TIME_LIMIT)
    seed = Integer(load_default=0, validate=SEED)


class JobSummary(Schema):
    id = Integer()
    kind = String()
    status = String()
    network_source = String()
    time_limit_s = Float()
    seed = Integer()
    progress = Dict(allow_none=True)
    error = Dict(allow_none=True)
    parent_id = Integer(allow_none=True)
    disruption = Dict(allow_none=True)
    changed = List(String(), allow_none=True)
    created_by = String()
    created_at = UTCTime()
    started_at = UTCTime(allow_none=True)
    finished_at = UTCTime(allow_none=True)


class JobOut(JobSummary):
    plan = Dict(allow_none=True, metadata={"description": "the contract's plan, when done"})


class JobPage(Schema):
    items = List(Nested(JobSummary))
    next = String(allow_none=True)


def render_job(job: PlanJob, with_plan: bool = True) -> dict[str, Any]:
    doc = {key: getattr(job, key) for key in JobSummary().fields}
    if with_plan:
        doc["plan"] = job.result
    return doc


def enqueue(job: PlanJob) -> tuple[dict[str, Any], int, dict[str, str]]:
    """Commit the queued job, hand it to the queue, answer 202 with its Location."""
    db.session.commit()
    try:
        plan_queue().submit(job.id, job.time_limit_s)
    except (RedisError, RuntimeError) as exc:
        jobs.fail(db_session(), actor(), job.id, {"code": "E_QUEUE_DOWN", "message": str(exc)})
        db.session.commit()
        raise QueueDown("E_QUEUE_DOWN", "The plan queue is not reachable; try again.") from exc
    location = url_for("api.get_plan", job_id=job.id)
    return render_job(job), 202, {"Location": location}


@api.post("/plans")
@api.auth_required(token_auth, **PLANNERS)
@api.input(PlanIn, arg_name="body")
@api.output(JobOut, status_code=202)
@api.doc(
    summary="Plan shipments on a network (a background job)",
    tags=["Planning"],
    responses={422: "The input breaks the planning contract"},
)
def create_plan(body: dict[str, Any]) -> tuple[dict[str, Any], int, dict[str, str]]:
    inputs = parse_inputs(body["network"], body["shipments"])
    job = jobs.submit_plan(db_session(), actor(), inputs, body["time_limit_s"], body["seed"])
    return enqueue(job)


@api.get("/plans/<int:job_id>")
@api.auth_required(token_auth, **PLANNERS)
@api.output(JobOut)
@api.doc(
    summary="A plan job: status, progress while it runs, the plan when done", tags=["Planning"]
)
def get_plan(job_id: int) -> dict[str, Any]:
    return render_job(jobs.get_job(db_session(), job_id))


@api.get("/plans")
@api.auth_required(token_auth, **PLANNERS)
@api.input(PageQuery, location="query")
@api.output(JobPage)
@api.doc(summary="Plan jobs, oldest first (without their plans)", tags=["Planning"])
def list_plans(query_data: dict[str, Any]) -> dict[str, Any]:
    return page(
        db_session(),
        jobs.list_query(),
        PlanJob.id,
        query_data,
        lambda job: render_job(job, with_plan=False),
    )


@api.post("/plans/<int:job_id>/disruptions")
@api.auth_required(token_auth, **PLANNERS)
@api.input(DisruptionIn, arg_name="body")
@api.output(JobOut, status_code=202)
@api.doc(
    summary="Re-plan after a cancelled or delayed departure or a closed hub",
    tags=["Planning"],
    responses={409: "The plan is not done, or already re-planned"},
)
def disrupt_plan(job_id: int, body: dict[str, Any]) -> tuple[dict[str, Any], int, dict[str, str]]:
    event = {k: v for k, v in body.items() if k not in ("time_limit_s", "seed", "from_")}
    if "from_" in body:
        event["from"] = body["from_"]
    job = disruptions.submit(
        db_session(), actor(), job_id, event, body["time_limit_s"], body["seed"]
    )
    return enqueue(job)
