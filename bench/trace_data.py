"""Synthetic shipments for the trace benchmark: containers of pallets of cartons of parcels.

Per container: 10 pallets x 8 cartons x 6 parcels x 2 units. Per parcel: commission the
units, pack them, tie the parcel to a waybill, pack it into its carton; then cartons onto
pallets, pallets into the container, the bill of lading, inspection, release, shipping and
arrival. About 2,000 events per container, spread over four sites.

``fast_row`` derives the stored columns and index rows of a generated event without parsing
its identifiers (the load of a million events is then bound by the generator and COPY);
``check_row`` proves it against the store's own ``prepare_event`` on a sample.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from warehouse.trace.checkdigit import check_digit
from warehouse.trace.epc import sgln_urn, sgtin_urn, sscc_urn
from warehouse.trace.epcis import BizTransaction, EventContext, Party, object_event, steps
from warehouse.trace.epcis.chain import canonical_json
from warehouse.trace.epcis.events import biz_transaction_urn
from warehouse.trace.epcis.index import canonical_id
from warehouse.trace.epcis.records import parse_time
from warehouse.trace.ingest import document_ref, prepare_event
from warehouse.trace.resolver import sscc_link
from warehouse.trace.sscc import SsccConfig, sscc_for_counter

PREFIX, CPL, GLN = "0614141", 7, "0614141000012"
BASE = "https://id.silkhub.example"
SITES = ("QD-B", "ZZ-B", "JN-B", "YJ-B")
PALLETS, CARTONS, PARCELS, UNITS = 10, 8, 6, 2
EVENTS_PER_CONTAINER = (PALLETS * CARTONS * PARCELS) * 4 + PALLETS * CARTONS + PALLETS + 5
START = dt.datetime(2025, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=8)))
CONFIG = SsccConfig(0, PREFIX)


@dataclass(frozen=True)
class Generated:
    site: str
    event: dict[str, Any]


class Numbers:
    def __init__(self) -> None:
        self.counter = 0

    def sscc(self) -> str:
        self.counter += 1
        return sscc_for_counter(CONFIG, self.counter)


def _ctx(when: dt.datetime, where: str, **kw: Any) -> EventContext:
    place = sgln_urn(GLN, CPL, where)
    return EventContext(when, read_point=place, biz_location=place, **kw)


def _parcel(n: Numbers, when: dt.datetime, carton: str, tag: str) -> Iterator[dict[str, Any]]:
    parcel = n.sscc()
    units = [sgtin_urn("04912345000019", f"{tag}-{parcel[-9:]}-{u}", CPL) for u in range(UNITS)]
    waybill = BizTransaction(biz_transaction_urn(GLN, f"YT{parcel[-12:]}"), "urn:silkhub:btt:wb")
    yield steps.commission(_ctx(when, "IN"), units)
    yield steps.pack(_ctx(when + dt.timedelta(minutes=1), "PACK"), sscc_link(BASE, parcel), units)
    yield steps.link_transaction(
        _ctx(when + dt.timedelta(minutes=2), "PACK"), [sscc_urn(parcel, CPL)], [waybill]
    )
    yield steps.pack(_ctx(when + dt.timedelta(minutes=3), "PACK"), carton, [sscc_urn(parcel, CPL)])


def container_events(n: Numbers, index: int) -> Iterator[dict[str, Any]]:
    """Every event of one container's goods, in time order."""
    when = START + dt.timedelta(hours=6 * index)
    container = sscc_urn(n.sscc(), CPL)
    pallets = []
    for p in range(PALLETS):
        pallet = sscc_urn(n.sscc(), CPL)
        cartons = []
        for c in range(CARTONS):
            carton = sscc_urn(n.sscc(), CPL)
            for k in range(PARCELS):
                t = when + dt.timedelta(minutes=p * 60 + c * 6 + k)
                yield from _parcel(n, t, carton, f"C{index}")
            cartons.append(carton)
        t = when + dt.timedelta(minutes=p * 60 + 55)
        for carton in cartons:
            yield steps.pack(_ctx(t, "DOCK"), pallet, [carton])
        pallets.append(pallet)
    t = when + dt.timedelta(hours=11)
    for pallet in pallets:
        yield steps.pack(_ctx(t, "PORT"), container, [pallet])
    bol = BizTransaction(biz_transaction_urn(GLN, f"BL{index:08d}"), "bol")
    yield steps.link_transaction(_ctx(t + dt.timedelta(minutes=5), "PORT"), [container], [bol])
    yield steps.inspect(_ctx(t + dt.timedelta(minutes=10), "PORT"), [container], True)
    yield object_event(
        _ctx(t + dt.timedelta(minutes=15), "PORT", disposition="urn:silkhub:disp:customs_released"),
        epcs=[container],
    )
    ship = _ctx(
        t + dt.timedelta(minutes=20),
        "PORT",
        sources=[Party("location", sgln_urn(GLN, CPL, "PORT"))],
        destinations=[Party("location", sgln_urn("8801234000000", CPL, "BUSAN"))],
    )
    yield steps.ship(ship, [container])
    yield steps.receive(_ctx(t + dt.timedelta(hours=30), "BUSAN"), [container])


def generate(total: int) -> Iterator[Generated]:
    """At least ``total`` events, container by container."""
    numbers = Numbers()
    for index in range(-(-total // EVENTS_PER_CONTAINER)):
        site = SITES[index % len(SITES)]
        for event in container_events(numbers, index):
            yield Generated(site, event)


def parcel_codes(total: int) -> tuple[list[str], list[str]]:
    """The parcels' Digital Links (QR text) and the containers' SSCCs of ``generate(total)``."""
    parcels, containers = [], []
    counter = 0
    per_container = 1 + PALLETS * (1 + CARTONS * (1 + PARCELS))
    for _ in range(-(-total // EVENTS_PER_CONTAINER)):
        containers.append(sscc_for_counter(CONFIG, counter + 1))
        ids = counter + 1
        for _p in range(PALLETS):
            ids += 1
            for _c in range(CARTONS):
                ids += 1
                for _k in range(PARCELS):
                    ids += 1
                    parcels.append(sscc_link(BASE, sscc_for_counter(CONFIG, ids)))
        counter += per_container
    return parcels, containers


GS1 = "https://id.gs1.org"
_SSCC_URN = f"urn:epc:id:sscc:{PREFIX}."
_UNIT_URN = "urn:epc:id:sgtin:4912345.000001."
_UNIT_LINK = f"{GS1}/01/04912345000019/21/"


@dataclass(frozen=True)
class Row:
    """What the store derives from one event (see ``warehouse.trace.ingest.prepare_event``)."""

    event_id: str
    text: str
    type: str
    action: str | None
    event_time: dt.datetime
    biz_step: str | None
    disposition: str | None
    read_point: str | None
    biz_location: str | None
    index: frozenset[tuple[str, str]]


def _canonical(uri: str) -> str:
    """canonical_id() for the three identifier shapes of this data set, without parsing."""
    if uri.startswith(_SSCC_URN):
        serial = uri[len(_SSCC_URN) :]
        body = serial[0] + PREFIX + serial[1:]
        return f"{GS1}/00/{body}{check_digit(body)}"
    if uri.startswith(_UNIT_URN):
        return _UNIT_LINK + uri[len(_UNIT_URN) :]
    if uri.startswith(BASE + "/00/"):
        return GS1 + uri[len(BASE) :]
    return canonical_id(uri)


def _place(body: dict[str, Any], key: str) -> str | None:
    place = body.get(key)
    return _canonical(place["id"]) if place else None


def fast_row(event: dict[str, Any], record_time: str) -> Row:
    """The stored form of one generated event, built directly from what the generator made.

    prepare_event() parses every identifier in full, which makes loading a million events
    take many minutes; this knows the shapes it generated. ``check_row`` compares the two.
    """
    body = {**event, "recordTime": record_time}
    epcs = [*body.get("epcList", ()), *body.get("childEPCs", ())]
    index = {(_canonical(e), "epc") for e in epcs}
    if "parentID" in body:
        index.add((_canonical(body["parentID"]), "parent"))
    for item in body.get("bizTransactionList", ()):
        uri = item["bizTransaction"]
        index.add((uri, "bizt"))
        ref = document_ref(uri)
        if ref:
            index.add((ref, "bizt"))
    return Row(
        body["eventID"], canonical_json(body).decode("utf-8"), body["type"], body.get("action"),
        parse_time(body["eventTime"]), body.get("bizStep"), body.get("disposition"),
        _place(body, "readPoint"), _place(body, "bizLocation"), frozenset(index),
    )  # fmt: skip


def check_row(event: dict[str, Any], row: Row, record_time: dt.datetime) -> None:
    """Raise unless ``row`` is exactly what the store would derive from ``event``."""
    p = prepare_event(event, record_time)
    r = p.record
    expected = Row(
        p.event_id, p.text, r.type, r.action, r.event_time, r.biz_step, r.disposition,
        p.read_point, p.biz_location, p.index,
    )  # fmt: skip
    if row != expected:
        raise AssertionError(f"fast row differs from the store's for {p.event_id}")
