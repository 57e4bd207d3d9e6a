"""The quick quote page: one shipment's Pareto options as a table and a cost-vs-time scatter."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import render_template
from flask.typing import ResponseReturnValue
from flask_login import login_required

from app.web import web
from app.web.dispatch import require_planner
from app.web.dispatch_forms import QuoteForm
from app.web.dispatch_view import short_time, stops
from routing.fields import format_time
from warehouse.errors import DomainError
from warehouse.multimodal.inputs import seed_document
from warehouse.multimodal.quotes import quick_quote

W, H, LEFT, BOTTOM, TOP, RIGHT = 640.0, 360.0, 86.0, 48.0, 22.0, 130.0


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    index: int
    tags: list[str]
    label: bool = True


@dataclass(frozen=True)
class Scatter:
    dots: list[Dot]
    xticks: list[tuple[float, str]]
    yticks: list[tuple[float, str]]
    width: float = W
    height: float = H
    left: float = LEFT
    bottom: float = H - BOTTOM
    right: float = W - RIGHT
    top: float = TOP


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round-numbered ticks covering [low, high]."""
    if high <= low:
        high = low + 1.0
    raw = (high - low) / count
    step = 10 ** math.floor(math.log10(raw))
    step *= next(m for m in (1, 2, 2.5, 5, 10) if raw <= step * m)
    first = math.floor(low / step) * step
    return [first + i * step for i in range(math.ceil((high - first) / step) + 1)]


def scatter(options: list[dict[str, Any]]) -> Scatter | None:
    """Cost (y) against transit days (x), one dot per option."""
    if not options:
        return None
    days = [float(o["transit_h"]) / 24 for o in options]
    costs = [float(o["cost"]) for o in options]
    xs, ys = nice_ticks(0, max(days) * 1.05), nice_ticks(0, max(costs) * 1.05)

    def px(v: float) -> float:
        return round(LEFT + v / xs[-1] * (W - RIGHT - LEFT), 1)

    def py(v: float) -> float:
        return round(H - BOTTOM - v / ys[-1] * (H - BOTTOM - TOP), 1)

    dots = [
        Dot(px(d), py(c), i, o["tags"])
        for i, (d, c, o) in enumerate(zip(days, costs, options, strict=True))
    ]
    return Scatter(
        labelled(dots), [(px(x), f"{x:g}") for x in xs], [(py(y), f"{y:,.0f}") for y in ys]
    )


def labelled(dots: list[Dot]) -> list[Dot]:
    """Label the tagged dots first, then the others where their label does not collide."""
    taken: list[tuple[float, float, float]] = []
    out = {}
    for dot in sorted(dots, key=lambda d: not d.tags):
        width = 30.0 + 70.0 * len(dot.tags)
        free = all(
            dot.x + width < x - 8 or x + w < dot.x - 8 or abs(dot.y - y) > 18 for x, y, w in taken
        )
        out[dot.index] = Dot(dot.x, dot.y, dot.index, dot.tags, bool(dot.tags) or free)
        if out[dot.index].label:
            taken.append((dot.x, dot.y, width))
    return [out[d.index] for d in dots]


def hub_choices() -> list[tuple[str, str]]:
    return [(h["id"], f"{h['id']} · {h['name']}") for h in seed_document()["hubs"]]


def _defaults(form: QuoteForm) -> None:
    if form.ready.data is None:
        form.origin.data, form.destination.data = "CNTAO-BZ", "DEDUI-OW"
        form.ready.data = datetime(2026, 12, 3, 8, 0)
        form.due.data = form.ready.data + timedelta(days=21)


def shipment_doc(form: QuoteForm) -> dict[str, Any]:
    def utc(moment: datetime | None) -> str:
        return format_time((moment or datetime.now()).replace(tzinfo=UTC))

    return {
        "id": "QUOTE", "origin": form.origin.data, "destination": form.destination.data,
        "ready": utc(form.ready.data), "due": utc(form.due.data),
        "weight_kg": form.weight_kg.data, "volume_m3": form.volume_m3.data,
        "cargo": form.cargo.data,
    }  # fmt: skip


@web.route("/dispatch/quote", methods=["GET", "POST"])
@login_required
def dispatch_quote() -> ResponseReturnValue:
    require_planner()
    form = QuoteForm()
    form.origin.choices = form.destination.choices = hub_choices()
    quote, error = None, None
    if form.validate_on_submit():
        try:
            quote = quick_quote("seed", shipment_doc(form))
        except DomainError as exc:
            issues = "; ".join(i.get("message", "") for i in exc.details.get("issues", []))
            error = f"{exc.message} {issues}".strip()
    elif form.is_submitted():
        error = "form"
    _defaults(form)
    options = (quote or {}).get("options", [])
    return render_template(
        "dispatch/quote.html", form=form, quote=quote, error=error, options=options,
        chart=scatter(options), stops=stops, short_time=short_time,
    ), 422 if error else 200  # fmt: skip
