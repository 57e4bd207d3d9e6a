"""The hub's customs word in a trace: a package that left the hub in its sealed container is
released, a held one is held, one still on the floor is declared; the public page says so."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.integration.conftest import TokenFor
from tests.integration.hub.helpers import Floor, code_of
from warehouse.hub.containers import container_number
from warehouse.hub.sample import MAIN_SERVICE, sample_manifest

INBOUND = container_number("MSK", 654321)
OUTBOUND = container_number("CSQ", 800001)


def _customs(floor: Floor, code: str) -> dict[str, object]:
    customs: dict[str, object] = floor.trace(code)["customs"]
    return customs


def test_hub_customs_status_reaches_the_trace_and_the_public_page(
    client: FlaskClient, token_for: TokenFor
) -> None:
    """Staged packages are "declared" by the hub, a damaged one kept in the hold is "held";
    after the sealed container departs its packages are "released" (source hub, since the
    departure), on the trace API and on the public /00/{sscc} page."""
    floor = Floor.of(client, token_for)
    manifest = [p for p in sample_manifest(8, seed=11) if p["service"] == MAIN_SERVICE]
    floor.arrive(INBOUND, manifest)
    with_sscc = [p for p in manifest if p.get("sscc")]
    damaged, box = code_of(with_sscc[-1]), with_sscc[0]["sscc"]
    for p in manifest:
        where = "HOLD" if code_of(p) == damaged else None
        assert floor.scan("unload", code_of(p), location=where, task=INBOUND)["result"] in (
            "ok", "warn",
        )  # fmt: skip
    floor.post(f"/inbound/{INBOUND}/close")
    floor.post("/sort-plan", planner=True)
    floor.stage_all([code_of(p) for p in manifest if code_of(p) != damaged])
    assert _customs(floor, box)["status"] == "declared"
    assert _customs(floor, box)["source"] == "hub"
    assert _customs(floor, damaged)["status"] == "held"

    containers = [{"container_no": OUTBOUND, "type": "40HC"}]
    load = floor.post(
        "/loads",
        {"service": MAIN_SERVICE, "containers": containers, "time_limit_s": 1.0},
        planner=True,
    ).json
    floor.load_all(load["no"])
    seals = {c["container_no"]: "SEAL-CN-0777" for c in load["containers"]}
    floor.post(f"/loads/{load['no']}/close", {"seals": seals})
    assert floor.post(f"/loads/{load['no']}/depart").status_code == 200

    released = _customs(floor, box)
    assert (released["status"], released["source"]) == ("released", "hub")
    assert released["since"] is not None
    assert _customs(floor, damaged)["status"] == "held"
    page = client.get(f"/00/{box}", headers={"Accept-Language": "en"})
    assert page.status_code == 200 and "Released by customs" in page.get_data(as_text=True)
