"""What was inside what, and when, from AggregationEvents (pure: no database).

A child is in a parent from an ``ADD`` (or ``OBSERVE``) that lists it until a ``DELETE`` that
lists it, or a ``DELETE`` of the parent without children (the parent was emptied). All
identifiers are compared in canonical form, so a parcel packed as an EPC URN and unpacked as a
Digital Link is the same parcel.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from warehouse.trace.epcis.index import canonical_id
from warehouse.trace.epcis.records import EventRecord, parse_event

#: Canonical forms are asked for again and again while walking a tree (parents recur).
canonical = lru_cache(maxsize=200_000)(canonical_id)


@dataclass(frozen=True)
class Seen:
    """One stored event: its storage id, site, the event as stored, and its parsed record."""

    pk: int
    site: str
    body: Mapping[str, Any]
    record: EventRecord

    @classmethod
    def of(cls, pk: int, site: str, body: str | Mapping[str, Any]) -> Seen:
        data = json.loads(body) if isinstance(body, str) else body
        return cls(pk, site, data, parse_event(data))

    @cached_property
    def parent(self) -> str | None:
        return canonical(self.record.parent_id) if self.record.parent_id else None

    @cached_property
    def children(self) -> frozenset[str]:
        return frozenset(canonical(c) for c in self.record.child_epcs)

    @property
    def time(self) -> dt.datetime:
        return self.record.event_time

    @property
    def is_aggregation(self) -> bool:
        return self.record.type == "AggregationEvent"


@dataclass(frozen=True)
class Window:
    """A span of time, open at either end when None: [since, until)."""

    since: dt.datetime | None = None
    until: dt.datetime | None = None

    def holds(self, moment: dt.datetime) -> bool:
        return (self.since is None or moment >= self.since) and (
            self.until is None or moment < self.until
        )

    def meet(self, other: Window) -> Window | None:
        since = max((t for t in (self.since, other.since) if t is not None), default=None)
        until = min((t for t in (self.until, other.until) if t is not None), default=None)
        if since is not None and until is not None and until <= since:
            return None
        return Window(since, until)


@dataclass(frozen=True)
class Link:
    """``child`` was inside ``parent`` during ``window``."""

    child: str
    parent: str
    window: Window
    event_id: str | None = None


def in_time_order(events: Iterable[Seen]) -> list[Seen]:
    return sorted(events, key=lambda s: (s.time, s.pk))


def child_links(node: str, events: Sequence[Seen]) -> list[Link]:
    """Every parent ``node`` was packed into, with the time it stayed there."""
    open_links: dict[str, Link] = {}
    closed: list[Link] = []
    for ev in in_time_order(e for e in events if e.is_aggregation and node in e.children):
        parent, action = ev.parent, ev.record.action
        if parent is None:
            continue
        if action == "DELETE" and parent in open_links:
            link = open_links.pop(parent)
            closed.append(Link(node, parent, Window(link.window.since, ev.time), link.event_id))
        elif action != "DELETE" and parent not in open_links:
            open_links[parent] = Link(node, parent, Window(ev.time), ev.record.event_id)
    return sorted([*closed, *open_links.values()], key=lambda link: _since_key(link.window))


def _since_key(window: Window) -> dt.datetime:
    return window.since or dt.datetime.min.replace(tzinfo=dt.UTC)


def emptied_at(
    parent: str, events: Sequence[Seen], after: dt.datetime | None
) -> dt.datetime | None:
    """When ``parent`` was next emptied completely (a DELETE without children), if ever."""
    for ev in in_time_order(events):
        if (ev.is_aggregation and ev.parent == parent and ev.record.action == "DELETE"
                and not ev.children and (after is None or ev.time >= after)):  # fmt: skip
            return ev.time
    return None


@dataclass(frozen=True)
class Packing:
    """What an AggregationEvent did to its parent: when, ADD/OBSERVE/DELETE, which children."""

    time: dt.datetime
    pk: int
    action: str | None
    children: frozenset[str]


def packing_of(event: Seen) -> Packing:
    return Packing(event.time, event.pk, event.record.action, event.children)


def current_children(packings: Iterable[Packing]) -> list[str]:
    """The children inside a parent after ``packings`` (its AggregationEvents), packing order."""
    inside: dict[str, None] = {}
    for p in sorted(packings, key=lambda p: (p.time, p.pk)):
        if p.action != "DELETE":
            inside.update(dict.fromkeys(sorted(p.children)))
        elif not p.children:
            inside.clear()
        else:
            for child in p.children:
                inside.pop(child, None)
    return list(inside)


def children_now(parent: str, events: Sequence[Seen]) -> list[str]:
    """The children inside ``parent`` after the last of ``events``, in packing order."""
    return current_children(
        packing_of(e) for e in events if e.is_aggregation and e.parent == parent
    )
