"""The audit trail, read-only: who changed what, when, from where."""

from __future__ import annotations

from typing import Any

from apiflask import Schema
from apiflask.fields import Dict, Integer, List, Nested, String
from sqlalchemy import select

from app.api import api
from app.api.fields import UTCTime
from app.api.pagination import PageQuery, page
from app.extensions import db_session
from app.security import roles, token_auth
from warehouse.access.audit_chain import AuditRecord
from warehouse.access.roles import Role


class AuditOut(Schema):
    seq = Integer()
    at = UTCTime()
    actor = String()
    action = String()
    object_type = String()
    object_id = String()
    source = String()
    details = Dict()
    hash = String()


class AuditPage(Schema):
    items = List(Nested(AuditOut))
    next = String(allow_none=True)


def render(entry: AuditRecord) -> dict[str, Any]:
    return {c: getattr(entry, c) for c in AuditOut._declared_fields}


@api.get("/audit")
@api.auth_required(token_auth, **roles(Role.ADMIN, Role.SUPERVISOR, Role.CUSTOMS))
@api.input(PageQuery, location="query")
@api.output(AuditPage)
@api.doc(summary="Audit records, oldest first", tags=["Audit"])
def list_audit(query_data: dict[str, Any]) -> dict[str, Any]:
    return page(db_session(), select(AuditRecord), AuditRecord.id, query_data, render)
