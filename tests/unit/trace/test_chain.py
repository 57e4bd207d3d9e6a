"""Per-site hash chain: changed, removed, inserted or reordered events are detected."""

import json
from pathlib import Path

from hypothesis import given, seed, settings
from hypothesis import strategies as st

from warehouse.trace.epcis import chain_hash, genesis_hash, parse_document, verify_chain
from warehouse.trace.epcis.chain import canonical_json, chain_hashes

FIXTURES = Path(__file__).parents[2] / "fixtures" / "epcis"


def _events():
    out = []
    for path in sorted(FIXTURES.glob("*.jsonld")):
        out += json.loads(path.read_text())["epcisBody"]["eventList"]
    return out


def test_canonical_json_ignores_key_order_and_whitespace():
    """Two spellings of the same event hash the same; a changed value does not."""
    a = {"type": "ObjectEvent", "epcList": ["x:1"], "action": "ADD"}
    b = {"action": "ADD", "epcList": ["x:1"], "type": "ObjectEvent"}
    assert canonical_json(a) == canonical_json(b)
    assert chain_hash("0" * 64, a) == chain_hash("0" * 64, b)
    assert chain_hash("0" * 64, a) != chain_hash("0" * 64, {**a, "action": "DELETE"})


def test_intact_chain_verifies_and_sites_do_not_share_genesis():
    """Recomputing an untouched chain matches; each site starts from its own genesis."""
    events = _events()
    start = genesis_hash("qd-bonded")
    assert verify_chain(start, events, chain_hashes(start, events)) is None
    assert genesis_hash("qd-bonded") != genesis_hash("zz-hub")
    assert len(parse_document({"type": "EPCISDocument", "epcisBody": {"eventList": events}})) == 10


@seed(99)
@settings(max_examples=60, deadline=None)
@given(data=st.data(), tamper=st.sampled_from(["change", "remove", "swap", "insert"]))
def test_any_tampering_is_located(data, tamper):
    """Changing, removing, swapping or inserting an event breaks the chain at that place."""
    events = _events()
    start = genesis_hash("qd-bonded")
    hashes = chain_hashes(start, events)
    i = data.draw(st.integers(0, len(events) - 2))
    forged = list(events)
    if tamper == "change":
        forged[i] = {**forged[i], "eventTime": "2030-01-01T00:00:00.000Z"}
    elif tamper == "remove":
        del forged[i]
    elif tamper == "swap":
        if forged[i] == forged[i + 1]:
            return
        forged[i], forged[i + 1] = forged[i + 1], forged[i]
    else:
        forged.insert(i, {"type": "ObjectEvent", "action": "ADD", "epcList": []})
    assert verify_chain(start, forged, hashes) == i
