"""The map of hubs and legs as SVG geometry: an equirectangular projection fitted to a box.

One dot per city (hubs grouped by their UN/LOCODE prefix), the network's services as faint
lines, the plan's legs as curves coloured by mode, thicker with more shipments. Longitudes are
shifted by 360 degrees when that shortens the span (a Pacific-centred map for Asia to the US).
Labels are placed greedily beside their dot where they do not overlap a placed label.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from app.web.dispatch_places import city_code, city_name

MODES = ("air", "rail", "sea", "road")
BEND = {"air": 0.18, "rail": 0.0, "sea": -0.14, "road": 0.07}
LABEL_PX = 15.0


@dataclass(frozen=True)
class Box:
    """A map extent in degrees (after the longitude shift)."""

    lon0: float
    lon1: float
    lat0: float
    lat1: float


@dataclass
class Place:
    code: str
    name: str
    x: float
    y: float
    hubs: list[str]
    label_x: float = 0.0
    label_y: float = 0.0
    anchor: str = "start"
    used: bool = False
    labelled: bool = True


@dataclass
class Line:
    mode: str
    d: str
    width: float
    count: int
    sids: list[str]
    title: str
    changed: bool = False


@dataclass
class MapView:
    width: float
    height: float
    places: list[Place]
    network: list[str]
    lines: list[Line]
    insets: list[tuple[float, float, float, float]] = field(default_factory=list)
    grid: list[tuple[str, str, float, float]] = field(default_factory=list)
    modes: list[str] = field(default_factory=lambda: list(MODES))


def shifted_lons(hubs: list[dict[str, Any]]) -> dict[str, float]:
    """Each hub's longitude, +360 for the Americas when that makes the span shorter."""
    lons = {h["id"]: float(h["lon"]) for h in hubs}
    shifted = {k: v + 360 if v < -30 else v for k, v in lons.items()}

    def span(values: dict[str, float]) -> float:
        return max(values.values()) - min(values.values()) if values else 0.0

    return shifted if span(shifted) < span(lons) else lons


def fit_box(points: list[tuple[float, float]], pad: float = 0.06) -> Box:
    lons = [p[0] for p in points] or [0.0]
    lats = [p[1] for p in points] or [0.0]
    dlon = max(max(lons) - min(lons), 2.0) * pad
    dlat = max(max(lats) - min(lats), 2.0) * pad
    return Box(min(lons) - dlon, max(lons) + dlon, min(lats) - dlat * 2, max(lats) + dlat * 2)


class Projection:
    """Equirectangular, x scaled by the cosine of the box's middle latitude."""

    def __init__(self, box: Box, width: float) -> None:
        self.box = box
        self.kx = math.cos(math.radians((box.lat0 + box.lat1) / 2))
        self.scale = width / ((box.lon1 - box.lon0) * self.kx)
        self.width = width
        self.height = (box.lat1 - box.lat0) * self.scale

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        x = (lon - self.box.lon0) * self.kx * self.scale
        y = (self.box.lat1 - lat) * self.scale
        return round(x, 1), round(y, 1)


def _places(network: dict[str, Any], lons: dict[str, float], locale: str) -> dict[str, Place]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for hub in network.get("hubs", []):
        groups[city_code(hub["id"])].append(hub)
    places = {}
    for code, hubs in groups.items():
        lon = sum(lons[h["id"]] for h in hubs) / len(hubs)
        lat = sum(float(h["lat"]) for h in hubs) / len(hubs)
        name = city_name(code, locale)
        places[code] = Place(code, name, lon, lat, [h["id"] for h in hubs])
    return places


def _curve(a: Place, b: Place, mode: str) -> str:
    dx, dy = b.x - a.x, b.y - a.y
    bend = BEND.get(mode, 0.0) * (1 if a.code < b.code else -1)
    cx, cy = (a.x + b.x) / 2 - dy * bend, (a.y + b.y) / 2 + dx * bend
    return f"M{a.x:.1f},{a.y:.1f} Q{cx:.1f},{cy:.1f} {b.x:.1f},{b.y:.1f}"


def _network_lines(network: dict[str, Any], places: dict[str, Place]) -> list[str]:
    pairs = set()
    for s in network.get("services", []):
        a, b = city_code(s["from"]), city_code(s["to"])
        if a != b and a in places and b in places:
            pairs.add(tuple(sorted((a, b))))
    return [_curve(places[a], places[b], "rail") for a, b in sorted(pairs)]


def _plan_lines(
    plan: dict[str, Any] | None, places: dict[str, Place], changed: set[str]
) -> list[Line]:
    users: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for shipment in (plan or {}).get("shipments", []):
        for leg in shipment.get("legs", []):
            a, b = city_code(leg["from"]), city_code(leg["to"])
            if a != b and a in places and b in places:
                users[(a, b, leg["mode"])].append(shipment["id"])
    lines = []
    for (a, b, mode), sids in sorted(users.items(), key=lambda kv: -len(kv[1])):
        places[a].used = places[b].used = True
        unique = sorted(set(sids))
        width = 2.5 + min(6.0, math.sqrt(len(unique)) * 1.4)
        title = f"{places[a].name} → {places[b].name}: {len(unique)}"
        lines.append(
            Line(mode, _curve(places[a], places[b], mode), round(width, 1), len(unique),
                 unique, title, bool(changed & set(unique)))
        )  # fmt: skip
    return lines[::-1]


def _text_width(text: str, size: float) -> float:
    return sum(size if ord(ch) > 0x2E80 else size * 0.64 for ch in text)


def _overlaps(box: tuple[float, float, float, float], taken: list[Any]) -> bool:
    x0, y0, x1, y1 = box
    return any(x0 < b[2] and b[0] < x1 and y0 < b[3] and b[1] < y1 for b in taken)


def place_labels(places: list[Place], width: float, height: float, size: float) -> None:
    """Put each label right, left, above or below its dot, avoiding labels placed before."""
    taken: list[tuple[float, float, float, float]] = [
        (p.x - 5, p.y - 5, p.x + 5, p.y + 5) for p in places
    ]
    for p in sorted(places, key=lambda q: (not q.used, q.x)):
        if not p.labelled:
            continue
        w, gap = _text_width(p.name, size), 9.0
        spots = [
            (p.x + gap, p.y + size * 0.35, "start", p.x + gap, p.y - size * 0.6),
            (p.x - gap, p.y + size * 0.35, "end", p.x - gap - w, p.y - size * 0.6),
            (p.x, p.y - gap - 2, "middle", p.x - w / 2, p.y - gap - size),
            (p.x, p.y + gap + size, "middle", p.x - w / 2, p.y + gap),
            (p.x + gap, p.y + gap + size * 0.6, "start", p.x + gap, p.y + gap - size * 0.3),
            (p.x - gap, p.y - gap, "end", p.x - gap - w, p.y - gap - size),
        ]
        fits = [s for s in spots if s[3] >= 0 and s[3] + w <= width and 0 <= s[4] <= height]
        free = [s for s in fits if not _overlaps((s[3], s[4], s[3] + w, s[4] + size), taken)]
        x, y, anchor, bx, by = (free or fits or spots)[0]
        p.label_x, p.label_y, p.anchor = round(x, 1), round(y, 1), anchor
        taken.append((bx, by, bx + w, by + size))


def build_map(
    network: dict[str, Any],
    plan: dict[str, Any] | None,
    locale: str,
    *,
    width: float = 1600.0,
    box: Box | None = None,
    details: tuple[Box, ...] = (),
    changed: frozenset[str] = frozenset(),
) -> MapView:
    """The map of `network` with the plan's legs, fitted to `box` (default: every hub).

    The `details` areas are outlined and their places left unlabelled (detail maps name them).
    """
    lons = shifted_lons(network.get("hubs", []))
    places = _places(network, lons, locale)
    box = box or fit_box([(p.x, p.y) for p in places.values()])
    project = Projection(box, width)
    rects = [_rect(project, box) for box in details]
    inside = {}
    for code, p in places.items():
        p.x, p.y = project(p.x, p.y)
        if -20 <= p.x <= width + 20 and -20 <= p.y <= project.height + 20:
            inside[code] = p
        if any(r[0] <= p.x <= r[0] + r[2] and r[1] <= p.y <= r[1] + r[3] for r in rects):
            p.labelled = False
    lines = _plan_lines(plan, places, set(changed))
    view = MapView(width, round(project.height, 1), list(inside.values()),
                   _network_lines(network, places), lines, rects)  # fmt: skip
    view.grid = graticule(project)
    place_labels(view.places, width, view.height, LABEL_PX)
    return view


def graticule(project: Projection) -> list[tuple[str, str, float, float]]:
    """Meridians and parallels (path, label, label x, label y) every 10 or 20 degrees."""
    box = project.box
    step = 20 if box.lon1 - box.lon0 > 90 else 10
    lines = []
    for lon in range(math.ceil(box.lon0 / step) * step, math.floor(box.lon1) + 1, step):
        (x, _), label = project(lon, box.lat0), f"{(lon + 180) % 360 - 180}°"
        lines.append((f"M{x},0 V{project.height:.1f}", label, x + 3, project.height - 6))
    for lat in range(math.ceil(box.lat0 / step) * step, math.floor(box.lat1) + 1, step):
        (_, y) = project(box.lon0, lat)
        lines.append((f"M0,{y} H{project.width:.1f}", f"{lat}°", 4.0, y - 4))
    return lines


def _rect(project: Projection, box: Box) -> tuple[float, float, float, float]:
    x0, y0 = project(box.lon0, box.lat1)
    x1, y1 = project(box.lon1, box.lat0)
    return (x0, y0, round(x1 - x0, 1), round(y1 - y0, 1))
