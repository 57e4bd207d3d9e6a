"""EPCIS 2.0: the GS1 examples validate and parse; our builders produce valid events."""

import copy
import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import pytest

from warehouse.trace.epc import sgln_urn, sgtin_urn, sscc_urn
from warehouse.trace.epcis import (
    BizTransaction,
    EventContext,
    Party,
    Quantity,
    QueryPage,
    aggregation_event,
    biz_transaction_urn,
    epcis_document,
    epcis_query_document,
    event_identifiers,
    object_event,
    parse_document,
    standalone_event,
    steps,
    transaction_event,
    validate_epcis,
)
from warehouse.trace.epcis.vocab import short_term, web_uri
from warehouse.trace.errors import TraceError

FIXTURES = Path(__file__).parents[2] / "fixtures" / "epcis"
EXAMPLES = sorted(FIXTURES.glob("*.jsonld"))
CST = dt.timezone(dt.timedelta(hours=8))
WHEN = dt.datetime(2026, 11, 21, 16, 0, 1, 234567, tzinfo=CST)
GLN = "6901234000009"
ITEM = sgtin_urn("16901234000013", "SN1", 7)
PALLET = sscc_urn("369012340000000017", 7)


def _load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def test_examples_are_present():
    """All seven GS1 examples were copied into the fixtures."""
    assert len(EXAMPLES) == 7


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_gs1_example_validates(path):
    """Each example of the standard passes the EPCIS 2.0 schema."""
    assert validate_epcis(_load(path)) == []


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_gs1_example_parses_into_records(path):
    """Each event of each example becomes a record with type, time and identifiers."""
    doc = _load(path)
    records = parse_document(doc)
    raw = doc["epcisBody"]["eventList"]
    assert len(records) == len(raw)
    for rec, ev in zip(records, raw, strict=True):
        assert rec.type == ev["type"]
        assert rec.event_time.tzinfo is not None
        assert rec.epc_list == tuple(ev.get("epcList", ()))
        assert rec.child_epcs == tuple(ev.get("childEPCs", ()))
        assert rec.parent_id == ev.get("parentID")
        assert len(rec.quantity_list) == len(ev.get("quantityList", ()))
        assert rec.read_point == ev.get("readPoint", {}).get("id")
        assert rec.biz_location == ev.get("bizLocation", {}).get("id")
        assert len(rec.biz_transactions) == len(ev.get("bizTransactionList", ()))
        if "bizStep" in ev:
            assert rec.biz_step == short_term("bizStep", ev["bizStep"])


def test_example_details_are_read_exactly():
    """Spot checks: quantities with uom, aggregation parent/children, transaction types."""
    (obj,) = parse_document(_load(FIXTURES / "Example_9.6.2-ObjectEvent.jsonld"))
    assert obj.quantity_list[0].epc_class == "urn:epc:class:lgtin:4012345.012345.998877"
    assert (obj.quantity_list[0].quantity, obj.quantity_list[0].uom) == (200, "KGM")
    assert obj.sources[0] == ("possessing_party", "urn:epc:id:sgln:4012345.00001.0")
    assert obj.extra == {"example:myField": "Example of a vendor/user extension"}
    (agg,) = parse_document(_load(FIXTURES / "Example_9.6.3-AggregationEvent.jsonld"))
    assert agg.parent_id == "urn:epc:id:sscc:0614141.1234567890"
    assert agg.child_quantity_list[1].quantity == 200.5
    shipped, received = parse_document(_load(FIXTURES / "Example_9.6.1-ObjectEvent.jsonld"))
    assert shipped.event_time == dt.datetime(2005, 4, 4, 2, 33, 31, 116000, tzinfo=dt.UTC)
    assert received.biz_transactions[1] == ("desadv", "urn:epcglobal:cbv:bt:0614141073467:1152")


def test_broken_document_yields_errors_with_json_paths():
    """Missing required fields, a bad action and long-form CBV URIs are reported by path."""
    doc = _load(FIXTURES / "Example_9.6.1-ObjectEvent.jsonld")
    bad = copy.deepcopy(doc)
    event = bad["epcisBody"]["eventList"][0]
    event["action"] = "LOOK"
    del event["eventTimeZoneOffset"]
    event["bizStep"] = "urn:epcglobal:cbv:bizstep:shipping"
    del bad["schemaVersion"]
    paths = {e.path for e in validate_epcis(bad)}
    assert "$" in paths
    assert "$.epcisBody.eventList[0]" in paths
    assert "$.epcisBody.eventList[0].action" in paths
    assert "$.epcisBody.eventList[0].bizStep" in paths


def test_format_checks_apply_to_times():
    """An eventTime that is not RFC 3339 is a schema error (date-time format is checked)."""
    doc = _load(FIXTURES / "Example_9.6.2-ObjectEvent.jsonld")
    doc["epcisBody"]["eventList"][0]["eventTime"] = "yesterday"
    assert [e.path for e in validate_epcis(doc)] == ["$.epcisBody.eventList[0].eventTime"]


BASE = EventContext(
    event_time=WHEN, read_point=sgln_urn(GLN, 7, "DOCK-1"), biz_location=sgln_urn(GLN, 7)
)


def _ctx(**kw):
    return replace(BASE, **kw)


def _built_events():
    ctx = _ctx()
    manifest = BizTransaction(biz_transaction_urn(GLN, "CEB621/QD-0001"), "urn:silkhub:btt:ceb621")
    return [
        steps.commission(ctx, [ITEM], ilmd={"silk:origin": "KR"}),
        steps.receive(
            EventContext(
                event_time=WHEN,
                read_point="https://id.gs1.org/414/6901234000009/254/DOCK-1",
                sources=(Party("owning_party", "urn:epc:id:pgln:6901234.00000"),),
                destinations=(Party("location", sgln_urn(GLN, 7)),),
            ),
            ["https://id.gs1.org/01/16901234000013/21/SN1"],
        ),
        steps.inspect(ctx, [ITEM], conformant=False),
        steps.pack(ctx, PALLET, [ITEM]),
        steps.unpack(ctx, PALLET),
        steps.ship(ctx, [PALLET]),
        steps.receive_return(ctx, [ITEM]),
        steps.link_transaction(ctx, [PALLET], [manifest, BizTransaction("urn:x:bol:1", "bol")]),
        object_event(
            _ctx(biz_step="urn:epcglobal:cbv:bizstep:stock_taking"),
            quantities=[Quantity("urn:epc:class:lgtin:6901234.100001.L1", 12.5, "KGM")],
        ),
        aggregation_event(
            _ctx(biz_step="packing", event_id="urn:uuid:8c8b1f0e-7a55-4a36-9f5e-8d5b9e0b1c11"),
            parent_id=PALLET,
            child_quantities=[Quantity("https://id.gs1.org/01/16901234000013/10/L1", 3)],
        ),
        transaction_event(
            _ctx(biz_transactions=(BizTransaction("urn:x:po:7", "po"),)),
            epcs=[ITEM],
            action="DELETE",
        ),
    ]


def test_every_built_event_validates_in_a_document_and_alone():
    """Builder output passes the schema in an EPCISDocument, a query document and alone."""
    events = _built_events()
    ns = {"silk": "https://silkhub.example/epcis/"}
    assert validate_epcis(epcis_document(events, creation_date=WHEN, namespaces=ns)) == []
    assert validate_epcis(epcis_query_document(events, creation_date=WHEN)) == []
    for event in events:
        assert validate_epcis(standalone_event(event, ns)) == []


def test_built_events_carry_cbv_short_terms_and_utc_times():
    """Times are UTC with milliseconds plus the local offset; CBV URNs fold to short terms."""
    events = _built_events()
    first = events[0]
    assert first["eventTime"] == "2026-11-21T08:00:01.234Z"
    assert first["eventTimeZoneOffset"] == "+08:00"
    assert (first["action"], first["bizStep"], first["disposition"]) == (
        "ADD",
        "commissioning",
        "active",
    )
    assert events[8]["bizStep"] == "stock_taking"
    assert events[9]["eventID"].startswith("urn:uuid:")
    assert web_uri("disposition", "in_transit") == "https://ref.gs1.org/cbv/Disp-in_transit"


def test_built_events_round_trip_through_the_parser():
    """Records parsed from built events hold what the builders were given."""
    records = parse_document(epcis_document(_built_events(), creation_date=WHEN))
    pack = records[3]
    assert (pack.type, pack.action, pack.parent_id, pack.child_epcs) == (
        "AggregationEvent",
        "ADD",
        PALLET,
        (ITEM,),
    )
    assert records[7].biz_transactions[1] == ("bol", "urn:x:bol:1")
    assert records[0].event_time == WHEN.replace(microsecond=234000)  # millisecond precision


@pytest.mark.parametrize(
    ("build", "code"),
    [
        (lambda: object_event(_ctx()), "E_BAD_EVENT"),
        (lambda: object_event(_ctx(), epcs=["not a uri"]), "E_BAD_EVENT"),
        (lambda: object_event(_ctx(), epcs=[ITEM, ITEM]), "E_BAD_EVENT"),
        (lambda: object_event(_ctx(event_time=WHEN.replace(tzinfo=None)), epcs=[ITEM]),
         "E_BAD_TIME"),
        (lambda: object_event(_ctx(biz_step="flying"), epcs=[ITEM]), "E_BAD_VOCAB"),
        (lambda: transaction_event(_ctx(), epcs=[ITEM]), "E_BAD_EVENT"),
        (lambda: aggregation_event(_ctx(), parent_id=None, child_epcs=[ITEM]), "E_BAD_EVENT"),
    ],
)  # fmt: skip
def test_builders_refuse_incomplete_events(build, code):
    """No EPCs, non-URIs, duplicates, naive times, unknown CBV terms, missing transactions
    or parents are refused before anything is stored."""
    with pytest.raises(TraceError) as err:
        build()
    assert err.value.code == code


def test_hash_event_id_is_deterministic_and_content_sensitive():
    """Same content -> same ni:///sha-256 ID; any change -> a different ID."""
    a = steps.ship(_ctx(), [PALLET])
    b = steps.ship(_ctx(event_time=WHEN.astimezone(dt.UTC).astimezone(CST)), [PALLET])
    c = steps.ship(_ctx(), [ITEM])
    assert a["eventID"] == b["eventID"]
    assert a["eventID"] != c["eventID"]
    assert a["eventID"].startswith("ni:///sha-256;")


def test_identifiers_cover_every_role_in_raw_and_canonical_form():
    """MATCH_epc / MATCH_anyEPC indexes hold URNs and their Digital Links, both ways."""
    pack = steps.pack(_ctx(), PALLET, [ITEM])
    ids = event_identifiers(pack)
    assert ITEM in ids.epc and "https://id.gs1.org/01/16901234000013/21/SN1" in ids.epc
    assert "https://id.gs1.org/00/369012340000000017" in ids.parent_id
    assert ids.parent_id <= ids.any_epc
    assert "https://id.gs1.org/414/6901234000009/254/DOCK-1" in ids.locations
    dl_example = FIXTURES / "Example_9.6.3-AggregationEventWithDigitalLink.jsonld"
    (agg,) = parse_document(_load(dl_example))
    dl_ids = event_identifiers(agg)
    assert "https://id.gs1.org/01/04012345123456/10/998877" in dl_ids.any_epc_class
    assert "https://id.gs1.org/01/70614141123451/21/2017" in dl_ids.epc


def test_query_page_gives_the_standard_paging_headers():
    """Next page: Link rel="next" with nextPageToken, and the token's expiry header."""
    doc = epcis_query_document([], creation_date=WHEN)
    page = QueryPage(doc, "tok-2", WHEN)
    headers = page.headers("https://wh.example/epcis/events?perPage=50&nextPageToken=tok-1")
    assert headers["Link"] == (
        '<https://wh.example/epcis/events?perPage=50&nextPageToken=tok-2>; rel="next"'
    )
    assert headers["GS1-Next-Page-Token-Expires"] == "2026-11-21T08:00:01.234Z"
    assert QueryPage(doc).headers("https://wh.example/epcis/events") == {}
