"""A devanning-to-sealing day at the consolidation hub, through scans, with the trace intact."""

from __future__ import annotations

from collections import Counter

from apiflask import APIFlask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.extensions import db, db_session
from routing.loadplan.check import check_plan
from tests.integration.conftest import TokenFor
from tests.integration.hub.helpers import Floor, code_of
from warehouse.hub.check import ledger_findings
from warehouse.hub.containers import container_number
from warehouse.hub.ledger import HubLedgerEntry, HubLedgerLine
from warehouse.hub.models import OutboundContainer, OutboundLoad, Package
from warehouse.hub.sample import MAIN_SERVICE, sample_manifest
from warehouse.hub.sites import hub_by_code
from warehouse.trace.digitallink import build_digital_link
from warehouse.trace.sscc import build_sscc

INBOUND = container_number("MSK", 123456)
OUTBOUND = [container_number("CSQ", 700001), container_number("CSQ", 700002)]
OVER_SSCC = build_sscc(0, "4012345", 999_999_999)


def test_a_day_from_devanning_to_sealing(
    app: APIFlask, client: FlaskClient, token_for: TokenFor
) -> None:
    """Forty packages (transshipment and export, one dg) are devanned by scan with one over,
    one short and one damaged; sorted into lanes; planned into a 40HC load; loaded by scan
    in the handheld's order; sealed and shipped. The plan passes the independent checker;
    the trace shows each package inside its outbound container (and, before, the inbound
    one) and the container's contents; the hub ledger has one line per customs status and
    balances."""
    floor = Floor.of(client, token_for)
    manifest = sample_manifest(40, seed=7)
    inbound = floor.arrive(INBOUND, manifest)
    main = [p for p in manifest if p["service"] == MAIN_SERVICE]
    short, damaged = code_of(main[-1]), code_of(main[-2])
    assert main[0]["cargo"] == "dg" and {"transshipment", "export"} <= {
        p["customs_status"] for p in manifest
    }

    for p in manifest:
        if code_of(p) != short:
            where = "HOLD" if code_of(p) == damaged else None
            answer = floor.scan("unload", code_of(p), location=where, task=INBOUND)
            assert answer["result"] in ("ok", "warn"), answer
    over = floor.scan("unload", OVER_SSCC, task=INBOUND)
    assert (over["result"], over["code"]) == ("warn", "E_NOT_ON_MANIFEST")
    closed = floor.post(f"/inbound/{INBOUND}/close").json
    assert closed["short"] == [short]
    kinds = {(d["code"], d["kind"]) for d in closed["progress"]["discrepancies"]}
    assert kinds == {(OVER_SSCC, "over"), (short, "short"), (damaged, "damaged")}

    lanes = floor.post("/sort-plan", planner=True).json["lanes"]
    assert {lane["service"] for lane in lanes} == {p["service"] for p in manifest}
    floor.stage_all([code_of(p) for p in manifest if code_of(p) not in (short, damaged)])

    containers = [{"container_no": n, "type": "40HC"} for n in OUTBOUND]
    made = floor.post(
        "/loads",
        {"service": MAIN_SERVICE, "containers": containers, "time_limit_s": 2.0},
        planner=True,
    )
    assert made.status_code == 201, made.json
    load = made.json
    assert load["unplaced"] == [] and len(load["containers"]) == 1
    answers = floor.load_all(load["no"])
    assert len(answers) == len(main) - 2 and answers[-1]["next"]["op"] == "seal"

    seals = {c["container_no"]: "SEAL-CN-0042" for c in load["containers"]}
    transit = floor.post(f"/loads/{load['no']}/close", {"seals": seals}).json["items"]
    assert floor.post(f"/loads/{load['no']}/depart").status_code == 200
    [record] = transit
    assert record["seal"] == "SEAL-CN-0042" and len(record["packages"]) == len(main) - 2
    by_status = Counter(p["customs_status"] for p in record["packages"])
    assert {s: v["packages"] for s, v in record["statuses"].items()} == dict(by_status)

    plan = floor.get(f"/loads/{load['no']}/plan").json
    with app.app_context():
        stored = db.session.scalar(select(OutboundLoad).where(OutboundLoad.no == load["no"]))
        assert stored is not None
        assert check_plan(stored.plan_input, plan) == []
        container_sscc = _container_sscc(load["no"])
        hub = hub_by_code(db_session(), "QD-HUB")
        assert ledger_findings(db_session(), hub) == []
        _ledger_never_mixes(by_status)

    box = next(p for p in main if p.get("sscc") and code_of(p) not in (short, damaged))
    story = floor.trace(box["sscc"])
    assert story["path"] == [_dl(box["sscc"]), _dl(container_sscc)]
    assert any(e["bizStep"] == "shipping" for e in story["events"])
    came_in = [link for link in story["up"] if link["parent"] == _dl(inbound["sscc"])]
    assert came_in and came_in[0]["until"] is not None
    inside = floor.trace(container_sscc)
    assert _dl(box["sscc"]) in {c["id"] for c in inside["down"]["children"]}
    assert len(inside["down"]["children"]) == len(main) - 2


def _dl(sscc: str) -> str:
    return build_digital_link({"00": sscc})


def _container_sscc(load_no: str) -> str:
    found = db.session.scalar(
        select(OutboundContainer.sscc)
        .join(OutboundLoad, OutboundLoad.id == OutboundContainer.load_id)
        .where(OutboundLoad.no == load_no, OutboundContainer.plan_index.is_not(None))
    )
    assert found is not None
    return found


def _ledger_never_mixes(departed: Counter[str]) -> None:
    """One line per status; departures per status equal the transit record's counts; what
    is left equals the packages of that status still on the floor."""
    lines = db.session.scalars(select(HubLedgerLine)).all()
    assert len({ln.customs_status for ln in lines}) == len(lines)
    for line in lines:
        out = db.session.scalars(
            select(HubLedgerEntry.packages).where(
                HubLedgerEntry.line_id == line.id, HubLedgerEntry.kind == "departed"
            )
        ).all()
        assert -sum(out) == departed[line.customs_status]
        left = db.session.scalars(
            select(Package).where(
                Package.customs_status == line.customs_status,
                Package.state.in_(["devanned", "held", "staged"]),
            )
        ).all()
        assert line.packages == len(left)
