"""The load-plan input contract: defaults and refusals."""

import pytest

from routing.loadplan.geometry import orientations
from routing.loadplan.model import ContractError, parse_load_input

CONT = {"type": "20GP", "inner_cm": [590, 235, 239], "payload_kg": 28000, "count": 2}


def doc(**box):
    return {
        "containers": [CONT],
        "boxes": [{"id": "B1", "dims_cm": [60, 40, 30], "weight_kg": 10, **box}],
    }


def test_defaults():
    """rotate and any_side_up default to false, stack to true, cargo to general."""
    box = parse_load_input(doc()).boxes[0]
    assert (box.rotate, box.any_side_up, box.stack, box.cargo) == (False, False, True, "general")
    assert box.dims == (600, 400, 300)


def test_orientation_rules():
    """Fixed boxes keep their dims; rotate swaps length and width; any_side_up (winning
    over rotate) allows all six orientations."""
    fixed = parse_load_input(doc()).boxes[0]
    turn = parse_load_input(doc(rotate=True)).boxes[0]
    anyway = parse_load_input(doc(rotate=True, any_side_up=True)).boxes[0]
    assert orientations(fixed) == [(600, 400, 300)]
    assert set(orientations(turn)) == {(600, 400, 300), (400, 600, 300)}
    assert len(orientations(anyway)) == 6


@pytest.mark.parametrize(
    ("data", "code", "path"),
    [
        ({"boxes": []}, "MISSING_FIELD", "$.containers"),
        ({"containers": [], "boxes": []}, "NO_CONTAINERS", "$.containers"),
        (doc(dims_cm=[60, 40]), "INVALID_DIMS", "$.boxes[0].dims_cm"),
        (doc(dims_cm=[60, -1, 3]), "INVALID_DIMS", "$.boxes[0].dims_cm"),
        (doc(dims_cm=[60.05, 40, 30]), "INVALID_DIMS", "$.boxes[0].dims_cm"),
        (doc(weight_kg="heavy"), "INVALID_WEIGHT", "$.boxes[0].weight_kg"),
        (doc(cargo="explosive"), "INVALID_CARGO", "$.boxes[0].cargo"),
        (doc(stack="no"), "INVALID_FLAG", "$.boxes[0].stack"),
        (
            {"containers": [{**CONT, "count": -1}], "boxes": []},
            "INVALID_COUNT",
            "$.containers[0].count",
        ),
    ],
)
def test_contract_violations(data, code, path):
    """Input breaking the contract raises ContractError with a code and a JSON path."""
    with pytest.raises(ContractError) as err:
        parse_load_input(data)
    assert (err.value.code, err.value.path) == (code, path)


def test_duplicate_box_ids():
    """Box ids are unique."""
    data = doc()
    data["boxes"].append(dict(data["boxes"][0]))
    with pytest.raises(ContractError) as err:
        parse_load_input(data)
    assert err.value.code == "DUPLICATE_ID"
