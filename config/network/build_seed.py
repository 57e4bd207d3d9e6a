"""Build config/network/seed.json, the seed network of the pilot zones' corridors.

Run `python config/network/build_seed.py` to regenerate; the JSON is the reference data. Figures
are representative planning values (not tariffs): distances are great-circle times a mode's
circuity unless a route distance is given; prices are CNY per kg for an MTO allotment.
"""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime, timedelta
from pathlib import Path

HORIZON = (datetime(2026, 12, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC))

# id, name, kind, lat, lon, country, handling_h, handling_cost_per_kg
HUBS = [
    (
        "CNTAO-SEA",
        "Qingdao Port (Qianwan container terminal)",
        "seaport",
        36.02,
        120.21,
        "CN",
        12,
        0.05,
    ),
    (
        "CNTAO-AIR",
        "Qingdao Jiaodong International Airport",
        "airport",
        36.36,
        120.09,
        "CN",
        4,
        0.30,
    ),
    ("CNTAO-RAIL", "Qingdao Jiaozhou multimodal rail hub", "rail", 36.30, 119.98, "CN", 8, 0.08),
    (
        "CNTAO-BZ",
        "Qingdao Qianwan comprehensive bonded zone",
        "bonded",
        35.99,
        120.18,
        "CN",
        6,
        0.06,
    ),
    ("CNTAO-HUB", "Qingdao port consolidation hub", "warehouse", 36.05, 120.23, "CN", 8, 0.10),
    ("CNTAO-RET", "Qingdao cross-border returns centre", "warehouse", 36.27, 120.38, "CN", 6, 0.06),
    (
        "CNCGO-AIR",
        "Zhengzhou Xinzheng International Airport",
        "airport",
        34.52,
        113.84,
        "CN",
        4,
        0.30,
    ),
    (
        "CNCGO-RAIL",
        "Zhengzhou international land port (Putian)",
        "rail",
        34.70,
        113.73,
        "CN",
        8,
        0.08,
    ),
    (
        "CNCGO-BZ",
        "Zhengzhou Airport Economy Zone bonded zone",
        "bonded",
        34.55,
        113.87,
        "CN",
        6,
        0.06,
    ),
    ("CNTNA-AIR", "Jinan Yaoqiang International Airport", "airport", 36.86, 117.22, "CN", 4, 0.30),
    (
        "CNTNA-MAIL",
        "Jinan international mail exchange centre",
        "warehouse",
        36.84,
        117.19,
        "CN",
        6,
        0.10,
    ),
    ("CNTNA-BZ", "Jinan comprehensive bonded zone", "bonded", 36.73, 117.10, "CN", 6, 0.06),
    ("CNTNA-RAIL", "Jinan international land port", "rail", 36.72, 116.90, "CN", 8, 0.08),
    (
        "CNYNJ-AIR",
        "Yanji Chaoyangchuan International Airport",
        "airport",
        42.88,
        129.45,
        "CN",
        4,
        0.30,
    ),
    ("CNYNJ-RAIL", "Yanji railway freight station", "rail", 42.91, 129.50, "CN", 8, 0.08),
    (
        "CNYNJ-BZ",
        "Yanji cross-border e-commerce bonded warehouse",
        "bonded",
        42.90,
        129.55,
        "CN",
        6,
        0.06,
    ),
    ("CNHUN-RAIL", "Hunchun railway port", "rail", 42.87, 130.37, "CN", 8, 0.08),
    ("CNHUN-ROAD", "Hunchun Changlingzi road port", "road", 42.64, 130.59, "CN", 4, 0.05),
    ("CNYJG-SEA", "Yangjiang port", "seaport", 21.73, 111.83, "CN", 12, 0.05),
    ("CNYJG-BZ", "Yangjiang cross-border e-commerce zone", "bonded", 21.86, 111.98, "CN", 6, 0.06),
    ("RUZAR-SEA", "Zarubino port", "seaport", 42.64, 131.08, "RU", 12, 0.06),
    ("KRPUS-SEA", "Busan New Port", "seaport", 35.08, 128.83, "KR", 12, 0.06),
    ("KRICN-AIR", "Incheon International Airport", "airport", 37.46, 126.44, "KR", 4, 0.30),
    ("KRICN-OW", "Korea overseas warehouse (Incheon)", "warehouse", 37.47, 126.63, "KR", 6, 0.08),
    ("JPOSA-SEA", "Port of Osaka", "seaport", 34.64, 135.43, "JP", 12, 0.08),
    ("JPTYO-SEA", "Port of Tokyo", "seaport", 35.62, 139.79, "JP", 12, 0.08),
    ("JPNRT-AIR", "Narita International Airport", "airport", 35.77, 140.39, "JP", 4, 0.30),
    ("JPKIX-AIR", "Kansai International Airport", "airport", 34.43, 135.23, "JP", 4, 0.30),
    ("JPOSA-OW", "Japan overseas warehouse (Osaka)", "warehouse", 34.68, 135.52, "JP", 6, 0.08),
    ("SGSIN-SEA", "Port of Singapore", "seaport", 1.26, 103.82, "SG", 12, 0.06),
    ("NLRTM-SEA", "Port of Rotterdam (Maasvlakte)", "seaport", 51.95, 4.14, "NL", 12, 0.08),
    ("USLAX-SEA", "Port of Los Angeles", "seaport", 33.73, -118.26, "US", 12, 0.10),
    ("USLAX-AIR", "Los Angeles International Airport", "airport", 33.94, -118.41, "US", 4, 0.35),
    ("USLAX-OW", "US overseas warehouse (Ontario, CA)", "warehouse", 34.06, -117.60, "US", 6, 0.10),
    ("KZKHG-RAIL", "Khorgos Gateway dry port", "rail", 44.15, 80.35, "KZ", 8, 0.08),
    ("KZALA-RAIL", "Almaty-1 rail terminal", "rail", 43.34, 76.95, "KZ", 8, 0.08),
    (
        "KZALA-OW",
        "Kazakhstan overseas warehouse (Almaty)",
        "warehouse",
        43.27,
        76.87,
        "KZ",
        6,
        0.08,
    ),
    ("KGFRU-RAIL", "Bishkek rail terminal", "rail", 42.86, 74.62, "KG", 8, 0.08),
    ("RUMOW-RAIL", "Moscow Selyatino rail terminal", "rail", 55.52, 36.98, "RU", 8, 0.08),
    ("RUMOW-OW", "Russia overseas warehouse (Moscow)", "warehouse", 55.62, 37.60, "RU", 6, 0.08),
    ("RULED-RAIL", "St Petersburg Shushary rail terminal", "rail", 59.81, 30.40, "RU", 8, 0.08),
    ("PLMAL-RAIL", "Malaszewicze rail terminal", "rail", 52.04, 23.53, "PL", 8, 0.08),
    ("DEDUI-RAIL", "Duisburg intermodal terminal (logport)", "rail", 51.39, 6.70, "DE", 8, 0.08),
    ("DEDUI-OW", "Germany overseas warehouse (Duisburg)", "warehouse", 51.43, 6.77, "DE", 6, 0.10),
    ("DEHAM-RAIL", "Hamburg Billwerder rail terminal", "rail", 53.52, 10.11, "DE", 8, 0.08),
    ("VNHAN-RAIL", "Hanoi Yen Vien rail terminal", "rail", 21.08, 105.92, "VN", 8, 0.08),
    ("DEFRA-AIR", "Frankfurt Airport", "airport", 50.04, 8.56, "DE", 4, 0.35),
    ("BELGG-AIR", "Liege Airport", "airport", 50.64, 5.44, "BE", 4, 0.35),
    ("LULUX-AIR", "Luxembourg Findel Airport", "airport", 49.63, 6.21, "LU", 4, 0.35),
]

# g CO2e per tonne-km, well-to-wheel; representative values within the published GLEC defaults.
INTENSITY = {
    "air_longhaul": 800.0,
    "air_belly": 608.0,
    "air_regional": 880.0,
    "road_cn": 78.0,
    "road_eu": 70.0,
    "rail_electric": 18.0,
    "rail_diesel": 28.0,
    "sea_deep": 10.0,
    "sea_short": 15.0,
}
CIRCUITY = {"air": 1.05, "road": 1.25, "rail": 1.35, "sea": 1.5}
CAPS = {  # per departure allotment: kg, m3
    "air": (60000, 420),
    "air_belly": (15000, 90),
    "rail": (200000, 1400),
    "sea": (1000000, 5000),
    "road": (60000, 250),
    "truck": (24000, 86),
}
COLD = ["cold", "general"]
ALL = ["cold", "dg", "general"]

SERVICES: list[dict] = []


def great_circle_km(a: str, b: str) -> float:
    (la1, lo1), (la2, lo2) = (_coord(a), _coord(b))
    p1, p2, dl = math.radians(la1), math.radians(la2), math.radians(lo2 - lo1)
    c = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)
    return 6371.0 * math.acos(max(-1.0, min(1.0, c)))


def _coord(hub: str) -> tuple[float, float]:
    row = next(h for h in HUBS if h[0] == hub)
    return row[3], row[4]


def _times(days: list[int], hour: float) -> list[str]:
    """Departures on the given weekdays (0 = Monday) at `hour` UTC over the horizon."""
    out, day = [], HORIZON[0]
    while day < HORIZON[1]:
        if day.weekday() in days:
            out.append((day + timedelta(hours=hour)).strftime("%Y-%m-%dT%H:%M:%SZ"))
        day += timedelta(days=1)
    return out


def add(
    sid: str,
    mode: str,
    a: str,
    b: str,
    *,
    days: list[int],
    hour: float,
    per_kg: float,
    transit_h: float | None = None,
    km: float | None = None,
    fixed: float = 0.0,
    co2: str,
    cargo: list[str] | None = None,
    cap: str | None = None,
) -> None:
    distance = round(km if km is not None else great_circle_km(a, b) * CIRCUITY[mode], 1)
    if transit_h is None:
        speed = {"air": 750.0, "road": 55.0}[mode]
        transit_h = round(distance / speed + (3.0 if mode == "air" else 1.0), 1)
    kg, m3 = CAPS[cap or mode]
    SERVICES.append(
        {
            "id": sid,
            "mode": mode,
            "from": a,
            "to": b,
            "departures": _times(days, hour),
            "transit_h": transit_h,
            "capacity_kg": kg,
            "capacity_m3": m3,
            "cost_per_kg": per_kg,
            "cost_fixed": fixed,
            "distance_km": distance,
            "co2e_g_per_tkm": INTENSITY[co2],
            "cargo": cargo or ["general"],
        }
    )


DAILY = list(range(7))


def road(a: str, b: str, *, back: bool = True, hour: float = 6.0, eu: bool = False) -> None:
    """Scheduled less-than-truckload line: a per-kg rate by distance, no fixed charge."""
    for src, dst in ((a, b), (b, a)) if back else ((a, b),):
        km = great_circle_km(src, dst) * CIRCUITY["road"]
        rate = round((0.10 if eu else 0.05) + (0.0008 if eu else 0.0004) * km, 3)
        cargo = ALL if km < 400 else COLD
        add(
            f"{src}-{dst}-ROAD",
            "road",
            src,
            dst,
            days=DAILY,
            hour=hour,
            per_kg=rate,
            co2="road_eu" if eu else "road_cn",
            cargo=cargo,
        )


def ftl(a: str, b: str) -> None:
    """A dedicated full-truckload shuttle: pays off against LTL only for enough freight."""
    km = great_circle_km(a, b) * CIRCUITY["road"]
    add(
        f"{a}-{b}-FTL",
        "road",
        a,
        b,
        days=DAILY,
        hour=18.0,
        per_kg=0.01,
        fixed=round(400 + 3.5 * km, -1),
        co2="road_cn",
        cargo=ALL,
        cap="truck",
    )


def build() -> None:
    # Domestic feeders in the four pilot-zone clusters and between them.
    for a, b in [
        ("CNTAO-BZ", "CNTAO-SEA"),
        ("CNTAO-BZ", "CNTAO-AIR"),
        ("CNTAO-BZ", "CNTAO-RAIL"),
        ("CNTAO-HUB", "CNTAO-SEA"),
        ("CNTAO-HUB", "CNTAO-RAIL"),
        ("CNTAO-HUB", "CNTAO-AIR"),
        ("CNTAO-BZ", "CNTAO-HUB"),
        ("CNCGO-BZ", "CNCGO-AIR"),
        ("CNCGO-BZ", "CNCGO-RAIL"),
        ("CNCGO-AIR", "CNCGO-RAIL"),
        ("CNTNA-BZ", "CNTNA-AIR"),
        ("CNTNA-MAIL", "CNTNA-AIR"),
        ("CNTNA-BZ", "CNTNA-MAIL"),
        ("CNTNA-BZ", "CNTNA-RAIL"),
        ("CNYNJ-BZ", "CNYNJ-AIR"),
        ("CNYNJ-BZ", "CNYNJ-RAIL"),
        ("CNYNJ-BZ", "CNHUN-ROAD"),
        ("CNYJG-BZ", "CNYJG-SEA"),
        ("CNTAO-BZ", "CNTNA-BZ"),
        ("CNTNA-BZ", "CNCGO-BZ"),
        ("CNTAO-BZ", "CNCGO-BZ"),
        ("CNHUN-ROAD", "RUZAR-SEA"),
    ]:
        road(a, b)
    for a, b in [
        ("CNTAO-BZ", "CNTAO-SEA"),
        ("CNTAO-BZ", "CNTAO-RAIL"),
        ("CNTAO-BZ", "CNTAO-AIR"),
        ("CNTAO-HUB", "CNTAO-SEA"),
        ("CNCGO-BZ", "CNCGO-RAIL"),
        ("CNCGO-BZ", "CNCGO-AIR"),
        ("CNTNA-BZ", "CNTNA-AIR"),
        ("CNTNA-BZ", "CNTNA-RAIL"),
        ("CNYNJ-BZ", "CNHUN-ROAD"),
        ("CNTNA-BZ", "CNTAO-BZ"),
        ("CNTAO-BZ", "CNCGO-BZ"),
    ]:
        ftl(a, b)
    for a in ("CNTAO-SEA", "CNTAO-AIR", "CNTAO-RAIL"):
        road(a, "CNTAO-RET", back=False, hour=14.0)
    # Domestic and border rail.
    for a, b, h, km in [
        ("CNYNJ-RAIL", "CNHUN-RAIL", 6, 95),
        ("CNTAO-RAIL", "CNCGO-RAIL", 30, 860),
        ("CNTNA-RAIL", "CNTAO-RAIL", 12, 390),
        ("CNTAO-RAIL", "CNYNJ-RAIL", 60, 2150),
        ("CNHUN-RAIL", "RUZAR-SEA", 20, 110),
    ]:
        for src, dst in ((a, b), (b, a)):
            add(
                f"{src}-{dst}-RAIL",
                "rail",
                src,
                dst,
                days=[0, 2, 4],
                hour=10,
                per_kg=0.35 + km / 4000,
                transit_h=h,
                km=km,
                co2="rail_electric",
                cargo=COLD,
            )
    # International trains: (from, to, days, transit_h, route km, CNY/kg).
    trains = [
        ("CNCGO-RAIL", "DEHAM-RAIL", [1, 4], 360, 10214, 6.5),
        ("CNCGO-RAIL", "DEDUI-RAIL", [3], 336, 10300, 6.3),
        ("CNCGO-RAIL", "PLMAL-RAIL", [0, 5], 288, 9050, 5.6),
        ("CNCGO-RAIL", "RUMOW-RAIL", [2], 240, 7700, 4.4),
        ("CNCGO-RAIL", "KZALA-RAIL", [1, 5], 132, 4100, 2.6),
        ("CNCGO-RAIL", "VNHAN-RAIL", [3, 6], 144, 2650, 1.7),
        ("CNCGO-RAIL", "KGFRU-RAIL", [4], 170, 4750, 3.0),
        ("CNTAO-RAIL", "KZALA-RAIL", [0, 3], 144, 4650, 2.8),
        ("CNTAO-RAIL", "KGFRU-RAIL", [2], 175, 5300, 3.2),
        ("CNTAO-RAIL", "RUMOW-RAIL", [4], 264, 8300, 4.6),
        ("CNTAO-RAIL", "RULED-RAIL", [1], 300, 9000, 5.0),
        ("CNTAO-RAIL", "PLMAL-RAIL", [5], 312, 9600, 5.8),
        ("CNTAO-RAIL", "DEDUI-RAIL", [2, 6], 360, 11000, 6.6),
        ("CNTAO-RAIL", "VNHAN-RAIL", [0], 156, 3100, 1.9),
        ("CNTAO-RAIL", "KZKHG-RAIL", [1, 4], 96, 4100, 2.2),
        ("CNTNA-RAIL", "RUMOW-RAIL", [0], 264, 8100, 4.5),
        ("CNTNA-RAIL", "DEHAM-RAIL", [3], 372, 10600, 6.6),
        ("CNTNA-RAIL", "KZALA-RAIL", [5], 140, 4400, 2.7),
        ("DEHAM-RAIL", "CNCGO-RAIL", [2], 372, 10214, 4.2),
        ("DEDUI-RAIL", "CNCGO-RAIL", [5], 348, 10300, 4.0),
        ("RUMOW-RAIL", "CNCGO-RAIL", [0], 252, 7700, 3.0),
        ("VNHAN-RAIL", "CNCGO-RAIL", [1], 150, 2650, 1.3),
        ("KZALA-RAIL", "CNCGO-RAIL", [3], 140, 4100, 1.8),
        ("DEDUI-RAIL", "CNTAO-RAIL", [1], 372, 11000, 4.2),
        ("RUMOW-RAIL", "CNTAO-RAIL", [3], 276, 8300, 3.1),
        ("KZALA-RAIL", "CNTAO-RAIL", [6], 150, 4650, 1.9),
        ("KZKHG-RAIL", "KZALA-RAIL", [0, 2, 4], 14, 360, 0.4),
        ("KZKHG-RAIL", "KGFRU-RAIL", [1, 5], 26, 620, 0.6),
        ("PLMAL-RAIL", "DEDUI-RAIL", DAILY, 30, 1150, 0.9),
        ("PLMAL-RAIL", "DEHAM-RAIL", [0, 2, 4], 26, 900, 0.8),
    ]
    for a, b, days, h, km, rate in trains:
        add(
            f"{a}-{b}-RAIL",
            "rail",
            a,
            b,
            days=days,
            hour=16,
            per_kg=rate,
            transit_h=h,
            km=km,
            co2="rail_diesel" if km < 1000 else "rail_electric",
            cargo=COLD,
        )
    # A dedicated block train: a large fixed charge, a low rate, the buyer's whole capacity.
    add(
        "CNTAO-DEDUI-BLOCK",
        "rail",
        "CNTAO-RAIL",
        "DEDUI-RAIL",
        days=[4],
        hour=20,
        per_kg=1.2,
        fixed=650_000.0,
        transit_h=348,
        km=11000,
        co2="rail_electric",
        cap="rail",
    )
    # Sea: (from, to, days, transit_h, route km, CNY/kg, intensity).
    sailings = [
        ("CNTAO-SEA", "KRPUS-SEA", [1, 4], 40, 1050, 0.45, "sea_short"),
        ("CNTAO-SEA", "JPOSA-SEA", [2], 70, 1650, 0.60, "sea_short"),
        ("CNTAO-SEA", "JPTYO-SEA", [5], 96, 2100, 0.70, "sea_short"),
        ("CNTAO-SEA", "SGSIN-SEA", [0], 192, 4900, 0.55, "sea_deep"),
        ("CNTAO-SEA", "NLRTM-SEA", [3], 768, 20100, 1.10, "sea_deep"),
        ("CNTAO-SEA", "USLAX-SEA", [1], 384, 10700, 1.25, "sea_deep"),
        ("KRPUS-SEA", "CNTAO-SEA", [3], 40, 1050, 0.40, "sea_short"),
        ("JPOSA-SEA", "CNTAO-SEA", [4], 72, 1650, 0.50, "sea_short"),
        ("JPTYO-SEA", "CNTAO-SEA", [1], 98, 2100, 0.60, "sea_short"),
        ("SGSIN-SEA", "CNTAO-SEA", [3], 196, 4900, 0.45, "sea_deep"),
        ("NLRTM-SEA", "CNTAO-SEA", [6], 792, 20100, 0.70, "sea_deep"),
        ("USLAX-SEA", "CNTAO-SEA", [4], 408, 10700, 0.60, "sea_deep"),
        ("RUZAR-SEA", "KRPUS-SEA", [0, 3], 36, 980, 0.50, "sea_short"),
        ("RUZAR-SEA", "JPOSA-SEA", [5], 60, 1400, 0.65, "sea_short"),
        ("KRPUS-SEA", "RUZAR-SEA", [2], 36, 980, 0.45, "sea_short"),
        ("JPOSA-SEA", "RUZAR-SEA", [0], 62, 1400, 0.55, "sea_short"),
        ("KRPUS-SEA", "USLAX-SEA", [0, 4], 300, 9650, 1.05, "sea_deep"),
        ("KRPUS-SEA", "JPOSA-SEA", DAILY, 20, 600, 0.30, "sea_short"),
        ("CNYJG-SEA", "SGSIN-SEA", [2], 110, 2800, 0.45, "sea_short"),
        ("CNYJG-SEA", "CNTAO-SEA", [6], 120, 3000, 0.30, "sea_short"),
        ("CNTAO-SEA", "CNYJG-SEA", [0], 120, 3000, 0.30, "sea_short"),
        ("SGSIN-SEA", "NLRTM-SEA", [5], 600, 15300, 0.80, "sea_deep"),
    ]
    for a, b, days, h, km, rate, co2 in sailings:
        add(
            f"{a}-{b}-SEA",
            "sea",
            a,
            b,
            days=days,
            hour=22,
            per_kg=rate,
            transit_h=h,
            km=km,
            co2=co2,
            cargo=ALL,
        )
    # Air: (from, to, days, CNY/kg, intensity, capacity kind).
    flights = [
        ("CNTAO-AIR", "KRICN-AIR", DAILY, 9.0, "air_regional", "air_belly"),
        ("CNTAO-AIR", "JPNRT-AIR", [0, 2, 4, 6], 11.0, "air_regional", "air_belly"),
        ("CNTAO-AIR", "JPKIX-AIR", [1, 3, 5], 10.5, "air_regional", "air_belly"),
        ("CNTAO-AIR", "USLAX-AIR", [1, 4, 6], 34.0, "air_longhaul", "air"),
        ("CNTAO-AIR", "DEFRA-AIR", [0, 3, 5], 30.0, "air_longhaul", "air"),
        ("CNTAO-AIR", "BELGG-AIR", [2, 6], 28.0, "air_longhaul", "air"),
        ("KRICN-AIR", "CNTAO-AIR", DAILY, 8.0, "air_regional", "air_belly"),
        ("JPNRT-AIR", "CNTAO-AIR", [1, 3, 5], 9.5, "air_regional", "air_belly"),
        ("CNCGO-AIR", "LULUX-AIR", [0, 1, 3, 4, 6], 27.0, "air_longhaul", "air"),
        ("CNCGO-AIR", "BELGG-AIR", [2, 5], 27.5, "air_longhaul", "air"),
        ("CNCGO-AIR", "DEFRA-AIR", [1, 4], 29.0, "air_longhaul", "air"),
        ("CNCGO-AIR", "USLAX-AIR", [0, 3, 5], 33.0, "air_longhaul", "air"),
        ("CNCGO-AIR", "KRICN-AIR", [0, 2, 4], 10.0, "air_regional", "air_belly"),
        ("LULUX-AIR", "CNCGO-AIR", [2, 5], 18.0, "air_longhaul", "air"),
        ("KRICN-AIR", "CNCGO-AIR", [1, 5], 9.0, "air_regional", "air_belly"),
        ("CNTNA-AIR", "KRICN-AIR", [0, 2, 4, 6], 9.5, "air_regional", "air_belly"),
        ("CNTNA-AIR", "JPKIX-AIR", [1, 5], 11.0, "air_regional", "air_belly"),
        ("CNTNA-AIR", "DEFRA-AIR", [3], 31.0, "air_longhaul", "air"),
        ("KRICN-AIR", "CNTNA-AIR", [1, 3, 5], 8.5, "air_regional", "air_belly"),
        ("CNYNJ-AIR", "KRICN-AIR", [0, 1, 3, 4, 6], 8.0, "air_regional", "air_belly"),
        ("KRICN-AIR", "CNYNJ-AIR", [0, 2, 4, 5], 7.5, "air_regional", "air_belly"),
        ("KRICN-AIR", "USLAX-AIR", DAILY, 28.0, "air_longhaul", "air"),
        ("KRICN-AIR", "DEFRA-AIR", [0, 2, 4], 26.0, "air_longhaul", "air"),
    ]
    for a, b, days, rate, co2, cap in flights:
        cargo = ALL if cap == "air" else COLD
        add(
            f"{a}-{b}-AIR",
            "air",
            a,
            b,
            days=days,
            hour=3,
            per_kg=rate,
            co2=co2,
            cargo=cargo,
            cap=cap,
        )
    # A weekly charter freighter Zhengzhou-Luxembourg: fixed charter price, low rate.
    add(
        "CNCGO-LULUX-CHARTER",
        "air",
        "CNCGO-AIR",
        "LULUX-AIR",
        days=[2],
        hour=9,
        per_kg=6.0,
        fixed=420_000.0,
        co2="air_longhaul",
        cargo=ALL,
        cap="air",
    )
    # Last mile abroad to and from the overseas warehouses.
    for a, b, back in [
        ("KRPUS-SEA", "KRICN-OW", True),
        ("KRICN-AIR", "KRICN-OW", True),
        ("JPOSA-SEA", "JPOSA-OW", True),
        ("JPKIX-AIR", "JPOSA-OW", False),
        ("JPTYO-SEA", "JPOSA-OW", False),
        ("JPNRT-AIR", "JPOSA-OW", True),
        ("USLAX-SEA", "USLAX-OW", True),
        ("USLAX-AIR", "USLAX-OW", False),
        ("RUMOW-RAIL", "RUMOW-OW", True),
        ("RULED-RAIL", "RUMOW-OW", False),
        ("KZALA-RAIL", "KZALA-OW", True),
        ("KGFRU-RAIL", "KZALA-OW", False),
        ("KZKHG-RAIL", "KZALA-OW", False),
    ]:
        road(a, b, back=back, hour=8.0)
    for a, b, back in [
        ("NLRTM-SEA", "DEDUI-OW", False),
        ("DEDUI-RAIL", "DEDUI-OW", True),
        ("DEHAM-RAIL", "DEDUI-OW", False),
        ("DEFRA-AIR", "DEDUI-OW", False),
        ("BELGG-AIR", "DEDUI-OW", False),
        ("LULUX-AIR", "DEDUI-OW", False),
        ("PLMAL-RAIL", "DEDUI-OW", False),
    ]:
        road(a, b, back=back, hour=8.0, eu=True)


SOURCES = {
    "emission_intensities": {
        "unit": "g CO2e per tonne-km, well-to-wheel",
        "values": INTENSITY,
        "method": "ISO 14083:2023 Greenhouse gases - Quantification and reporting of greenhouse "
        "gas emissions arising from transport chain operations",
        "defaults": "Smart Freight Centre, GLEC Framework for Logistics Emissions Accounting and "
        "Reporting, v3.0 (2023), Module 2 default intensity values; representative "
        "values picked within the ranges quoted in docs/spec domain.md (air 600-880, "
        "belly long-haul about 608, freighter 790-880; road 60-100; rail 10-30; "
        "deep-sea container 8-15). Check against the current GLEC tables before "
        "external reporting.",
    },
    "distances": "great-circle distance times a circuity factor per mode "
    f"{CIRCUITY} unless a route distance is given (China-Europe rail via Alashankou/"
    "Erenhot, sea via Malacca/Suez)",
    "transit_and_prices": "representative planning values for December 2026 (not tariffs): "
    "China-Europe rail 12-16 days, sea Qingdao-Rotterdam about 32 days, "
    "air 750 km/h block speed plus 3 h; prices in CNY per kg of an MTO "
    "allotment; capacities are per-departure allotments, not vehicle sizes",
    "coordinates": "public coordinates of the named ports, airports and terminals (rounded)",
}


def main() -> None:
    build()
    hubs = [
        {
            "id": h[0],
            "name": h[1],
            "kind": h[2],
            "lat": h[3],
            "lon": h[4],
            "country": h[5],
            "handling_h": h[6],
            "handling_cost_per_kg": h[7],
        }
        for h in HUBS
    ]
    doc = {
        "version": "2026-12",
        "currency": "CNY",
        "sources": SOURCES,
        "hubs": hubs,
        "services": SERVICES,
    }
    out = Path(__file__).with_name("seed.json")
    out.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(
        f"{out}: {len(hubs)} hubs, {len(SERVICES)} services, "
        f"{sum(len(s['departures']) for s in SERVICES)} departures"
    )


if __name__ == "__main__":
    main()
