"""Quick quote: the Pareto options (cost, transit time, CO2e) for one shipment."""

from __future__ import annotations

from typing import Any

from apiflask import Schema
from apiflask.fields import Dict, List, Raw, String

from app.api import api
from app.security import roles, token_auth
from warehouse.access.roles import Role
from warehouse.multimodal.quotes import quick_quote


class QuoteIn(Schema):
    network = Raw(load_default="seed", metadata={"description": 'a network document or "seed"'})
    shipment = Dict(required=True, metadata={"description": "one shipment of the contract"})


class QuoteOut(Schema):
    shipment = String()
    network = String()
    options = List(Dict(), metadata={"description": "non-dominated options, cheapest first"})
    reason = String(metadata={"description": "NO_ROUTE when there is no option"})


@api.post("/quotes")
@api.auth_required(token_auth, **roles(Role.DISPATCHER, Role.SUPERVISOR))
@api.input(QuoteIn, arg_name="body")
@api.output(QuoteOut)
@api.doc(
    summary="Cheapest, fastest and greenest options for one shipment",
    tags=["Planning"],
    responses={422: "The shipment or network breaks the planning contract"},
)
def create_quote(body: dict[str, Any]) -> dict[str, Any]:
    return quick_quote(body["network"], body["shipment"])
