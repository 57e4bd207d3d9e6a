"""A dispatcher at the console, in a real browser, in Chinese and in English.

Logs in, plans a small generated set with a short time limit, watches the progress, reads the
map and the Gantt, issues and prints a bill of lading, cancels a departure and reads the
re-plan with its changed shipments highlighted, and asks for a quick quote. Screenshots of every
screen at desktop and phone sizes go to screenshots/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.dispatch_browser import (
    SCREENSHOTS,
    Server,
    add_user,
    chromium,
    log_in,
    running_app,
    shot,
)
from warehouse.access.roles import Role

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]
USERS = {"zh_CN": "dispatcher-zh", "en": "dispatcher-en"}
HEADINGS = {"zh_CN": "调度台", "en": "Dispatch console"}
LANG = {"zh_CN": "zh-CN", "en": "en"}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running_app(tmp_path_factory.mktemp("dispatch-app")) as running:
        for locale, username in USERS.items():
            add_user(running.app, username, Role.DISPATCHER, locale)
        yield running


@pytest.fixture(params=list(USERS))
def locale(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def page(tmp_path: Path, locale: str) -> Iterator[Page]:
    with chromium(tmp_path, LANG[locale]) as context:
        yield context.new_page()


def start_plan(page: Page, server: Server, name: str) -> str:
    page.goto(server.url + "/dispatch")
    expect(page.locator("h1")).to_contain_text(HEADINGS[name])
    expect(page.locator("html")).to_have_attribute("lang", LANG[name])
    shot(page, f"dispatch-console-{name}")
    page.fill("#count", "8")
    page.fill("#time_limit_s", "3")
    page.click("form[action$='/dispatch/plans'] button[type=submit]")
    page.wait_for_url(re.compile(r"/dispatch/plans/\d+$"))
    return page.url


def watch_progress(page: Page, name: str) -> None:
    """The progress panel shows the incumbent while solving, then the page shows the plan."""
    progress = page.locator("section.progress")
    if progress.count():
        expect(page.locator('[data-k="incumbent"]')).not_to_have_text("–", timeout=15_000)
        shot(page, f"dispatch-progress-{name}")
    expect(page.locator("dl.summary")).to_be_visible(timeout=60_000)


def read_plan(page: Page, name: str) -> None:
    expect(page.locator("#map-world .leg").first).to_be_attached()
    expect(page.locator("#map-world .place text").first).to_be_visible()
    expect(page.locator("svg.gantt .gbar").first).to_be_attached()
    assert page.locator("table.ships tbody tr").count() == 8
    shot(page, f"dispatch-plan-{name}")
    first = page.locator("table.ships tbody tr button[data-focus]").first
    first.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#map-world")).to_have_class(re.compile("dimmed"))
    expect(page.locator("#map-world .leg.hit").first).to_be_attached()


def second_screen(page: Page, plan_url: str, name: str) -> None:
    page.goto(plan_url + "/map")
    expect(page.locator("#map-asia .place text").first).to_be_visible()
    page.click("#map-world-fig button[data-step='1.5']")
    assert page.get_attribute("#map-world", "viewBox") != page.get_attribute(
        "#map-world", "data-box"
    )
    shot(page, f"dispatch-map-{name}")
    page.goto(plan_url + "/gantt")
    expect(page.locator("svg.gantt .grow")).to_have_count(8)
    shot(page, f"dispatch-gantt-{name}")


def issue_bill(page: Page, plan_url: str, name: str) -> str:
    page.goto(plan_url)
    page.locator("table.ships a.button-link").first.click()
    page.wait_for_url(re.compile(r"/bill$"))
    shot(page, f"dispatch-bill-form-{name}")
    page.fill("#consignor", "Qingdao Haida Trading Co., Ltd.")
    page.fill("#consignee", "To order of Rhein Bank")
    page.fill("#packages_number", "40")
    page.fill("#description_of_goods", "Household textiles")
    page.click("form button[type=submit].primary")
    page.wait_for_url(re.compile(r"/bills-of-lading/SHK-MTD-"))
    number = page.url.rsplit("/", 1)[1]
    expect(page.locator("body")).to_contain_text(number)
    shot(page, f"dispatch-bill-{name}")
    page.emulate_media(media="print")
    page.pdf(path=str(SCREENSHOTS / f"dispatch-bill-{name}.pdf"), format="A4")
    page.emulate_media(media="screen")
    return number


def disrupt(page: Page, plan_url: str, name: str) -> None:
    """Cancelling a departure the plan uses re-plans; changed shipments are marked."""
    page.goto(plan_url)
    page.check("input[value=cancel_departure]")
    page.select_option("#departure", index=0)
    page.fill("form[action$='/disruptions'] #time_limit_s", "2")
    page.click("form[action$='/disruptions'] button[type=submit]")
    page.wait_for_url(re.compile(r"/dispatch/plans/\d+$"))
    assert page.url != plan_url
    expect(page.locator("dl.summary")).to_be_visible(timeout=60_000)
    expect(page.locator("p.chain")).to_be_visible()
    assert page.locator("table.ships tr.changed").count() >= 1
    expect(page.locator(".changed-tag").first).to_be_visible()
    shot(page, f"dispatch-replan-{name}")


def quote(page: Page, server: Server, name: str) -> None:
    page.goto(server.url + "/dispatch/quote")
    page.select_option("#origin", "CNTAO-BZ")
    page.select_option("#destination", "DEDUI-OW")
    page.fill("#weight_kg", "800")
    page.click("form button[type=submit].primary")
    expect(page.locator("table.options tbody tr").first).to_be_visible()
    for tag in ("cheapest", "fastest", "greenest"):
        expect(page.locator(f"table.options .t-{tag}")).to_have_count(1)
    expect(page.locator("figure.scatter circle").first).to_be_attached()
    shot(page, f"dispatch-quote-{name}")


def test_a_dispatcher_plans_watches_disrupts_quotes_and_prints(
    server: Server, page: Page, locale: str
) -> None:
    """The whole desk flow works in the user's language, with keyboard focus where it should."""
    log_in(page, server, USERS[locale])
    plan_url = start_plan(page, server, locale)
    watch_progress(page, locale)
    read_plan(page, locale)
    second_screen(page, plan_url, locale)
    number = issue_bill(page, plan_url, locale)
    disrupt(page, plan_url, locale)
    bill = page.goto(server.url + f"/bills-of-lading/{number}")
    assert bill is not None and bill.ok, "the bill of lading still answers after the disruption"
    expect(page.locator("body")).to_contain_text(number)
    quote(page, server, locale)
