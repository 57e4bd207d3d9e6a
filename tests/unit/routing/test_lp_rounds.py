"""Column generation against the clock: a master LP solve is not started only to be cut off."""

from __future__ import annotations

import time
from types import SimpleNamespace

import pytest

from routing import optimizer
from tests.unit.routing.pools import sea_and_air


def _run(docs: SimpleNamespace, monkeypatch: pytest.MonkeyPatch) -> tuple[optimizer._Run, list]:
    """A run on a one-shipment batch whose master records each solve's time limit."""
    demand, te, b, _, _ = sea_and_air(docs, [docs.shipment("U1", 500)], 1e5)
    run = optimizer._Run(te, b, demand.objective.co2e_cost_per_kg, time.monotonic(), None, 0)
    limits: list[float] = []

    def solve_lp(limit: float) -> float:
        limits.append(limit)
        return 1.0

    monkeypatch.setattr(run.master, "solve_lp", solve_lp)
    return run, limits


def test_a_solve_is_not_started_with_less_than_half_the_last_ones_time_left(
    docs: SimpleNamespace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With 4 s left in the phase after a 10 s solve, the phase ends without a solve: one
    would be cut off by the limit and its time lost to the searches."""
    run, limits = _run(docs, monkeypatch)
    run.lp_s = 10.0
    assert run._solve_lp(time.monotonic() + 4.0) is None
    assert limits == []


def test_a_started_solve_may_overrun_its_phase_but_not_the_run(
    docs: SimpleNamespace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With 6 s left after a 10 s solve, the solve may take 15 s (it brings the round's
    bound); never past the run's end, 12 s away here. The first solve gets the time left."""
    run, limits = _run(docs, monkeypatch)
    assert run._solve_lp(time.monotonic() + 6.0) == 1.0
    assert 5.0 < limits[-1] <= 6.0
    run.lp_s = 10.0
    run._solve_lp(time.monotonic() + 6.0)
    assert 14.0 < limits[-1] <= 15.0
    run.lp_s, run.end = 10.0, time.monotonic() + 12.0
    run._solve_lp(time.monotonic() + 6.0)
    assert 11.0 < limits[-1] <= 12.0
