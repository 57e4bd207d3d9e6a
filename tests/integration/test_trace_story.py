"""Tracing a parcel packed into a carton, a pallet and a container, shipped under a bill of
lading: from any code, up and down the packing tree, with customs status and route."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from apiflask import APIFlask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from app.extensions import db
from tests.integration.conftest import TokenFor, bearer
from tests.integration.trace_helpers import (
    BILL_OF_LADING,
    BUSAN_GLN,
    BUYER_ID,
    BUYER_NAME,
    CPL,
    WAYBILL,
    Shipment,
    ship_a_parcel,
)
from warehouse.access.roles import Role
from warehouse.trace.customs import CustomsStatus, TraceKeys, register_source, unregister_source
from warehouse.trace.elementstring import build_element_string
from warehouse.trace.epc import sscc_urn
from warehouse.trace.epcis.index import canonical_id


@pytest.fixture
def shipment(app: APIFlask) -> Shipment:
    with app.app_context():
        made = ship_a_parcel(db.session)
        db.session.commit()
        return made


def _trace(client: FlaskClient, token: str, code: str):  # type: ignore[no-untyped-def]
    return client.get(f"/api/v1/trace/{quote(code, safe='')}", headers=bearer(token))


def _dl(sscc: str) -> str:
    return canonical_id(sscc_urn(sscc, CPL))


def test_parcel_qr_text_traces_up_to_the_container(
    client: FlaskClient, token_for: TokenFor, shipment: Shipment
) -> None:
    """The parcel's Digital Link gives the path parcel -> carton -> pallet -> container, the
    container's shipping in the parcel's events, the leg to Busan under the bill of lading,
    the customs release and "in transit"."""
    story = _trace(client, token_for(Role.DISPATCHER), shipment.parcel_qr).json
    s = shipment
    assert story["path"] == [_dl(s.parcel), _dl(s.carton), _dl(s.pallet), _dl(s.container)]
    shipping = [e for e in story["events"] if e["bizStep"] == "shipping"]
    assert len(shipping) == 1 and shipping[0]["about"] == _dl(s.container)
    times = [e["eventTime"] for e in story["events"]]
    assert times == sorted(times)
    [leg] = story["legs"]
    assert leg["destination"].startswith("urn:epc:id:sgln:" + BUSAN_GLN[:7])
    assert any(BILL_OF_LADING in bol for bol in leg["billsOfLading"])
    assert story["customs"]["status"] == "released"
    assert story["now"]["disposition"] == "in_transit" and story["now"]["inTransitTo"]
    assert [child["id"] for child in story["down"]["children"]] == sorted(
        canonical_id(u) for u in s.units
    )


def test_container_sscc_traces_down_to_the_units(
    client: FlaskClient, token_for: TokenFor, shipment: Shipment
) -> None:
    """The container's bare SSCC gives the tree container -> pallet -> carton -> parcel ->
    units, and the container is in no parent."""
    story = _trace(client, token_for(Role.CUSTOMS), shipment.container).json
    node, chain = story["down"], []
    while node["children"]:
        chain.append(node["id"])
        node = node["children"][0]
    s = shipment
    assert chain == [_dl(s.container), _dl(s.pallet), _dl(s.carton), _dl(s.parcel)]
    assert node["id"] in {canonical_id(u) for u in s.units}
    assert story["path"] == [_dl(s.container)]


@pytest.mark.parametrize("form", ["element_string", "hri", "urn", "waybill"])
def test_every_form_of_the_parcel_code_gives_the_same_story(
    client: FlaskClient, token_for: TokenFor, shipment: Shipment, form: str
) -> None:
    """Scanner output, printed HRI, EPC URN and the waybill number all trace the parcel."""
    code = {
        "element_string": "]C1" + build_element_string({"00": shipment.parcel}),
        "hri": f"(00){shipment.parcel}",
        "urn": sscc_urn(shipment.parcel, CPL),
        "waybill": WAYBILL,
    }[form]
    response = _trace(client, token_for(Role.WAREHOUSE), code)
    assert response.status_code == 200
    assert response.json["subject"] == _dl(shipment.parcel)


def test_unknown_and_malformed_codes(
    client: FlaskClient, token_for: TokenFor, shipment: Shipment
) -> None:
    """A well-formed code nobody recorded is 404 E_UNKNOWN_CODE; a broken GS1 key is 422 with
    the parse error's code."""
    token = token_for(Role.WAREHOUSE)
    unknown = _trace(client, token, "(00)106141410009999994")
    assert unknown.status_code == 404 and unknown.json["code"] == "E_UNKNOWN_CODE"
    assert _trace(client, token, "NO-SUCH-WAYBILL").json["code"] == "E_UNKNOWN_CODE"
    bad = _trace(client, token, "]C1" + "00" + shipment.parcel[:-1] + "0")
    assert bad.status_code == 422 and bad.json["code"] == "E_CHECK_DIGIT"
    assert _trace(client, token, "]C10112345678901232").json["code"] == "E_CHECK_DIGIT"
    assert _trace(client, token, "(99)ABC").json["code"] == "E_UNKNOWN_AI"
    assert _trace(client, token, "https://[id.gs1.org/00/1").json["code"] == "E_BAD_URI"


def test_a_registered_customs_source_answers_first(
    app: APIFlask, client: FlaskClient, token_for: TokenFor, shipment: Shipment
) -> None:
    """The bonded warehouse's lookup hook is asked with the SSCCs and documents before the
    events are read."""
    asked: list[TraceKeys] = []

    class Bonded:
        def customs_status(self, session: Session, keys: TraceKeys) -> CustomsStatus | None:
            asked.append(keys)
            return CustomsStatus("held", source="bonded") if shipment.parcel in keys.ssccs else None

    source = Bonded()
    register_source(source)
    try:
        story = _trace(client, token_for(Role.CUSTOMS), shipment.parcel_qr).json
    finally:
        unregister_source(source)
    assert story["customs"] == {
        "status": "held",
        "since": None,
        "source": "bonded",
        "eventID": None,
    }
    assert WAYBILL in asked[0].documents and shipment.container in asked[0].ssccs


def test_the_public_page_shows_route_and_release_but_no_personal_data(
    client: FlaskClient, shipment: Shipment
) -> None:
    """/00/{sscc} needs no login and shows customs release and the route, in Chinese or
    English, never the buyer's name, ID or the waybill number."""
    for lang, released in (("zh-CN", "海关已放行"), ("en", "Released by customs")):
        page = client.get(f"/00/{shipment.parcel}", headers={"Accept-Language": lang})
        html = page.get_data(as_text=True)
        assert page.status_code == 200 and released in html
        assert "GLN " + BUSAN_GLN in html
        for secret in (BUYER_NAME, BUYER_ID, WAYBILL, BILL_OF_LADING):
            assert secret not in html


def test_the_resolver_answers_a_linkset_and_redirects_by_link_type(
    client: FlaskClient, shipment: Shipment
) -> None:
    """Accept: application/linkset+json gives an RFC 9264 linkset anchored at the Digital Link;
    ?linkType=gs1:traceability redirects to the trace API."""
    response = client.get(f"/00/{shipment.parcel}", headers={"Accept": "application/linkset+json"})
    assert response.content_type == "application/linkset+json"
    [entry] = response.json["linkset"]
    assert entry["anchor"] == shipment.parcel_qr
    trace_link = entry["https://gs1.org/voc/traceability"][0]["href"]
    assert trace_link.endswith(quote(shipment.parcel_qr, safe=""))
    moved = client.get(f"/00/{shipment.parcel}?linkType=gs1:traceability")
    assert moved.status_code == 307 and moved.headers["Location"] == trace_link
    assert client.get("/00/106141410009999994").status_code == 404
    bad = client.get("/00/106141410009999990", headers={"Accept": "application/json"})
    assert bad.status_code == 422 and bad.json["code"] == "E_CHECK_DIGIT"
