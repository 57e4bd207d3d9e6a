"""What a trace reads from the store, each stored event parsed once per trace.

A :class:`Fetcher` answers "the events of these nodes" (walking up) and "the packings of
these parents" (walking down). ``prime`` reads both directions at once
(:mod:`warehouse.trace.closure`); nodes it covered are answered from memory and only the
others cost a query, one per level for all of the level's nodes.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from warehouse.trace.aggregation import Packing, Seen, in_time_order
from warehouse.trace.closure import read_both
from warehouse.trace.search import packings, touching


class Fetcher:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.parsed: dict[int, Seen] = {}
        self.events_of: dict[str, dict[int, Seen]] = {}
        self.packings_of: dict[str, list[Packing]] = {}

    def _seen(self, pk: int, site: str, body: str) -> Seen:
        seen = self.parsed.get(pk)
        if seen is None:
            seen = self.parsed[pk] = Seen.of(pk, site, body)
        return seen

    def prime(self, subject: str, up_depth: int, down_depth: int) -> None:
        """Read, in one statement, the events of the subject and of every parent it was ever
        in, and the packings of the subject and of everything ever inside it."""
        up, down = read_both(self.session, subject, up_depth, down_depth)
        if up is not None:
            for node in up.nodes:
                self.events_of.setdefault(node, {})
            for node, pk, site, body in up.rows:
                self.events_of[node][pk] = self._seen(pk, site, body)
        if down is not None:
            for node in down.nodes:
                self.packings_of.setdefault(node, [])
            for parent, packing in down.packings:
                self.packings_of[parent].append(packing)

    def by_node(self, nodes: Sequence[str]) -> dict[str, list[Seen]]:
        """Every event touching each node, in time order."""
        missing = [node for node in nodes if node not in self.events_of]
        for node in missing:
            self.events_of[node] = {}
        for value, pk, site, body in touching(self.session, missing):
            self.events_of[value][pk] = self._seen(pk, site, body)
        return {node: in_time_order(self.events_of[node].values()) for node in nodes}

    def packings(self, parents: Sequence[str]) -> dict[str, list[Packing]]:
        """Every packing (AggregationEvent) naming each node as its parent."""
        missing = [node for node in parents if node not in self.packings_of]
        for node in missing:
            self.packings_of[node] = []
        for parent, packing in packings(self.session, missing):
            self.packings_of[parent].append(packing)
        return {node: self.packings_of[node] for node in parents}
