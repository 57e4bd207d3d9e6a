"""Bad input at the hub is refused with a stable code, and nothing is half-done."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from tests.integration.conftest import TokenFor
from tests.integration.hub.helpers import Floor
from warehouse.hub.containers import container_number
from warehouse.trace.sscc import build_sscc

INBOUND = container_number("MSK", 222222)
SERVICE = "QD-BUSAN-SEA"


def pkg(
    i: int, dims: list[float] | None = None, weight: float = 20.0, status: str = "transshipment"
) -> dict[str, Any]:
    return {
        "sscc": build_sscc(0, "4012345", 1000 + i),
        "dims_cm": dims or [60, 40, 40],
        "weight_kg": weight,
        "customs_status": status,
        "service": SERVICE,
    }


def staged(floor: Floor, packages: list[dict[str, Any]]) -> None:
    floor.arrive(INBOUND, packages)
    for p in packages:
        assert floor.scan("unload", p["sscc"], task=INBOUND)["result"] == "ok"
    floor.stage_all([p["sscc"] for p in packages])


def plan(floor: Floor, containers: list[tuple[str, str]], **extra: Any) -> Any:
    body = {
        "service": SERVICE,
        "time_limit_s": 1.0,
        "containers": [{"container_no": n, "type": t} for n, t in containers],
        **extra,
    }
    return floor.post("/loads", body, planner=True)


def test_a_bad_container_number_is_refused_and_nothing_is_created(
    client: FlaskClient, token_for: TokenFor
) -> None:
    """A container number with a wrong ISO 6346 check digit, or not shaped like one, is a
    422 E_CONTAINER_NO; neither the hub nor any package is created."""
    floor = Floor.of(client, token_for)
    good = container_number("MSK", 123456)
    wrong = good[:-1] + str((int(good[-1]) + 1) % 10)
    for number in (wrong, "MSK12345", "MSKX1234565"):
        got = floor.post(
            "/inbound",
            {"container_no": number, "seal": "S1", "manifest_no": "M1", "packages": [pkg(1)]},
        )
        assert (got.status_code, got.json["code"]) == (422, "E_CONTAINER_NO"), number
    assert floor.get("/inbound").json["code"] == "E_UNKNOWN_HUB"


def test_a_package_is_devanned_once(client: FlaskClient, token_for: TokenFor) -> None:
    """A second devanning scan of one package is E_ALREADY_DEVANNED and the ledger counts it
    once; an unknown code without the container named is E_NO_TASK."""
    floor = Floor.of(client, token_for)
    floor.arrive(INBOUND, [pkg(1), pkg(2)])
    assert floor.scan("unload", pkg(1)["sscc"], task=INBOUND)["result"] == "ok"
    again = floor.scan("unload", pkg(1)["sscc"], task=INBOUND)
    assert (again["result"], again["code"]) == ("error", "E_ALREADY_DEVANNED")
    assert floor.scan("unload", build_sscc(0, "4012345", 9))["code"] == "E_NO_TASK"
    ledger = floor.get("/ledger").json
    assert (
        ledger["lines"] == [{"customs_status": "transshipment", "packages": 1, "weight_kg": 20.0}]
        and ledger["findings"] == []
    )


def test_boxes_too_large_or_too_heavy_stay_unplaced_with_reasons(
    client: FlaskClient, token_for: TokenFor
) -> None:
    """A box longer than any container is unplaced TOO_LARGE, one over every payload
    TOO_HEAVY; both stay staged in their lane, the rest is planned."""
    floor = Floor.of(client, token_for)
    big, heavy = pkg(1, dims=[1300, 100, 100]), pkg(2, dims=[100, 100, 100], weight=30000)
    staged(floor, [big, heavy, pkg(3), pkg(4)])
    made = plan(floor, [(container_number("CSQ", 1), "20GP")])
    assert made.status_code == 201, made.json
    reasons = {u["box"]: u["reason"] for u in made.json["unplaced"]}
    assert reasons == {big["sscc"]: "TOO_LARGE", heavy["sscc"]: "TOO_HEAVY"}
    left = floor.get("/packages?state=staged").json["items"]
    assert {p["code"] for p in left if not p["planned"]} == {big["sscc"], heavy["sscc"]}


def test_loading_out_of_order_or_into_the_wrong_container_is_refused(
    client: FlaskClient, token_for: TokenFor
) -> None:
    """Only the next box of the container scanned is loaded: another box of it is
    E_WRONG_BOX naming the expected one, a box planned into the other container
    E_WRONG_CONTAINER, a container not being loaded E_UNKNOWN_CONTAINER; none changes the
    next box."""
    floor = Floor.of(client, token_for)
    boxes = [pkg(i, dims=[100, 100, 100], weight=2000) for i in range(15)]
    staged(floor, boxes)
    made = plan(floor, [(container_number("CSQ", 1), "20GP"), (container_number("CSQ", 2), "20GP")])
    assert made.status_code == 201 and len(made.json["containers"]) == 2, made.json
    no = made.json["no"]
    plan_doc = floor.get(f"/loads/{no}/plan").json
    first, second = plan_doc["containers"][0], plan_doc["containers"][1]
    door = first["container_no"]
    expected = first["placements"][0]["box"]
    wrong = floor.scan("load", first["placements"][1]["box"], location=door)
    assert (wrong["code"], wrong["details"]["expected"]["box"]) == ("E_WRONG_BOX", expected)
    other = floor.scan("load", second["placements"][0]["box"], location=door)
    assert (other["code"], other["details"]["expected_container"]) == (
        "E_WRONG_CONTAINER",
        second["container_no"],
    )
    stranger = floor.scan("load", expected, location=container_number("CSQ", 3))
    assert stranger["code"] == "E_UNKNOWN_CONTAINER"
    assert floor.get(f"/loads/{no}/next").json["next"]["box"] == expected


def test_an_incomplete_load_cannot_be_sealed(client: FlaskClient, token_for: TokenFor) -> None:
    """Sealing before every planned box is in is a 409 E_LOAD_INCOMPLETE naming the next
    box; a full load without a seal number is a 422 E_NO_SEAL; neither writes a transit
    record nor changes the load."""
    floor = Floor.of(client, token_for)
    staged(floor, [pkg(i) for i in range(3)])
    made = plan(floor, [(container_number("CSQ", 1), "20GP")]).json
    step = floor.get(f"/loads/{made['no']}/next").json["next"]
    floor.scan("load", step["box"], location=step["container_no"])
    seals = {step["container_no"]: "SEAL-1"}
    early = floor.post(f"/loads/{made['no']}/close", {"seals": seals})
    assert (early.status_code, early.json["code"]) == (409, "E_LOAD_INCOMPLETE")
    floor.load_all(made["no"])
    unsealed = floor.post(f"/loads/{made['no']}/close", {"seals": {}})
    assert (unsealed.status_code, unsealed.json["code"]) == (422, "E_NO_SEAL")
    assert floor.get(f"/loads/{made['no']}/transit").json["items"] == []
    assert floor.get(f"/loads/{made['no']}").json["status"] == "loading"
    assert floor.post(f"/loads/{made['no']}/depart").json["code"] == "E_NOT_SEALED"


def test_customs_statuses_never_mix_where_not_allowed(
    client: FlaskClient, token_for: TokenFor
) -> None:
    """A bonded package is not planned into a transshipment/export load and its scan at
    the container is E_STATUS_MIX; a load mixing bonded with other statuses is refused."""
    floor = Floor.of(client, token_for)
    bonded = pkg(9, status="bonded")
    staged(floor, [pkg(1), pkg(2, status="export"), bonded])
    made = plan(floor, [(container_number("CSQ", 1), "20GP")]).json
    door = made["containers"][0]["container_no"]
    assert floor.scan("load", bonded["sscc"], location=door)["code"] == "E_STATUS_MIX"
    mixed = plan(floor, [(container_number("CSQ", 2), "20GP")], statuses=["bonded", "export"])
    assert (mixed.status_code, mixed.json["code"]) == (422, "E_STATUS_MIX")
