"""The Gantt of a plan as SVG geometry: one row per shipment, a bar per leg, gaps at hubs.

The time axis runs from the earliest ready time to the latest arrival or due time. Between two
legs the shipment waits at a hub (handling and waiting for the departure): a thin line shows it.
Ready and due times are ticks on the row; a late arrival is flagged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from routing.fields import parse_time as _parse

LABEL_W = 250.0
ROW_H = 30.0
AXIS_H = 34.0
MAX_ROWS = 300
STEPS_DAYS = (1, 2, 3, 7, 14, 28)


@dataclass(frozen=True)
class Bar:
    x: float
    w: float
    mode: str
    title: str


@dataclass
class GanttRow:
    sid: str
    label: str
    y: float
    bars: list[Bar] = field(default_factory=list)
    ghosts: list[Bar] = field(default_factory=list)
    gaps: list[tuple[float, float]] = field(default_factory=list)
    ready_x: float = 0.0
    due_x: float = 0.0
    late: bool = False
    planned: bool = True
    changed: bool = False


@dataclass
class GanttView:
    width: float
    height: float
    left: float
    rows: list[GanttRow]
    ticks: list[tuple[float, str]]
    hidden: int = 0


def parse_time(text: Any) -> datetime:
    """A contract time (the plan and shipments were validated before the job ran)."""
    moment = _parse(text)
    if moment is None:
        raise ValueError(f"not an RFC 3339 time: {text!r}")
    return moment


class TimeScale:
    def __init__(self, start: datetime, end: datetime, left: float, right: float) -> None:
        self.start, self.left = start, left
        seconds = max((end - start).total_seconds(), 3600.0)
        self.per_s = (right - left) / seconds

    def __call__(self, at: datetime) -> float:
        return round(self.left + (at - self.start).total_seconds() * self.per_s, 1)


def _bounds(plan: dict[str, Any], shipments: dict[str, dict[str, Any]]) -> tuple[datetime, ...]:
    times = [parse_time(s["ready"]) for s in shipments.values()]
    times += [parse_time(s["due"]) for s in shipments.values()]
    for item in plan.get("shipments", []):
        times += [parse_time(leg["arrive"]) for leg in item.get("legs", [])]
    start = min(times).replace(hour=0, minute=0, second=0, microsecond=0)
    end = max(times)
    return start, end + timedelta(hours=6)


def _ticks(scale: TimeScale, start: datetime, end: datetime, width: float) -> list[Any]:
    days = max(1, (end - start).days + 1)
    step = next((s for s in STEPS_DAYS if days / s <= (width - LABEL_W) / 90), STEPS_DAYS[-1])
    return [
        (scale(start + timedelta(days=d)), (start + timedelta(days=d)).strftime("%m-%d"))
        for d in range(0, days + 1, step)
    ]


def _bars(item: dict[str, Any], scale: TimeScale) -> list[Bar]:
    bars = []
    for leg in item.get("legs", []):
        x0, x1 = scale(parse_time(leg["depart"])), scale(parse_time(leg["arrive"]))
        title = f"{leg['service']}: {leg['from']} {leg['depart']} → {leg['to']} {leg['arrive']}"
        bars.append(Bar(x0, max(round(x1 - x0, 1), 2.0), leg["mode"], title))
    return bars


def _row(item: dict[str, Any], doc: dict[str, Any], y: float, scale: TimeScale) -> GanttRow:
    row = GanttRow(item["id"], f"{item['id']}  {doc['origin']} → {doc['destination']}", y)
    row.ready_x, row.due_x = scale(parse_time(doc["ready"])), scale(parse_time(doc["due"]))
    row.planned = item.get("status") == "planned"
    row.late = float(item.get("late_h") or 0) > 0
    row.bars = _bars(item, scale)
    row.gaps = [(a.x + a.w, b.x) for a, b in zip(row.bars, row.bars[1:], strict=False)]
    return row


def build_gantt(
    plan: dict[str, Any],
    shipments_doc: dict[str, Any],
    *,
    width: float = 1600.0,
    changed: frozenset[str] = frozenset(),
    before: dict[str, Any] | None = None,
) -> GanttView:
    """Rows of the plan's shipments (changed ones first, at most MAX_ROWS).

    `before` is the plan this one replaced: a changed shipment's old legs are drawn as ghosts.
    """
    old = {s["id"]: s for s in (before or {}).get("shipments", [])}
    docs = {s["id"]: s for s in shipments_doc.get("shipments", [])}
    items = sorted(plan.get("shipments", []), key=lambda s: (s["id"] not in changed, s["id"]))
    shown = [s for s in items if s["id"] in docs][:MAX_ROWS]
    start, end = _bounds(plan, {s["id"]: docs[s["id"]] for s in shown} or docs)
    scale = TimeScale(start, end, LABEL_W, width - 10)
    rows = []
    for i, item in enumerate(shown):
        row = _row(item, docs[item["id"]], AXIS_H + i * ROW_H, scale)
        row.changed = item["id"] in changed
        if row.changed and item["id"] in old:
            row.ghosts = _bars(old[item["id"]], scale)
        rows.append(row)
    height = AXIS_H + len(rows) * ROW_H + 8
    return GanttView(width, height, LABEL_W, rows, _ticks(scale, start, end, width),
                     len(items) - len(shown))  # fmt: skip
