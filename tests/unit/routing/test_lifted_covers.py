"""Lifted cover rows of one departure: valid for every load that fits, and stronger than the
plain cover where the LP packs a fraction of a heavy shipment among light ones."""

from __future__ import annotations

import itertools

from hypothesis import given, seed, settings
from hypothesis import strategies as st

from routing import covers


def _fits(subset: tuple[int, ...], size: list[float], cap: float) -> bool:
    return sum(size[s] for s in subset) <= cap


@seed(61)
@settings(max_examples=150, deadline=None)
@given(
    sizes=st.lists(st.floats(min_value=20, max_value=6000), min_size=2, max_size=9),
    cap_share=st.floats(min_value=0.2, max_value=0.9),
    shares=st.lists(st.floats(min_value=0.0, max_value=1.0), min_size=9, max_size=9),
)
def test_every_load_that_fits_satisfies_the_lifted_row(
    sizes: list[float], cap_share: float, shares: list[float]
) -> None:
    """Whatever the LP point, a separated lifted cover row holds for every set of whole
    shipments that fits the departure (checked over all subsets)."""
    cap = max(max(sizes), cap_share * sum(sizes))
    flow = {s: shares[s] for s in range(len(sizes))}
    cover = covers.separate(flow, sizes, cap)
    if cover is None:
        return
    coef = dict(cover.coef)
    for k in range(len(sizes) + 1):
        for subset in itertools.combinations(range(len(sizes)), k):
            if _fits(subset, sizes, cap):
                assert sum(coef.get(s, 0) for s in subset) <= cover.rhs


def test_a_heavy_fraction_among_light_shipments_breaks_the_lifted_row() -> None:
    """On a 5.9 t sailing carrying ten 350 kg shipments whole and 43% of a 5.5 t one, the
    lifted packing row (9 x_heavy + the light ones <= 10: beside the heavy one only one light
    one fits) is violated by far more than the plain cover with every shipment in it."""
    sizes = [350.0] * 10 + [5500.0]
    cap = 5900.0
    flow = {s: 1.0 for s in range(10)} | {10: 0.43}
    cover = covers.separate(flow, sizes, cap)
    assert cover is not None
    plain_violation = sum(flow.values()) - (len(sizes) - 1)
    assert cover.violation > plain_violation + 0.5
    coef = dict(cover.coef)
    assert coef[10] == 9 and cover.rhs == 10


def test_no_row_when_the_point_fits() -> None:
    """A point whose shares fit the capacity whole gets no cover row."""
    sizes = [1000.0, 2000.0, 3000.0]
    assert covers.separate({0: 1.0, 1: 1.0}, sizes, 3500.0) is None


def test_lifting_keeps_the_heaviest_outsider_within_the_row() -> None:
    """A shipment that alone fills the departure gets the row's whole right side at most."""
    sizes = [400.0, 400.0, 400.0, 1000.0]
    coef = covers.lift([0, 1, 2], [3], sizes, 1000.0, 2)
    assert coef == {0: 1, 1: 1, 2: 1, 3: 2}
