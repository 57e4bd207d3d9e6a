"""Parcels customs refused at inspection: carrying out customs' decision on their goods."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from apiflask import Schema
from apiflask.fields import Integer, List, Nested, String
from apiflask.validators import Length, OneOf

from app.api import api
from app.extensions import db_session
from app.security import actor, roles, token_auth
from warehouse.access.roles import Role
from warehouse.fulfilment import refused


class DispositionIn(Schema):
    kind = String(required=True, validate=OneOf(sorted(refused.KINDS)))
    document = String(
        required=True,
        validate=Length(max=64),
        metadata={"description": "destruction certificate, export waybill or customs approval"},
    )


class LineOut(Schema):
    sku = String()
    lot = String()
    quantity = Integer()
    bin = String(allow_none=True)


class DisposalOut(Schema):
    parcel = String()
    status = String()
    kind = String()
    document = String()
    lines = List(Nested(LineOut))


@api.post("/parcels/<code>/disposition")
@api.auth_required(token_auth, **roles(Role.SUPERVISOR, Role.ADMIN))
@api.input(DispositionIn, arg_name="body")
@api.output(DisposalOut)
@api.doc(
    summary="Destroy, return abroad or restock the goods of a parcel customs refused",
    description="Refused with E_NOT_REFUSED (the parcel is not a refused one) or E_NO_EVIDENCE, "
    "E_NO_WAYBILL, E_NO_APPROVAL (no document number). Ledger entries go against the "
    "document; restocked goods wait in the staging area for putaway.",
    tags=["Orders"],
)
def dispose_parcel(code: str, body: dict[str, Any]) -> dict[str, Any]:
    decision = refused.Decision(body["kind"], body["document"])
    done = refused.dispose(db_session(), actor(), code, decision)
    db_session().commit()
    return asdict(done)
