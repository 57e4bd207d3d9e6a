"""Trace any code a person or system holds: find its events, its parents and children.

Up from the subject (parcel -> carton -> pallet -> container), then down (container ->
pallets -> ... -> units), level by level over what :class:`~warehouse.trace.fetch.Fetcher`
read: one recursive statement for both ways, a query per level only for what it missed. A
parent's events count for the subject only while the subject was inside it. A code that is
no GS1 key (a waybill number) is looked up among the business transactions and traces the
goods tied to it.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from warehouse.errors import Invalid, NotFound
from warehouse.trace.aggregation import (
    Link,
    Seen,
    Window,
    child_links,
    children_now,
    current_children,
    emptied_at,
)
from warehouse.trace.codes import parse_code
from warehouse.trace.customs import TraceKeys, customs_status
from warehouse.trace.digitallink import parse_digital_link
from warehouse.trace.epcis.index import canonical_id
from warehouse.trace.errors import TraceError
from warehouse.trace.fetch import Fetcher
from warehouse.trace.ingest import document_ref
from warehouse.trace.models import EpcisEvent, EventIdentifier
from warehouse.trace.search import events_touching
from warehouse.trace.story import Story, StoryEvent, TreeNode, assemble

E_UNKNOWN_CODE = "E_UNKNOWN_CODE"
MAX_DEPTH = 8
MAX_TREE_NODES = 5000


def _seen(rows: Sequence[EpcisEvent]) -> list[Seen]:
    return [Seen.of(row.id, row.site, row.body) for row in rows]


def _tied_goods(session: Session, reference: str) -> list[str]:
    """Goods tied to a business document by its number or URI (a waybill, a bill of lading)."""
    rows = events_touching(session, [reference], roles=("bizt",))
    goods: dict[str, None] = {}
    for seen in _seen(rows):
        r = seen.record
        goods.update(dict.fromkeys(canonical_id(e) for e in (*r.epc_list, r.parent_id) if e))
    return list(goods)


def resolve(session: Session, code: str) -> tuple[str, list[str]]:
    """The canonical subject of ``code`` and any other goods the same document ties."""
    try:
        parsed = parse_code(code)
    except TraceError as exc:
        raise Invalid(exc.code, exc.reason, code_text=code[:200]) from None
    link = parsed.digital_link()
    if link is not None:
        return canonical_id(link), []
    raw = parsed.text
    roles = set(session.scalars(select(EventIdentifier.role).where(EventIdentifier.value == raw)))
    if roles - {"bizt"}:
        return raw, []
    goods = _tied_goods(session, raw)
    if goods:
        return goods[0], goods[1:]
    if parsed.issue:
        raise Invalid(parsed.issue, f"{raw!r} looks like a GS1 key with a wrong check digit.")
    raise NotFound(E_UNKNOWN_CODE, "No event names this code.", code_text=raw[:200])


def _walk_up(
    fetch: Fetcher, subject: str
) -> tuple[list[Link], dict[str, list[Window]], dict[str, list[Seen]]]:
    windows: dict[str, list[Window]] = {subject: [Window()]}
    by_node: dict[str, list[Seen]] = {}
    links: list[Link] = []
    frontier = [subject]
    for _ in range(MAX_DEPTH):
        if not frontier:
            break
        fetched = fetch.by_node(frontier)
        nxt: list[str] = []
        for node in frontier:
            mine = by_node[node] = fetched[node]
            if node != subject:
                windows[node] = [_clip(node, w, mine) for w in windows[node]]
            for link in child_links(node, mine):
                for span in filter(None, (w.meet(link.window) for w in windows[node])):
                    windows.setdefault(link.parent, []).append(span)
                    links.append(link)
                    if link.parent not in by_node and link.parent not in nxt:
                        nxt.append(link.parent)
        frontier = nxt
    return links, windows, by_node


def _clip(node: str, window: Window, events: Sequence[Seen]) -> Window:
    emptied = emptied_at(node, events, window.since)
    return window.meet(Window(None, emptied)) or window if emptied else window


def _walk_down(fetch: Fetcher, subject: str, events: Sequence[Seen]) -> tuple[TreeNode, bool]:
    kids_of = {subject: children_now(subject, events)}
    level, count = list(kids_of[subject]), len(kids_of[subject])
    for _ in range(MAX_DEPTH):
        if not level or count >= MAX_TREE_NODES:
            break
        grouped = fetch.packings(level)
        nxt: list[str] = []
        for node in level:
            kids = kids_of[node] = [k for k in current_children(grouped[node]) if k not in kids_of]
            nxt.extend(kids)
        count += len(nxt)
        level = nxt
    return _tree(subject, kids_of, set()), bool(level)


def _tree(node: str, kids_of: dict[str, list[str]], seen: set[str]) -> TreeNode:
    seen.add(node)
    kids = [k for k in kids_of.get(node, []) if k not in seen]
    return TreeNode(node, tuple(_tree(k, kids_of, seen) for k in kids))


def _keys(nodes: Sequence[str], refs: Sequence[str], events: Sequence[StoryEvent]) -> TraceKeys:
    ssccs, items = [], []
    for node in nodes:
        try:
            elements = parse_digital_link(node).elements
        except TraceError:
            continue
        if "00" in elements:
            ssccs.append(elements["00"])
        elif "01" in elements and "21" in elements:
            items.append((elements["01"], elements["21"]))
    sites = tuple(dict.fromkeys(e.seen.site for e in events))
    return TraceKeys(tuple(ssccs), tuple(items), tuple(refs), sites)


def trace(session: Session, code: str, *, prefetch: bool = True) -> tuple[Story, list[str]]:
    """The story of ``code`` and the other goods its document ties (waybill lookups).

    ``Invalid`` (422) with the parse error code for a malformed code; ``NotFound``
    (``E_UNKNOWN_CODE``) when no event names it. ``prefetch=False`` reads level by level
    only (same story, more queries; kept to check the recursive reads against).
    """
    subject, related = resolve(session, code)
    fetch = Fetcher(session)
    if prefetch:
        fetch.prime(subject, MAX_DEPTH, MAX_DEPTH + 1)
    links, windows, by_node = _walk_up(fetch, subject)
    if not by_node.get(subject):
        raise NotFound(E_UNKNOWN_CODE, "No event names this code.", code_text=code[:200])
    down, truncated = _walk_down(fetch, subject, by_node[subject])
    events = [
        StoryEvent(node, seen)
        for node, spans in windows.items()
        for seen in by_node.get(node, [])
        if node == subject or any(w.holds(seen.time) for w in spans)
    ]
    records = [e.seen.record for e in sorted(events, key=lambda e: (e.seen.time, e.seen.pk))]
    refs = [ref for r in records for _, t in r.biz_transactions if (ref := document_ref(t))]
    customs = customs_status(session, _keys(list(windows), refs, events), records)
    return assemble(subject, events, links, down, customs, truncated), related
