"""Customs' side of retail orders over HTTP: the signed CEB621 of a manifest, and customs'
receipts (CEB622 on the manifest, CEB624 on a withdrawal, CEB816 with the tax), each answered
with the order as :mod:`app.api.bonded_orders` renders it."""

from __future__ import annotations

from typing import Any

from flask import Response, request

from app.api import api
from app.api.bonded_orders import OrderOut, render_order
from app.extensions import db_session
from app.security import actor, roles, token_auth
from warehouse.access.roles import Role
from warehouse.customs import documents as d
from warehouse.customs import xml
from warehouse.customs.manifest import Manifest, by_cop_no
from warehouse.customs.models import RetailOrder
from warehouse.customs.receipts import apply_receipt
from warehouse.errors import Invalid


@api.get("/manifests/<cop_no>/xml")
@api.auth_required(token_auth, **roles(Role.SUPERVISOR, Role.ADMIN, Role.CUSTOMS))
@api.doc(summary="The signed CEB621 message of a manifest", tags=["Orders"])
def manifest_xml(cop_no: str) -> Response:
    found: Manifest = by_cop_no(db_session(), cop_no)
    return Response(found.xml, mimetype="application/xml")


@api.post("/customs/receipts")
@api.auth_required(token_auth, **roles(Role.CUSTOMS))
@api.output(OrderOut)
@api.doc(
    summary="A customs receipt: CEB622 (accepted, released, inspection, rejected), CEB624 "
    "(withdrawal taken, approved, refused) or CEB816 (tax assessed on release), as XML",
    tags=["Orders"],
)
def customs_receipt() -> dict[str, Any]:
    receipt = xml.parse(request.get_data())
    if not isinstance(receipt, d.Receipt | d.CancelReceipt | d.TaxReceipt):
        raise Invalid("E_BAD_MESSAGE", "Send a CEB622, CEB624 or CEB816 receipt here.")
    found = apply_receipt(db_session(), actor(), receipt)
    db_session().commit()
    return render_order(db_session().get_one(RetailOrder, found.order_id))
