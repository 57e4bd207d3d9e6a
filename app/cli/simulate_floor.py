"""The floor's part of a simulated day: waves picked, parcels packed and weighed at the
stations, trucks scanned out at the gate, inspections brought to customs.

The crew works at once on PostgreSQL (pickers split a wave's tasks, packers the parcels);
SQLite takes one writer at a time, so there the same work is done one after the other.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from flask import current_app

from warehouse.access.roles import Role
from warehouse.bonded import demo

if TYPE_CHECKING:
    from app.cli.simulate import Day

#: The orders of a wave, a truck's parcels at the gate, pickers and packers at work at once.
WAVE, TRUCK, CREW = 200, 100, 3


def fulfil(the_day: Day, rng: random.Random, weight_faults: float) -> None:
    floor, boss = the_day.client(Role.WAREHOUSE), the_day.client(Role.SUPERVISOR)
    while True:
        wave = floor.post("/waves", {"warehouse": demo.WAREHOUSE, "max_orders": WAVE})
        if wave["id"] is None:
            break
        tasks = wave["tasks"]
        in_parallel(the_day, [tasks[k::CREW] for k in range(CREW)], _pick)
    held = _pack_and_gate(the_day, rng, weight_faults, list(the_day.parcels.items()))
    for hold in boss.every("/holds"):
        if hold["reason"] == "weight":
            boss.post(f"/holds/{hold['id']}/release", {"note": "repacked"})
    _pack_and_gate(the_day, rng, 0.0, held)
    _inspections(the_day)


def in_parallel(the_day: Day, shares: list[Any], work: Callable[[Day, int, Any], Any]) -> list[Any]:
    """``work`` on each share, as many at once as the crew (pickers, packers, senders)."""
    with ThreadPoolExecutor(the_day.crew) as pool:
        return list(pool.map(lambda k: work(the_day, k, shares[k]), range(len(shares))))


def _pick(the_day: Day, _picker: int, tasks: list[dict[str, Any]]) -> None:
    floor = the_day.client(Role.WAREHOUSE)
    for task in tasks:
        for _ in range(task["qty"]):
            floor.scan("pick", task["gtin"], location=task["bin"], task=str(task["id"]))


Weights = Callable[[int], int]  # expected net g -> what the scale reads off it


def _pack_and_gate(
    the_day: Day, rng: random.Random, faults: float, parcels: list[tuple[str, str]]
) -> list[tuple[str, str]]:
    """Pack and weigh at the crew's stations at once, then the gate in truck loads."""
    weights = [(*parcel, _scale_error(rng, faults)) for parcel in parcels]
    shares = [weights[k::CREW] for k in range(CREW)]
    done = in_parallel(the_day, shares, _pack)
    packed = [p for ok, _held in done for p in ok]
    held = [p for _ok, late in done for p in late]
    _gate(the_day, packed, "gate")
    return held


def _gate(the_day: Day, parcels: list[str], label: str) -> None:
    """Parcels out through the gate a truck load at a time, each answer noted."""
    floor = the_day.client(Role.WAREHOUSE)
    for start in range(0, len(parcels), TRUCK):
        for code in floor.batch(
            "/gate-batches", "parcels", parcels[start : start + TRUCK]
        ).values():
            the_day.note(f"{label} {code}")


def _scale_error(rng: random.Random, faults: float) -> Weights:
    if rng.random() < faults:
        sign = rng.choice((-1, 1))
        return lambda expected: sign * expected // 3
    small = rng.randint(-5, 5)
    return lambda _expected: small


def _pack(
    the_day: Day, station: int, parcels: list[tuple[str, str, Weights]]
) -> tuple[list[str], list[tuple[str, str]]]:
    floor, at = the_day.client(Role.WAREHOUSE), f"PACK-{station + 1:02d}"
    packed, held = [], []
    for order_no, waybill, error in parcels:
        answer = floor.scan("pack", waybill, location=at)
        if answer["result"] != "ok":
            the_day.note(f"pack {answer['code']}")
            continue
        expected = int(answer["details"]["expected_g"])
        weighed = floor.weigh(at, expected + 180 + error(expected), 180)
        the_day.note(f"weigh {weighed['code']}")
        if weighed["result"] == "ok":
            packed.append(waybill)
        else:
            held.append((order_no, waybill))
    return packed, held


def _inspections(the_day: Day) -> None:
    """Parcels held for inspection are brought to customs, who conclude; then the gate."""
    port = current_app.extensions["silkhub.simulate.customs"]
    selected = [no for no in sorted(port.simulator.inspected) if no in the_day.parcels]
    in_parallel(the_day, [(port, selected[k::CREW]) for k in range(CREW)], _inspect)
    _gate(the_day, [the_day.parcels[no] for no in selected], "gate after inspection")


def _inspect(the_day: Day, _officer: int, share: tuple[Any, list[str]]) -> None:
    """One officer's share: each parcel to the inspection area, then customs concludes."""
    floor, (port, cop_nos) = the_day.client(Role.WAREHOUSE), share
    for cop_no in cop_nos:
        floor.scan("inspect", the_day.parcels[cop_no])
        port.conclude(cop_no)
