"""Customs' answers to returns (CEB626, from an adapter's inbox) and the tax refund's payment."""

from __future__ import annotations

from typing import Any

from apiflask import Schema
from apiflask.fields import String
from apiflask.validators import Length
from flask import request

from app.api import api
from app.api.returns import STAFF, RetRefundOut, ReturnOut, render
from app.extensions import db_session
from app.security import actor, roles, token_auth
from warehouse.access.roles import Role
from warehouse.customs import returns_port
from warehouse.db import utcnow
from warehouse.returns import declaration, refund_payment


class RetRefundPaidIn(Schema):
    reference = String(required=True, validate=Length(min=1, max=64))


@api.post("/returns/customs-receipts")
@api.auth_required(token_auth, **roles(Role.CUSTOMS))
@api.output(ReturnOut)
@api.doc(
    summary="Customs' answer to a return (CEB626 XML): received, approved (restock), refused",
    tags=["Returns"],
)
def ret_customs_receipt() -> dict[str, Any]:
    receipt = returns_port.parse(request.get_data())
    ret = declaration.apply_answer(db_session(), actor(), receipt, utcnow())
    db_session().commit()
    return render(ret)


@api.post("/returns/<no>/tax-refund/paid")
@api.auth_required(token_auth, **STAFF)
@api.input(RetRefundPaidIn, arg_name="body")
@api.output(RetRefundOut)
@api.doc(summary="Record that a return's tax refund was paid (stops its clock)", tags=["Returns"])
def ret_refund_paid(no: str, body: dict[str, Any]) -> dict[str, Any]:
    paid = refund_payment.mark_paid(db_session(), actor(), no[:32], body["reference"], utcnow())
    db_session().commit()
    return {k: getattr(paid, k) for k in RetRefundOut().fields}
