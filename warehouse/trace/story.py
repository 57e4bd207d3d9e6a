"""The story of one code, assembled from its events (pure: no database).

Inputs are the events of the subject and of every parent it was packed into, each limited to
the time the subject was inside (see :mod:`warehouse.trace.aggregation`). From them: the
events in time order, the legs travelled (shipping/departing opens a leg, receiving/arriving
closes it; bills of lading from the events and from TransactionEvents), the business
documents, where it is now (the latest event's location) and where it was first seen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from warehouse.trace.aggregation import Link, Seen
from warehouse.trace.customs import CustomsStatus

DEPARTING = frozenset({"shipping", "departing"})
ARRIVING = frozenset({"receiving", "arriving"})
ORIGIN_KEYS = ("silk:origin", "cbvmda:countryOfOrigin", "countryOfOrigin")


@dataclass(frozen=True)
class StoryEvent:
    """An event of the story, and the code it is about (the subject or one of its parents)."""

    about: str
    seen: Seen


@dataclass
class Leg:
    source: str | None
    destination: str | None
    departed: dt.datetime
    arrived: dt.datetime | None = None
    arrived_at: str | None = None
    documents: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Whereabouts:
    location: str | None
    read_point: str | None
    at: dt.datetime
    biz_step: str | None
    disposition: str | None
    in_transit_to: str | None = None


@dataclass(frozen=True)
class TreeNode:
    id: str
    children: tuple[TreeNode, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "children": [c.to_json() for c in self.children]}


@dataclass(frozen=True)
class Story:
    subject: str
    up: list[Link]
    down: TreeNode
    events: list[StoryEvent]
    customs: CustomsStatus
    legs: list[Leg]
    documents: list[tuple[str | None, str]]
    now: Whereabouts | None
    origin: Whereabouts | None
    origin_country: str | None
    truncated: bool = False


def _location(items: Sequence[tuple[str, str]]) -> str | None:
    return next((ident for kind, ident in items if kind == "location"), None)


def _place(seen: Seen) -> str | None:
    return seen.record.biz_location or seen.record.read_point


def bills_of_lading(events: Sequence[Seen], before: dt.datetime) -> list[str]:
    """Bills of lading the goods were tied to (TransactionEvent ADD, not DELETEd) at ``before``."""
    active: dict[str, None] = {}
    for ev in events:
        if ev.time > before:
            break
        bols = [t for kind, t in ev.record.biz_transactions if kind == "bol"]
        if ev.record.type != "TransactionEvent" or ev.record.action != "DELETE":
            active.update(dict.fromkeys(bols))
        else:
            for bol in bols:
                active.pop(bol, None)
    return list(active)


def legs(events: Sequence[Seen]) -> list[Leg]:
    """Legs in time order; one shipping event seen through two codes opens one leg."""
    out: list[Leg] = []
    for ev in events:
        r = ev.record
        if r.biz_step in DEPARTING:
            source = _location(r.sources) or _place(ev)
            destination = _location(r.destinations)
            last = out[-1] if out else None
            if last and last.arrived is None and (last.source, last.destination) == (
                source, destination,
            ):  # fmt: skip
                continue
            out.append(
                Leg(source, destination, ev.time, documents=bills_of_lading(events, ev.time))
            )
        elif r.biz_step in ARRIVING and out and out[-1].arrived is None:
            out[-1].arrived, out[-1].arrived_at = ev.time, _place(ev)
    return out


def documents(events: Sequence[Seen]) -> list[tuple[str | None, str]]:
    """Every business transaction (type, URI) named by the events, first mention first."""
    found: dict[tuple[str | None, str], None] = {}
    for ev in events:
        found.update(dict.fromkeys(ev.record.biz_transactions))
    return list(found)


def _where(ev: Seen, in_transit_to: str | None = None) -> Whereabouts:
    r = ev.record
    return Whereabouts(_place(ev), r.read_point, ev.time, r.biz_step, r.disposition, in_transit_to)


def now(events: Sequence[Seen], route: Sequence[Leg]) -> Whereabouts | None:
    """Where the goods are now: the latest event; in transit when its disposition says so."""
    if not events:
        return None
    last = events[-1]
    going = route[-1].destination if route and route[-1].arrived is None else None
    return _where(last, going if last.record.disposition == "in_transit" else None)


def origin_country(events: Sequence[Seen]) -> str | None:
    """A country of origin given by an event extension or its ilmd, first mention."""
    for ev in events:
        ilmd = ev.body.get("ilmd")
        for source in (ev.body, ilmd if isinstance(ilmd, Mapping) else {}):
            for key in ORIGIN_KEYS:
                if isinstance(source.get(key), str):
                    return str(source[key])
    return None


def assemble(
    subject: str,
    events: Sequence[StoryEvent],
    up: list[Link],
    down: TreeNode,
    customs: CustomsStatus,
    truncated: bool = False,
) -> Story:
    """The story: events in time order (one per stored event), legs, documents, now, origin."""
    unique: dict[int, StoryEvent] = {}
    for item in events:
        if item.seen.pk not in unique or item.about == subject:
            unique[item.seen.pk] = item
    ordered = sorted(unique.values(), key=lambda s: (s.seen.time, s.seen.pk))
    seen = [s.seen for s in ordered]
    route = legs(seen)
    return Story(
        subject=subject, up=up, down=down, events=ordered, customs=customs, legs=route,
        documents=documents(seen), now=now(seen, route),
        origin=_where(seen[0]) if seen else None, origin_country=origin_country(seen),
        truncated=truncated,
    )  # fmt: skip
