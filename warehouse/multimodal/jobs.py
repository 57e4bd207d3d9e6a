"""Plan jobs: submitted with their inputs, run by a worker, done with a plan or failed.

Status: ``queued`` -> ``running`` -> ``done`` | ``failed``. Only the worker moves a job on, in
short transactions of its own (runner.py); these functions take the caller's Session.
"""

from __future__ import annotations

import math
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from routing.fields import format_time
from warehouse.access.audit import Actor, record
from warehouse.db import utcnow
from warehouse.errors import Conflict, Invalid, NotFound
from warehouse.multimodal.inputs import Inputs
from warehouse.multimodal.models import PlanJob

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
MIN_TIME_LIMIT_S, MAX_TIME_LIMIT_S = 1.0, 600.0


def check_time_limit(time_limit_s: float) -> None:
    if not MIN_TIME_LIMIT_S <= time_limit_s <= MAX_TIME_LIMIT_S:
        raise Invalid(
            "E_TIME_LIMIT",
            f"time_limit_s must be {MIN_TIME_LIMIT_S:g} to {MAX_TIME_LIMIT_S:g} seconds.",
        )


def submit_plan(
    session: Session, actor: Actor, inputs: Inputs, time_limit_s: float, seed: int
) -> PlanJob:
    """A queued job for the parsed inputs (the caller enqueues it after commit)."""
    check_time_limit(time_limit_s)
    job = PlanJob(
        kind="plan",
        status=QUEUED,
        network=inputs.network_doc,
        network_source=inputs.network_source,
        shipments=inputs.shipments_doc,
        time_limit_s=time_limit_s,
        seed=seed,
        created_by=actor.name,
        created_at=utcnow(),
    )
    session.add(job)
    session.flush()
    job.root_id = job.id
    record(
        session,
        actor,
        "plan.submitted",
        "plan_job",
        job.id,
        shipments=len(inputs.demand.shipments),
        network=inputs.network_source,
        time_limit_s=time_limit_s,
        seed=seed,
    )
    return job


def get_job(session: Session, job_id: int) -> PlanJob:
    job = session.get(PlanJob, job_id)
    if job is None:
        raise NotFound("E_NO_PLAN_JOB", f"No plan job {job_id}.")
    return job


def done_job(session: Session, job_id: int) -> PlanJob:
    """The job, which must have finished with a plan."""
    job = get_job(session, job_id)
    if job.status != DONE or job.result is None:
        raise Conflict(
            "E_PLAN_NOT_DONE",
            f"Plan job {job_id} is {job.status}, not done.",
            job_status=job.status,
        )
    return job


def list_query() -> Any:
    return select(PlanJob)


def finite(value: float | None) -> float | None:
    """JSON (and PostgreSQL's JSONB) have no infinities: an unknown bound or gap is null."""
    if value is None or not math.isfinite(value):
        return None
    return float(value)


def json_safe(value: Any) -> Any:
    """`value` with every infinite or NaN number replaced by null."""
    if isinstance(value, float):
        return finite(value)
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    return value


def progress_doc(incumbent: float, bound: float, gap: float, elapsed_s: float) -> dict[str, Any]:
    return {
        "incumbent": finite(incumbent),
        "bound": finite(bound),
        "gap": finite(gap),
        "elapsed_s": float(elapsed_s),
        "updated_at": format_time(utcnow()),
    }


def write_progress(session: Session, job_id: int, progress: dict[str, Any]) -> None:
    session.execute(
        update(PlanJob)
        .where(PlanJob.id == job_id, PlanJob.status == RUNNING)
        .values(progress=progress)
    )


def start(session: Session, actor: Actor, job_id: int) -> PlanJob | None:
    """Mark a queued job running; None when it is not queued (already taken or gone)."""
    taken = session.execute(
        update(PlanJob)
        .where(PlanJob.id == job_id, PlanJob.status == QUEUED)
        .values(status=RUNNING, started_at=utcnow())
    )
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        return None
    record(session, actor, "plan.started", "plan_job", job_id)
    return session.get(PlanJob, job_id)


def finish(session: Session, actor: Actor, job: PlanJob, plan: dict[str, Any]) -> None:
    job.status, job.result, job.finished_at = DONE, plan, utcnow()
    record(
        session,
        actor,
        "plan.done",
        "plan_job",
        job.id,
        status=plan.get("status"),
        objective=plan.get("objective"),
        changed=job.changed,
    )


def fail(session: Session, actor: Actor, job_id: int, error: dict[str, Any]) -> None:
    session.execute(
        update(PlanJob)
        .where(PlanJob.id == job_id)
        .values(status=FAILED, error=error, finished_at=utcnow())
    )
    record(session, actor, "plan.failed", "plan_job", job_id, code=error.get("code"))
