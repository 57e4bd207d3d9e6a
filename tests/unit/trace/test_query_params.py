"""EPCIS query parameters and page tokens, read without a database; event preparation."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, seed
from hypothesis import strategies as st

from warehouse.errors import Invalid
from warehouse.trace.epcis import EventContext, object_event
from warehouse.trace.ingest import document_ref, order_warnings, prepare_event
from warehouse.trace.query import (
    MAX_PER_PAGE,
    PageToken,
    decode_token,
    encode_token,
    parse_query,
)
from warehouse.trace.resolver import item_link, link_type_of, linkset, sscc_link

NOW = dt.datetime(2026, 11, 21, 8, 0, tzinfo=dt.UTC)
URN = "urn:epc:id:sgtin:0614141.107346.2018"
DL = "https://id.gs1.org/01/10614141073464/21/2018"


def _refused(params: dict[str, list[str]]) -> Invalid:
    with pytest.raises(Invalid) as caught:
        parse_query(params, NOW)
    return caught.value


def test_identifiers_match_in_canonical_form() -> None:
    """MATCH_anyEPC with a URN and with a Digital Link (another domain, ?17=) is one query."""
    a = parse_query({"MATCH_anyEPC": [URN]}, NOW)
    b = parse_query(
        {"MATCH_anyEPC": ["https://example.com/01/10614141073464/21/2018?17=261231"]}, NOW
    )
    assert a == b and a.matches == ((("epc", "parent", "input", "output"), frozenset({DL})),)


def test_lists_come_repeated_or_with_commas() -> None:
    """EQ_bizStep=a,b and EQ_bizStep=a&EQ_bizStep=b give the same filter."""
    one = parse_query({"EQ_bizStep": ["shipping,receiving"]}, NOW)
    two = parse_query({"EQ_bizStep": ["shipping", "urn:epcglobal:cbv:bizstep:receiving"]}, NOW)
    assert one == two and one.equals == (("biz_step", frozenset({"shipping", "receiving"})),)


def test_private_biz_steps_pass_and_unknown_cbv_terms_do_not() -> None:
    """A private URI is a valid term; a made-up CBV URN is refused naming the parameter."""
    assert parse_query({"EQ_bizStep": ["urn:silkhub:bizstep:x"]}, NOW).equals
    assert _refused({"EQ_bizStep": ["urn:epcglobal:cbv:bizstep:dancing"]}).details == {
        "parameter": "EQ_bizStep"
    }


@pytest.mark.parametrize(
    "params",
    [
        {"EQ_colour": ["red"]},
        {"perPage": ["0"]},
        {"perPage": [str(MAX_PER_PAGE + 1)]},
        {"GE_eventTime": ["2026-11-21"]},
        {"LT_eventTime": ["a", "b"]},
        {"EQ_action": ["SHAKE"]},
        {"eventType": ["PartyEvent"]},
        {"MATCH_epc": [""]},
    ],
)
def test_bad_parameters_are_refused(params: dict[str, list[str]]) -> None:
    """Unknown names, bounds, bad times, unknown actions and types, empty values: E_QUERY_PARAM."""
    assert _refused(params).code == "E_QUERY_PARAM"


def test_times_are_read_with_their_offsets() -> None:
    """GE_eventTime in +08:00 is the same instant in UTC."""
    query = parse_query({"GE_eventTime": ["2026-11-21T16:00:00+08:00"]}, NOW)
    assert query.times == (("GE_eventTime", NOW),)


@seed(20261121)
@given(st.datetimes(timezones=st.just(dt.UTC)), st.integers(1, 2**31 - 1))
def test_a_page_token_round_trips(moment: dt.datetime, pk: int) -> None:
    """Any position encodes to a token that decodes to the same position for the same query."""
    token = encode_token(PageToken(moment, pk), "f1", NOW + dt.timedelta(hours=1))
    assert decode_token(token, "f1", NOW) == PageToken(moment, pk)


def test_a_token_only_continues_its_own_query_and_expires() -> None:
    """A token used with other filters, after expiry, or made up: E_BAD_PAGE_TOKEN."""
    query = parse_query({"EQ_bizStep": ["shipping"]}, NOW)
    token = encode_token(PageToken(NOW, 7), query.fingerprint(), NOW + dt.timedelta(hours=1))
    ok = parse_query({"EQ_bizStep": ["shipping"], "nextPageToken": [token]}, NOW)
    assert ok.after == PageToken(NOW, 7)
    for params, now in (
        ({"EQ_bizStep": ["receiving"], "nextPageToken": [token]}, NOW),
        ({"EQ_bizStep": ["shipping"], "nextPageToken": [token]}, NOW + dt.timedelta(hours=2)),
        ({"nextPageToken": ["bm9wZQ"]}, NOW),
    ):
        with pytest.raises(Invalid) as caught:
            parse_query(params, now)
        assert caught.value.code == "E_BAD_PAGE_TOKEN"


def _event(minutes: int) -> dict[str, object]:
    ctx = EventContext(NOW + dt.timedelta(minutes=minutes), biz_step="receiving")
    return object_event(ctx, epcs=[URN])


def test_prepared_events_get_an_id_a_record_time_and_canonical_index_rows() -> None:
    """The hash eventID is kept, recordTime is the store's, ``@context`` goes, the index holds
    the canonical Digital Link only."""
    event = {"@context": ["x"], **_event(0)}
    prepared = prepare_event(event, NOW)
    assert prepared.event_id == event["eventID"] and prepared.body["recordTime"].endswith("Z")
    assert "@context" not in prepared.body and prepared.index == {(DL, "epc")}
    assert prepare_event(event, NOW + dt.timedelta(hours=1)).content() == prepared.content()


def test_out_of_order_events_are_flagged_against_the_latest_time() -> None:
    """An event earlier than anything recorded before it is flagged with its position."""
    batch = [prepare_event(_event(m), NOW) for m in (5, 3, 9)]
    assert [w.index for w in order_warnings(batch, None)] == [1]
    assert [w.index for w in order_warnings(batch, NOW + dt.timedelta(minutes=6))] == [0, 1]


def test_document_numbers_are_read_from_transaction_uris() -> None:
    """cbv:bt URNs and http URLs give their last part; other URIs have none."""
    assert document_ref("urn:epcglobal:cbv:bt:0614141000012:YT%2F001") == "YT/001"
    assert document_ref("http://transaction.acme.com/po/12345678") == "12345678"
    assert document_ref("urn:epc:id:gdti:95252084.0001.0003555480001000") is None


def test_label_links_and_linksets() -> None:
    """Labels carry the Digital Link on our domain; the linkset is anchored there."""
    assert sscc_link("https://id.silkhub.example", "006141410000000005") == (
        "https://id.silkhub.example/00/006141410000000005"
    )
    assert item_link("https://d.example", "4912345000019", serial="A/1") == (
        "https://d.example/01/04912345000019/21/A%2F1"
    )
    shaped = linkset("https://d.example/00/1", {"pip": {"href": "https://p"}})
    assert shaped == {
        "linkset": [
            {"anchor": "https://d.example/00/1", "https://gs1.org/voc/pip": [{"href": "https://p"}]}
        ]
    }
    assert [link_type_of(v) for v in ("gs1:pip", "linkset", None)] == ["pip", "all", None]
