"""Helpers for the bill of lading tests: a done plan on the small network, a bill, a login."""

from __future__ import annotations

import re
from typing import Any

from apiflask import APIFlask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.extensions import db
from tests.integration.planning.multimodal_data import network, shipments, wait_for
from warehouse.access import service
from warehouse.access.audit import SYSTEM
from warehouse.access.audit_chain import AuditRecord
from warehouse.access.roles import Role

PASSWORD = "dispatch-password-1"


def done_plan(client: FlaskClient, headers: dict[str, str]) -> dict[str, Any]:
    response = client.post(
        "/api/v1/plans",
        headers=headers,
        json={"network": network(), "shipments": shipments(), "time_limit_s": 1},
    )
    job, _ = wait_for(client, response.headers["Location"], headers)
    assert job["status"] == "done", job["error"]
    return job


def bill_body(job_id: int, shipment_id: str) -> dict[str, Any]:
    return {
        "plan_job_id": job_id,
        "shipment_id": shipment_id,
        "consignor": "Qingdao Haida Trading Co., Ltd.",
        "consignee": "To order of Rhein Bank",
        "notify_party": "Duisburg Retail GmbH",
        "marks_and_numbers": "HD/DUI/1-40",
        "packages_number": 40,
        "packages_kind": "cartons",
        "description_of_goods": "Household textiles",
        "place_of_issue": "Qingdao",
    }


def issue(client: FlaskClient, headers: dict[str, str], job_id: int, sid: str) -> Any:
    return client.post("/api/v1/bills-of-lading", headers=headers, json=bill_body(job_id, sid))


def plan_item(job: dict[str, Any], sid: str) -> dict[str, Any]:
    return next(s for s in job["plan"]["shipments"] if s["id"] == sid)


def audit_actions(app: APIFlask, object_id: str) -> list[str]:
    with app.app_context():
        rows = db.session.scalars(
            select(AuditRecord.action)
            .where(AuditRecord.object_id == object_id)
            .order_by(AuditRecord.seq)
        )
        return list(rows)


def web_login(app: APIFlask, client: FlaskClient, role: Role, username: str) -> None:
    """A user of `role` logged in on the pages with the CSRF-protected form."""
    with app.app_context():
        service.create_user(
            db.session, SYSTEM, service.NewUser(username, username, role, PASSWORD, "zh_CN")
        )
        db.session.commit()
    html = client.get("/login").get_data(as_text=True)
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html
    )
    assert found
    response = client.post(
        "/login", data={"username": username, "password": PASSWORD, "csrf_token": found.group(1)}
    )
    assert response.status_code == 302
