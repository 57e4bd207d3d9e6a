"""The job function: runs one plan job in any process (an RQ worker or the app's own thread).

It opens its own database session from the database URL (``DATABASE_URL`` of the process when
none is given), takes the job (queued -> running), solves, and stores the plan. The solve's
progress is written in short transactions of its own, at most every PROGRESS_EVERY_S seconds,
so GET /plans/{id} shows it while the solve runs.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from config.settings import load_settings
from routing.errors import ContractError
from routing.network import parse_network
from routing.optimizer import solve
from routing.plan import plan_to_dict
from routing.shipments import parse_shipments
from warehouse.access.audit import Actor
from warehouse.db import make_engine
from warehouse.errors import DomainError
from warehouse.multimodal import bills_follow, disruptions, jobs
from warehouse.multimodal.inputs import issue_dicts
from warehouse.multimodal.models import PlanJob
from warehouse.uow import UnitOfWork

log = logging.getLogger(__name__)
PROGRESS_EVERY_S = 0.5
WORKER_SOURCE = "plan-worker"
_factories: dict[tuple[int, str], sessionmaker[Session]] = {}
_lock = threading.Lock()


def session_factory(database_url: str) -> sessionmaker[Session]:
    """One engine per database URL and process: a forked RQ work horse never reuses the
    connections it inherited from its parent."""
    key = (os.getpid(), database_url)
    with _lock:
        if key not in _factories:
            engine: Engine = make_engine(database_url)
            _factories[key] = sessionmaker(bind=engine, expire_on_commit=False)
        return _factories[key]


class ProgressWriter:
    """The solve's progress callback: throttled writes, each in its own transaction."""

    def __init__(self, factory: sessionmaker[Session], job_id: int) -> None:
        self.factory, self.job_id, self.last = factory, job_id, -PROGRESS_EVERY_S

    def __call__(self, incumbent: float, bound: float, gap: float, elapsed_s: float) -> None:
        now = time.monotonic()
        if now - self.last < PROGRESS_EVERY_S:
            return
        self.last = now
        try:
            with UnitOfWork(self.factory) as uow:
                jobs.write_progress(
                    uow.session, self.job_id, jobs.progress_doc(incumbent, bound, gap, elapsed_s)
                )
                uow.commit()
        except SQLAlchemyError:
            log.warning("plan job %s: progress not written", self.job_id, exc_info=True)


@dataclass(frozen=True)
class Outcome:
    plan: dict[str, Any]
    changed: list[str] | None = None


def _take(factory: sessionmaker[Session], job_id: int) -> tuple[PlanJob, PlanJob | None] | None:
    with UnitOfWork(factory) as uow:
        actor = Actor("system", WORKER_SOURCE)
        job = jobs.start(uow.session, actor, job_id)
        if job is None:
            return None
        parent = uow.session.get(PlanJob, job.parent_id) if job.parent_id else None
        uow.commit()
        return job, parent


def _compute(factory: sessionmaker[Session], job: PlanJob, parent: PlanJob | None) -> Outcome:
    if job.kind == "replan" and parent is not None:
        done = disruptions.replan(parent, job)
        return Outcome(done.plan, done.changed)
    network = parse_network(job.network)
    demand = parse_shipments(job.shipments, network)
    plan = solve(
        network,
        demand,
        time_limit_s=job.time_limit_s,
        seed=job.seed,
        progress=ProgressWriter(factory, job.id),
    )
    return Outcome(plan_to_dict(plan))


def _store(factory: sessionmaker[Session], job_id: int, outcome: Outcome) -> None:
    with UnitOfWork(factory) as uow:
        job = jobs.get_job(uow.session, job_id)
        actor = Actor(job.created_by, WORKER_SOURCE)
        plan = outcome.plan
        job.changed = outcome.changed
        job.progress = jobs.progress_doc(
            plan["objective"], plan["lower_bound"], _gap(plan), plan["solve_s"]
        )
        jobs.finish(uow.session, actor, job, jobs.json_safe(plan))
        if job.kind == "replan":
            bills_follow.follow_replan(uow.session, actor, job)
        uow.commit()


def _gap(plan: dict[str, Any]) -> float:
    objective, bound = float(plan["objective"]), float(plan["lower_bound"])
    return max(0.0, objective - bound) / abs(objective) if objective else 0.0


def _fail(factory: sessionmaker[Session], job_id: int, error: dict[str, Any]) -> None:
    with UnitOfWork(factory) as uow:
        jobs.fail(uow.session, Actor("system", WORKER_SOURCE), job_id, error)
        uow.commit()


def run_plan_job(job_id: int, database_url: str | None = None) -> str:
    """Run job `job_id` to done or failed; returns the final status ("skipped" if not queued)."""
    factory = session_factory(database_url or load_settings().database_url)
    taken = _take(factory, job_id)
    if taken is None:
        return "skipped"
    try:
        outcome = _compute(factory, *taken)
    except ContractError as exc:
        _fail(
            factory,
            job_id,
            {"code": "E_CONTRACT", "message": str(exc), "issues": issue_dicts(exc.issues)},
        )
        return jobs.FAILED
    except DomainError as exc:
        _fail(factory, job_id, {"code": exc.code, "message": exc.message, **exc.details})
        return jobs.FAILED
    except Exception as exc:  # a failed solve must end the job, whatever it was
        log.exception("plan job %s failed", job_id)
        message = f"{type(exc).__name__}: {exc}"
        _fail(factory, job_id, {"code": "E_SOLVE_FAILED", "message": message})
        return jobs.FAILED
    try:
        _store(factory, job_id, outcome)
    except Exception as exc:
        log.exception("plan job %s: the plan could not be stored", job_id)
        _fail(factory, job_id, {"code": "E_STORE_FAILED", "message": f"{type(exc).__name__}"})
        return jobs.FAILED
    return jobs.DONE
