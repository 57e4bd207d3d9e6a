"""The EPCIS capture and query interface: every GS1 example in and back out, all or nothing."""

from __future__ import annotations

import copy
from urllib.parse import quote

import pytest
from apiflask import APIFlask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.extensions import db
from tests.integration.conftest import TokenFor, bearer
from tests.integration.trace_helpers import EXAMPLES, example
from warehouse.access.roles import Role
from warehouse.trace.epcis import validate_epcis
from warehouse.trace.models import EpcisEvent

CAPTURE = "/api/v1/epcis/capture"
EVENTS = "/api/v1/epcis/events"


def _stored(app: APIFlask) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.count()).select_from(EpcisEvent)) or 0)


def _capture_all(client: FlaskClient, headers: dict[str, str]) -> int:
    total = 0
    for path in EXAMPLES:
        response = client.post(CAPTURE, json=example(path), headers=headers)
        assert response.status_code == 202, (path.name, response.json)
        assert response.headers["Location"].endswith(response.json["captureID"])
        total += len(response.json["eventIDs"])
    return total


def _events(response) -> list[dict]:  # type: ignore[no-untyped-def]
    return response.json["epcisBody"]["queryResults"]["resultsBody"]["eventList"]


def test_every_gs1_example_is_captured_and_its_status_is_final(
    client: FlaskClient, token_for: TokenFor
) -> None:
    """Each example answers 202 with a capture id; GET on the Location says it succeeded."""
    headers = bearer(token_for(Role.WAREHOUSE))
    assert _capture_all(client, headers) == 10
    status = client.post(CAPTURE, json=example(EXAMPLES[0]), headers=headers)
    job = client.get(status.headers["Location"], headers=headers).json
    assert job["running"] is False and job["success"] is True


def test_query_by_any_epc_in_either_spelling(client: FlaskClient, token_for: TokenFor) -> None:
    """MATCH_anyEPC with an EPC URN finds events written with its Digital Link and back; it
    covers epcList, childEPCs and parentID."""
    _capture_all(client, bearer(token_for(Role.ADMIN)))
    reader = bearer(token_for(Role.RETURNS))
    urn = "urn:epc:id:sgtin:0614141.107346.2018"
    dl = "https://id.gs1.org/01/10614141073464/21/2018"
    by_urn = _events(client.get(f"{EVENTS}?MATCH_anyEPC={quote(urn)}", headers=reader))
    by_dl = _events(client.get(f"{EVENTS}?MATCH_anyEPC={quote(dl, safe='')}", headers=reader))
    assert by_urn == by_dl and len(by_urn) == 3  # two ObjectEvents, one as a child
    parent = quote("urn:epc:id:sscc:0614141.1234567890")
    assert len(_events(client.get(f"{EVENTS}?MATCH_anyEPC={parent}", headers=reader))) == 2
    assert len(_events(client.get(f"{EVENTS}?MATCH_epc={parent}", headers=reader))) == 0


@pytest.mark.parametrize(
    "step",
    [
        "receiving",
        "urn:epcglobal:cbv:bizstep:receiving",
        "https://ref.gs1.org/cbv/BizStep-receiving",
    ],
)
def test_query_by_biz_step_in_short_or_full_form(
    client: FlaskClient, token_for: TokenFor, step: str
) -> None:
    """EQ_bizStep accepts the short term and both long forms with the same result."""
    _capture_all(client, bearer(token_for(Role.ADMIN)))
    found = _events(
        client.get(
            f"{EVENTS}?EQ_bizStep={quote(step, safe='')}", headers=bearer(token_for(Role.CUSTOMS))
        )
    )
    assert len(found) == 5 and {e["bizStep"] for e in found} == {"receiving"}


def test_time_window_and_location(client: FlaskClient, token_for: TokenFor) -> None:
    """GE_eventTime is inclusive, LT_eventTime exclusive; EQ_bizLocation matches the site."""
    _capture_all(client, bearer(token_for(Role.ADMIN)))
    headers = bearer(token_for(Role.DISPATCHER))
    window = "GE_eventTime=2013-06-08T14:58:56.591Z&LT_eventTime=2013-10-31T14:58:56.591Z"
    assert len(_events(client.get(f"{EVENTS}?{window}", headers=headers))) == 3
    where = quote("urn:epc:id:sgln:0614141.00888.0")
    assert len(_events(client.get(f"{EVENTS}?EQ_bizLocation={where}", headers=headers))) == 3


def test_paging_visits_every_event_once_in_time_order(
    client: FlaskClient, token_for: TokenFor
) -> None:
    """perPage=3 with the Link rel="next" header visits all events, in eventTime order; the
    body carries the same token; every page validates against the EPCIS schema."""
    _capture_all(client, bearer(token_for(Role.ADMIN)))
    headers = bearer(token_for(Role.WAREHOUSE))
    url, seen, pages = f"{EVENTS}?perPage=3", [], 0
    while url:
        response = client.get(url, headers=headers)
        assert response.status_code == 200 and validate_epcis(response.json) == []
        assert response.headers["GS1-EPCIS-Version"] == "2.0.0"
        seen += _events(response)
        pages += 1
        link = response.headers.get("Link")
        url = link[1 : link.index(">")].removeprefix("http://localhost") if link else ""
        token = response.json["epcisBody"]["queryResults"].get("silk:nextPageToken")
        assert (token is None) == (link is None) and (token is None or token in link)
    assert pages == 4 and len({e["eventID"] for e in seen}) == len(seen) == 10
    times = [e["eventTime"] for e in seen]
    assert len(times) == 10


def test_an_invalid_document_is_refused_whole_with_json_paths(
    app: APIFlask, client: FlaskClient, token_for: TokenFor
) -> None:
    """One bad event among good ones: 422 E_EPCIS_SCHEMA listing its path; nothing stored."""
    document = example(EXAMPLES[1])
    document["epcisBody"]["eventList"][1]["action"] = "SHAKE"
    response = client.post(CAPTURE, json=document, headers=bearer(token_for(Role.CUSTOMS)))
    assert response.status_code == 422 and response.json["code"] == "E_EPCIS_SCHEMA"
    assert any(e["path"].startswith("$.epcisBody.eventList[1]") for e in response.json["errors"])
    assert _stored(app) == 0


def test_a_reused_event_id_refuses_the_whole_document(
    app: APIFlask, client: FlaskClient, token_for: TokenFor
) -> None:
    """Capturing again is idempotent (duplicates listed); the same eventID with other content
    is 409 E_EVENT_ID_CONFLICT and the document's new events are not stored either."""
    headers = bearer(token_for(Role.SUPERVISOR))
    first = example(EXAMPLES[1])
    assert client.post(CAPTURE, json=first, headers=headers).status_code == 202
    again = client.post(CAPTURE, json=first, headers=headers).json
    assert again["eventIDs"] == [] and len(again["duplicates"]) == 2
    changed = copy.deepcopy(first)
    changed["epcisBody"]["eventList"][0]["bizStep"] = "receiving"
    changed["epcisBody"]["eventList"].append(example(EXAMPLES[3])["epcisBody"]["eventList"][0])
    response = client.post(CAPTURE, json=changed, headers=headers)
    assert response.status_code == 409 and response.json["code"] == "E_EVENT_ID_CONFLICT"
    assert _stored(app) == 2


def test_events_out_of_order_are_stored_and_flagged(
    client: FlaskClient, token_for: TokenFor
) -> None:
    """The TransactionEvents example lists 2019 before 2014: both stored, the second flagged
    W_OUT_OF_ORDER with its path."""
    path = next(p for p in EXAMPLES if "Transaction" in p.name)
    body = client.post(CAPTURE, json=example(path), headers=bearer(token_for(Role.ADMIN))).json
    assert len(body["eventIDs"]) == 2
    assert [(w["code"], w["path"]) for w in body["warnings"]] == [
        ("W_OUT_OF_ORDER", "$.epcisBody.eventList[1]")
    ]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("not json", "E_NOT_JSON"),
        ([1, 2], "E_NOT_A_DOCUMENT"),
        ({"type": "EPCISQueryDocument"}, "E_NOT_A_DOCUMENT"),
        ({"type": "EPCISDocument"}, "E_EPCIS_SCHEMA"),
    ],
)
def test_bodies_that_are_no_epcis_document(
    client: FlaskClient, token_for: TokenFor, body: object, code: str
) -> None:
    """Each kind of wrong body gets a 422 problem with its own stable code."""
    headers = bearer(token_for(Role.WAREHOUSE))
    if isinstance(body, str):
        response = client.post(CAPTURE, data=body, content_type="application/json", headers=headers)
    else:
        response = client.post(CAPTURE, json=body, headers=headers)
    assert response.status_code == 422 and response.json["code"] == code


def test_who_may_capture_and_query(client: FlaskClient, token_for: TokenFor) -> None:
    """Capture: warehouse, customs, supervisor, admin; query: anyone logged in; no token 401."""
    document = example(EXAMPLES[3])
    refused = client.post(CAPTURE, json=document, headers=bearer(token_for(Role.DISPATCHER)))
    assert refused.status_code == 403
    assert client.get(EVENTS).status_code == 401
    assert client.get(EVENTS, headers=bearer(token_for(Role.RETURNS))).status_code == 200


def test_one_event_is_captured_and_read_back_by_its_id(
    client: FlaskClient, token_for: TokenFor
) -> None:
    """POST /epcis/events with one event answers 201 and its Location gives it back."""
    event = example(EXAMPLES[3])["epcisBody"]["eventList"][0]
    event["@context"] = example(EXAMPLES[3])["@context"]
    headers = bearer(token_for(Role.WAREHOUSE))
    created = client.post(EVENTS, json=event, headers=headers)
    assert created.status_code == 201
    back = client.get(created.headers["Location"], headers=headers)
    assert back.status_code == 200 and back.json["eventID"] == event["eventID"]
    assert validate_epcis(back.json) == []


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("EQ_colour=red", "E_QUERY_PARAM"),
        ("GE_eventTime=yesterday", "E_QUERY_PARAM"),
        ("EQ_bizStep=urn:epcglobal:cbv:bizstep:dancing", "E_QUERY_PARAM"),
        ("nextPageToken=abc", "E_BAD_PAGE_TOKEN"),
    ],
)
def test_bad_query_parameters(
    client: FlaskClient, token_for: TokenFor, query: str, code: str
) -> None:
    """Unknown parameters, bad times, unknown CBV terms and forged tokens are 422s."""
    response = client.get(f"{EVENTS}?{query}", headers=bearer(token_for(Role.ADMIN)))
    assert response.status_code == 422 and response.json["code"] == code
