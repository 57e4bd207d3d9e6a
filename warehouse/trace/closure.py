"""Everything a trace will read, in one statement (two recursive CTEs).

Walking a packing tree level by level costs one round trip per level and, going down, an
``IN`` list of every node of the level. Instead, recursive CTEs follow AggregationEvents
from the subject (up: child -> parent; down: parent -> children) and the same statement
returns the rows the walk needs for every node they reached: up, every event touching the
node; down, every packing of the node. Both directions travel in one UNION ALL. The walk
in :mod:`warehouse.trace.tracing` still decides what counts (time windows, current
children); nodes the CTEs did not reach, or all of a direction's when its answer would be
too large, are read level by level as before.

The CTEs over-approximate (every parent or child ever, not only those of the right time),
so the number of nodes is capped; a node is reported only with all of its rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    CTE,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    literal,
    null,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.orm import Session, aliased

from warehouse.db import UTCDateTime
from warehouse.trace.aggregation import Packing
from warehouse.trace.models import EpcisEvent, EventIdentifier

AGGREGATION = "AggregationEvent"
UP, DOWN = "up", "down"
#: Nodes one closure may reach, and rows it may return, before the walk reads level by level.
MAX_NODES = 6000
MAX_ROWS = 30_000


@dataclass(frozen=True)
class UpRows:
    """Every event touching each reached node: (node, event pk, site, body)."""

    nodes: frozenset[str]
    rows: list[tuple[str, int, str, str]]


@dataclass(frozen=True)
class DownRows:
    """Every packing of each reached node (parent)."""

    nodes: frozenset[str]
    packings: list[tuple[str, Packing]]


def _reach(way: str, from_role: str, to_role: str) -> CTE:
    """Nodes reachable from ``:subject`` through AggregationEvents naming a node in
    ``from_role`` and the next one in ``to_role``, to ``:{way}_depth`` steps; capped."""
    src, dst = aliased(EventIdentifier), aliased(EventIdentifier)
    seed = select(bindparam("subject", type_=String).label("node"), literal(0).label("depth")).cte(
        f"reach_{way}", recursive=True
    )
    step = (
        select(dst.value, seed.c.depth + 1)
        .join(src, and_(src.value == seed.c.node, src.role == from_role))
        .join(EpcisEvent, and_(EpcisEvent.id == src.event_pk, EpcisEvent.event_type == AGGREGATION))
        .join(dst, and_(dst.event_pk == src.event_pk, dst.role == to_role))
        .where(seed.c.depth < bindparam(f"{way}_depth", type_=Integer))
    )  # fmt: skip
    reach = seed.union(step)
    return select(reach.c.node).distinct().limit(bindparam("max_nodes")).cte(f"nodes_{way}")


def _above() -> Select[Any]:
    """(node, event pk, site, body) of every event touching each node up."""
    nodes = _reach("up", "epc", "parent")
    found = (
        select(nodes.c.node, EpcisEvent.id, EpcisEvent.site, EpcisEvent.body)
        .select_from(nodes)
        .outerjoin(EventIdentifier, EventIdentifier.value == nodes.c.node)
        .outerjoin(EpcisEvent, EpcisEvent.id == EventIdentifier.event_pk)
        .limit(bindparam("max_rows"))
        .subquery()
    )
    return select(literal(UP).label("way"), found.c.node, found.c.id, found.c.site,
                  found.c.body, type_coerce(null(), UTCDateTime()).label("event_time"),
                  null().label("action"), null().label("child"))  # fmt: skip


def _below() -> Select[Any]:
    """(node, event pk, time, action, child) of every packing of each node down."""
    nodes = _reach("down", "parent", "epc")
    parent, child = aliased(EventIdentifier), aliased(EventIdentifier)
    found = (
        select(nodes.c.node, EpcisEvent.id, EpcisEvent.event_time, EpcisEvent.action,
               child.value.label("child"))
        .select_from(nodes)
        .outerjoin(parent, and_(parent.value == nodes.c.node, parent.role == "parent"))
        .outerjoin(EpcisEvent, and_(EpcisEvent.id == parent.event_pk,
                                    EpcisEvent.event_type == AGGREGATION))
        .outerjoin(child, and_(child.event_pk == EpcisEvent.id, child.role == "epc"))
        .limit(bindparam("max_rows"))
        .subquery()
    )  # fmt: skip
    return select(literal(DOWN).label("way"), found.c.node, found.c.id, null(), null(),
                  found.c.event_time, found.c.action, found.c.child)  # fmt: skip


#: Built once: the statement is the same for every trace, only the parameters change.
_BOTH = union_all(_above(), _below())


def read_both(
    session: Session, subject: str, up_depth: int, down_depth: int
) -> tuple[UpRows | None, DownRows | None]:
    """Up: the subject and every parent it was ever packed into, with all their events.
    Down: every packing of the subject and of everything ever inside it. One statement.

    Either is None when it would exceed ``MAX_ROWS`` (the caller reads level by level).
    """
    params = {"subject": subject, "up_depth": up_depth, "down_depth": down_depth,
              "max_nodes": MAX_NODES, "max_rows": MAX_ROWS + 1}  # fmt: skip
    up: list[Any] = []
    down: list[Any] = []
    for row in session.execute(_BOTH, params):
        (up if row[0] == UP else down).append(row[1:])
    return _up_rows(up), _down_rows(down)


def _up_rows(found: list[Any]) -> UpRows | None:
    if len(found) > MAX_ROWS:
        return None
    rows = [(r[0], r[1], r[2], r[3]) for r in found if r[1] is not None]
    return UpRows(frozenset(r[0] for r in found), rows)


def _down_rows(found: list[Any]) -> DownRows | None:
    if len(found) > MAX_ROWS:
        return None
    packing_rows = [(r[0], r[1], r[4], r[5], r[6]) for r in found]
    return DownRows(frozenset(r[0] for r in found), group_packings(packing_rows))


def group_packings(rows: Sequence[Any]) -> list[tuple[str, Packing]]:
    """(parent, packing) from rows of (parent, event pk, time, action, child or None)."""
    heads: dict[tuple[str, int], tuple[dt.datetime, str | None]] = {}
    kids: dict[tuple[str, int], set[str]] = {}
    for value, pk, moment, action, kid in rows:
        if pk is None:
            continue
        key = (value, pk)
        if key not in heads:
            heads[key], kids[key] = (moment, action), set()
        if kid is not None:
            kids[key].add(kid)
    return [(value, Packing(moment, pk, action, frozenset(kids[value, pk])))
            for (value, pk), (moment, action) in heads.items()]  # fmt: skip
