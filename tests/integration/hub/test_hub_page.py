"""The hub supervisor's page: work in progress by phase, load plan fill, the hub ledger."""

from __future__ import annotations

import re

import pytest
from apiflask import APIFlask
from flask.testing import FlaskClient
from sqlalchemy import event, select

from app.extensions import db
from tests.integration.conftest import TokenFor
from tests.integration.hub.helpers import SITE, Floor, code_of
from warehouse.access import service
from warehouse.access.audit import SYSTEM
from warehouse.access.roles import Role
from warehouse.hub.containers import container_number
from warehouse.hub.models import OutboundContainer, OutboundLoad
from warehouse.hub.overview import Overview, overview
from warehouse.hub.sample import MAIN_SERVICE, sample_manifest
from warehouse.hub.sites import hub_by_code

PASSWORD = "hub-page-password-1"
FIRST, SECOND = container_number("MSK", 223344), container_number("MSK", 223345)
OUTBOUND = container_number("CSQ", 800001)
THIRD, OUTBOUND2 = container_number("MSK", 223346), container_number("CSQ", 800002)


def logged_in(app: APIFlask, client: FlaskClient, role: Role, locale: str = "en") -> None:
    username = f"hub-page-{role.value}"
    with app.app_context():
        service.create_user(
            db.session, SYSTEM, service.NewUser(username, username, role, PASSWORD, locale)
        )
        db.session.commit()
    html = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert token
    form = {"username": username, "password": PASSWORD, "csrf_token": token.group(1)}
    assert client.post("/login", data=form).status_code == 302


def busy_hub(floor: Floor) -> tuple[str, list[str]]:
    """One container devanned, sorted, planned and partly loaded; a second being devanned.
    Returns the load number and the codes loaded."""
    manifest = [p for p in sample_manifest(12, seed=3) if p["service"] == MAIN_SERVICE]
    floor.arrive(FIRST, manifest)
    codes = [code_of(p) for p in manifest]
    for code in codes:
        assert floor.scan("unload", code, task=FIRST)["result"] == "ok"
    assert floor.post(f"/inbound/{FIRST}/close").status_code == 200
    floor.post("/sort-plan", planner=True)
    floor.stage_all(codes)
    body = {"service": MAIN_SERVICE, "containers": [{"container_no": OUTBOUND, "type": "40HC"}],
            "time_limit_s": 1.0}  # fmt: skip
    load = floor.post("/loads", body, planner=True).json
    step = floor.get(f"/loads/{load['no']}/next").json["next"]
    assert floor.scan("load", step["box"], location=step["container_no"])["result"] == "ok"
    second = sample_manifest(4, seed=4)
    floor.arrive(SECOND, second)
    assert floor.scan("unload", code_of(second[0]), task=SECOND)["result"] == "ok"
    return load["no"], [step["box"]]


def test_the_hub_page_shows_work_in_progress_fill_and_ledger(
    app: APIFlask, client: FlaskClient, token_for: TokenFor
) -> None:
    """The supervisor sees the container being devanned, the load being loaded with its
    containers' fill and boxes loaded, and the ledger's line per customs status."""
    floor = Floor.of(client, token_for)
    load_no, loaded = busy_hub(floor)
    fill = floor.get(f"/loads/{load_no}").json["containers"][0]["fill"]
    logged_in(app, client, Role.SUPERVISOR)
    page = client.get("/hub")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert SECOND in html and "Devanning" in html
    assert FIRST not in html  # devanned and all staged: done
    assert load_no in html and OUTBOUND in html and "Loading" in html
    assert f"{100 * fill:.1f}%" in html and f"{len(loaded)} / " in html
    assert "Transshipment" in html and "Export" in html
    assert "Ledger matches the packages in the hub." in html
    assert 'href="/hub"' in client.get("/").get_data(as_text=True)


def _overview_statements(app: APIFlask) -> tuple[Overview, int]:
    statements: list[str] = []

    def seen(*args: object) -> None:
        statements.append(str(args[2]))

    with app.app_context():
        hub = hub_by_code(db.session, SITE)
        event.listen(db.engine, "before_cursor_execute", seen)
        try:
            view = overview(db.session, hub)
        finally:
            event.remove(db.engine, "before_cursor_execute", seen)
    return view, len(statements)


def _second_load(app: APIFlask, load_no: str) -> None:
    """Another open load with the first one's plan, in a container of its own."""
    with app.app_context():
        first = db.session.scalars(select(OutboundLoad).where(OutboundLoad.no == load_no)).one()
        copy = OutboundLoad(
            hub_id=first.hub_id,
            no=f"{load_no}-B",
            service=first.service,
            statuses=list(first.statuses),
            plan_input=dict(first.plan_input),
            plan=dict(first.plan),
        )
        db.session.add(copy)
        db.session.flush()
        db.session.add(
            OutboundContainer(load_id=copy.id, container_no=OUTBOUND2, type="40HC", plan_index=0)
        )
        db.session.commit()


def test_the_hub_page_reads_do_not_grow_with_its_rows(
    app: APIFlask, client: FlaskClient, token_for: TokenFor
) -> None:
    """The hub overview reads a fixed number of statements however many inbound containers
    and open loads it lists (grouped queries, no query per row)."""
    floor = Floor.of(client, token_for)
    load_no, _ = busy_hub(floor)
    before, n_before = _overview_statements(app)
    floor.arrive(THIRD, sample_manifest(3, seed=6))
    _second_load(app, load_no)
    after, n_after = _overview_statements(app)
    assert (len(before.inbound), len(before.loads)) == (1, 1)
    assert (len(after.inbound), len(after.loads)) == (2, 2)
    assert after.loads[1].containers[0].container_no == OUTBOUND2
    assert n_after == n_before


def test_sorting_then_sealed(app: APIFlask, client: FlaskClient, token_for: TokenFor) -> None:
    """A container devanned but not yet sorted shows as sorting with its packages to sort;
    once everything is staged, loaded and sealed, the container is gone and the load shows
    as sealed with its seal number."""
    floor = Floor.of(client, token_for)
    manifest = [p for p in sample_manifest(10, seed=5) if p["service"] == MAIN_SERVICE]
    codes = [code_of(p) for p in manifest]
    floor.arrive(FIRST, manifest)
    for code in codes:
        floor.scan("unload", code, task=FIRST)
    floor.post(f"/inbound/{FIRST}/close")
    logged_in(app, client, Role.SUPERVISOR)
    html = client.get("/hub").get_data(as_text=True)
    assert FIRST in html and "Sorting" in html and f">{len(codes)}</td>" in html

    floor.post("/sort-plan", planner=True)
    floor.stage_all(codes)
    body = {"service": MAIN_SERVICE, "containers": [{"container_no": OUTBOUND, "type": "40HC"}],
            "time_limit_s": 1.0}  # fmt: skip
    load = floor.post("/loads", body, planner=True).json
    floor.load_all(load["no"])
    sealed = floor.post(f"/loads/{load['no']}/close", {"seals": {OUTBOUND: "SEAL-PAGE-01"}})
    assert sealed.status_code == 200, sealed.json
    html = client.get("/hub").get_data(as_text=True)
    assert FIRST not in html and "Sealed" in html and "SEAL-PAGE-01" in html
    assert f"{len(codes)} / {len(codes)}" in html


def test_the_hub_page_speaks_chinese(app: APIFlask, client: FlaskClient) -> None:
    """A supervisor whose language is Chinese gets the page in Chinese."""
    logged_in(app, client, Role.SUPERVISOR, locale="zh_CN")
    html = client.get("/hub").get_data(as_text=True)
    assert "集拼中心" in html and "尚无集拼中心收到集装箱。" in html


@pytest.mark.parametrize("role", [Role.WAREHOUSE, Role.DISPATCHER, Role.CUSTOMS, Role.RETURNS])
def test_the_hub_page_is_refused_to_other_roles(
    app: APIFlask, client: FlaskClient, role: Role
) -> None:
    """Only hub supervisors (and admins) open the hub page; others get 403 and no link."""
    logged_in(app, client, role)
    assert client.get("/hub").status_code == 403
    assert 'href="/hub"' not in client.get("/").get_data(as_text=True)


def test_an_unknown_hub_is_not_found(app: APIFlask, client: FlaskClient) -> None:
    """Asking for a site with no hub answers 404."""
    logged_in(app, client, Role.SUPERVISOR)
    assert client.get("/hub?site=NO-SUCH-HUB").status_code == 404
