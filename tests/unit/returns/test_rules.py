"""Pure rules of returns and overseas replenishment: clocks, eligibility, shares, reorder."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

from hypothesis import given, seed
from hypothesis import strategies as st

from config.settings import Policy
from warehouse.overseas import reorder as ro
from warehouse.returns import eligibility as el
from warehouse.returns.clocks import Clock, add_months, clock, windows
from warehouse.returns.refund import tax_refund
from warehouse.returns.requests import returned_value

RELEASE = datetime(2026, 11, 1, 8, tzinfo=UTC)


def test_windows_come_from_the_policy() -> None:
    """Apply within return_apply_days, arrive within return_arrival_days of the release."""
    w = windows(RELEASE, Policy(return_apply_days=30, return_arrival_days=45))
    assert w.may_apply(RELEASE + timedelta(days=30)) and not w.may_apply(
        RELEASE + timedelta(days=30, seconds=1)
    )
    assert w.arrive_by == RELEASE + timedelta(days=45)
    assert clock(w.arrive_by, w.arrive_by - timedelta(days=2), 7) is Clock.APPROACHING
    assert clock(w.arrive_by, w.arrive_by + timedelta(seconds=1), 7) is Clock.MISSED


def test_six_months_ends_on_the_months_last_day_when_shorter() -> None:
    """31 August + 6 months is the last day of February."""
    assert add_months(datetime(2026, 8, 31, tzinfo=UTC), 6).date().isoformat() == "2027-02-28"


def test_seal_matters_only_for_food_infant_formula_and_cosmetics() -> None:
    """An opened seal is a reason for 0402 milk powder, not for 6403 shoes."""
    w = windows(RELEASE, Policy())
    base: dict[str, Any] = {
        "windows": w,
        "applied_at": RELEASE,
        "received_at": RELEASE,
        "same_zone": True,
        "seal_intact": False,
    }
    assert el.reasons(el.Facts(hs_codes=("0402100000",), **base)) == ["seal_opened"]
    assert el.reasons(el.Facts(hs_codes=("6403000000",), **base)) == []


def _order(prices: list[int], qtys: list[int], value: int, tax: tuple[int, int, int]) -> Any:
    lines = [
        SimpleNamespace(gnum=i + 1, price_fen=p, qty=q)
        for i, (p, q) in enumerate(zip(prices, qtys, strict=True))
    ]
    return SimpleNamespace(
        lines=lines,
        value_fen=value,
        duty_fen=tax[0],
        ct_fen=tax[1],
        vat_fen=tax[2],
        order_no="O",
        buyer_id_number="X",
        year=2026,
    )


@seed(625)
@given(
    st.lists(st.tuples(st.integers(1, 500_000), st.integers(1, 5)), min_size=1, max_size=5),
    st.data(),
)
def test_partial_returns_never_refund_or_restore_more_than_the_order(
    lines: list[tuple[int, int]], data: st.DataObject
) -> None:
    """Any split of an order into returns restores at most its value and refunds at most its
    tax, so the buyer's annual total can never be driven below zero by its returns."""
    prices, qtys = [p for p, _ in lines], [q for _, q in lines]
    goods = sum(p * q for p, q in lines)
    value = goods + data.draw(st.integers(0, 5000))
    order = _order(prices, qtys, value, (0, goods // 10, goods // 8))
    part = [[i + 1, data.draw(st.integers(0, q))] for i, q in enumerate(qtys)]
    rest = [[g, qtys[g - 1] - q] for g, q in part]
    values = [returned_value(order, [x for x in chunk if x[1]]) for chunk in (part, rest)]
    assert 0 <= sum(values) <= value
    returns: list[Any] = [SimpleNamespace(id=1, value_fen=v, released_at=RELEASE) for v in values]
    refunds = [tax_refund(r, order) for r in returns]
    assert sum(r.total_fen for r in refunds) <= order.ct_fen + order.vat_fen


@seed(9810)
@given(
    st.lists(st.integers(0, 40), min_size=1, max_size=60),
    st.floats(0.5, 40),
    st.sampled_from([0.9, 0.95, 0.99]),
    st.integers(1, 14),
    st.integers(0, 500),
)
def test_a_suggested_order_lifts_the_position_to_the_order_up_to_level(
    daily: list[int], lead: float, service: float, review: int, position: int
) -> None:
    """Q >= 0; ROP >= d*L; when an order is due, position + Q reaches S; else Q = 0."""
    d = ro.demand(daily)
    r = ro.reorder(d, lead, service, review, position)
    assert r.suggested >= 0 and r.reorder_point >= d.mean * lead - 1e-9
    if position <= r.reorder_point and d.mean > 0:
        assert position + r.suggested >= r.order_up_to - 1e-9
    else:
        assert r.suggested == 0
