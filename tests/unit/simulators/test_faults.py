"""Fault knobs are reproducible from the seed; malformed payloads break the contract."""

from __future__ import annotations

import json
import random

from simulators.contract import gs1_check_digit, sscc
from simulators.faults import Faults, Knobs, malform


def test_same_seed_same_faults() -> None:
    knobs = Knobs(duplicates=0.3, malformed=0.2, printer_faults=0.5)
    runs = []
    for _ in range(2):
        f = Faults(knobs, seed=7)
        runs.append([(f.duplicate(), f.malformed(), f.printer_fault()) for _ in range(50)])
    assert runs[0] == runs[1]


def test_malformed_payloads_are_each_off_contract() -> None:
    rng = random.Random(1)
    seen = set()
    for _ in range(40):
        body, kind = malform({"v": 1, "msg_id": "a:1", "code": "x", "op": "pick"}, rng)
        seen.add(kind)
        if kind == "not_json":
            try:
                json.loads(body)
                raise AssertionError("still JSON")
            except ValueError:
                pass
        elif kind == "too_large":
            assert len(body) > 64 * 1024
    assert seen == {"not_json", "missing_field", "wrong_version", "too_large"}


def test_gs1_check_digits() -> None:
    assert gs1_check_digit("400638133393") == "1"
    assert sscc("0614141", 1) == "006141410000000012"
