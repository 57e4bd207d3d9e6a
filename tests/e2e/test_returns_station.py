"""The returns station in a real browser: a returns clerk scans a parcel sold and released under
1210, grades it, restocks it and sees the paperwork (zh-CN and en); a late parcel is refused
with the reason shown."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import BrowserContext, FilePayload, Page, ViewportSize, expect

from app import customs
from simulators.customs import CustomsSimulator
from simulators.customs_returns import ReturnDesk
from tests.e2e.floor_browser import DESKTOP, PHONE, Silkhub, log_in, serve, shoot
from tests.integration.bonded.conftest import ReleaseAll
from tests.integration.conftest import bearer
from tests.integration.returns.conftest import released_days_ago, sell
from warehouse.access.roles import Role
from warehouse.bonded import demo

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
WIDE = ViewportSize(width=DESKTOP["width"], height=DESKTOP["height"])
NARROW = ViewportSize(width=PHONE["width"], height=PHONE["height"])
WORDS = {
    "zh_CN": {"received": "已收货：请定级", "resaleable": "可再售", "grade": "保存定级",
              "eligible": "可以退回保税库存", "restock": "退回保税库存", "confirm": "确认",
              "done": "完成：单据如下", "late": "已过期限：拒收包裹",
              "reason": "超过 30 天申请期限后才申请"},
    "en": {"received": "Received: grade it", "resaleable": "Resaleable", "grade": "Save grade",
           "eligible": "Eligible for restock", "restock": "Restock into bonded stock",
           "confirm": "Confirm", "done": "Done: paperwork below",
           "late": "Too late: refuse the parcel",
           "reason": "Applied for after the 30-day application window"},
}  # fmt: skip
Sold = tuple[str, str, str]  # order no, waybill, buyer's ID number


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Silkhub]:
    with serve(tmp_path_factory.mktemp("silkhub"), cartons=1) as running:
        customs.install(running.app.extensions, ReleaseAll())
        yield running


def sold(hub: Silkhub, n: int, days_ago: float) -> Sold:
    """A parcel sold under 1210, released, out the gate ``days_ago`` (through the API)."""
    tokens: dict[Role, dict[str, str]] = {}

    def headers(role: Role) -> dict[str, str]:
        if role not in tokens:
            tokens[role] = bearer(hub.token(f"demo-{role.value}"))
        return tokens[role]

    h: Callable[[Role], dict[str, str]] = headers
    order, waybill = sell(hub.app.test_client(), h, demo.plan(), n)
    released_days_ago(hub.app, order.order_no, days_ago)
    return order.order_no, waybill.logistics_no, order.buyer_id_number


def open_station(page: Page, hub: Silkhub, locale: str) -> None:
    log_in(page, hub, "demo-returns")
    page.click("button[lang=en]" if locale == "en" else "button[lang=zh-CN]")
    page.goto(hub.url + "/returns-station")
    expect(page.locator("#rs")).to_have_attribute("data-ready", "true")
    expect(page.locator("#code")).to_be_focused()


def wedge(page: Page, code: str) -> None:
    """A keyboard-wedge scanner: types into whatever has focus, then Enter."""
    page.keyboard.type(code, delay=5)
    page.keyboard.press("Enter")


def answer(page: Page, kind: str, headline: str) -> None:
    expect(page.locator("#answer")).to_have_class(re.compile(rf"\b{kind}\b"), timeout=15_000)
    expect(page.locator("#headline")).to_have_text(headline)


@pytest.mark.parametrize(("locale", "n"), [("zh_CN", 301), ("en", 302)])
def test_a_returns_clerk_restocks_a_parcel(
    hub: Silkhub, context: BrowserContext, locale: str, n: int
) -> None:
    """Scan -> whose order (masked, no ID), clocks green -> photo, grade -> restock after a
    confirmation, CEB625 approved by customs -> ledger, tax refund, quota restored ->
    printable receipt."""
    order_no, waybill, id_number = sold(hub, n, 10)
    words = WORDS[locale]
    page = context.new_page()
    page.set_viewport_size(WIDE)
    open_station(page, hub, locale)
    shoot(page, f"returns-station-ready-{locale}-1920x1080")
    wedge(page, waybill)
    answer(page, "ok", words["received"])
    expect(page.locator("#code")).to_be_focused()
    facts = page.locator("#parcel .rs-facts").first
    expect(facts).to_contain_text(order_no[-4:])
    assert order_no not in page.content() and id_number not in page.content()
    expect(page.locator("[data-clock=arrive]")).to_have_attribute("data-colour", "green")
    photo = FilePayload(name="box.png", mimeType="image/png", buffer=PNG)
    page.set_input_files("#photo", files=[photo])
    expect(page.locator("#thumbs li")).to_have_count(1)
    page.get_by_text(words["resaleable"], exact=True).click()
    page.get_by_role("button", name=words["grade"]).click()
    expect(page.locator("#eligibility")).to_contain_text(words["eligible"])
    restock = page.get_by_role("button", name=words["restock"])
    expect(restock).to_be_focused()
    shoot(page, f"returns-station-graded-{locale}-1920x1080")
    restock.press("Enter")
    expect(page.locator("#confirm")).to_be_visible()
    shoot(page, f"returns-station-confirm-{locale}-1920x1080")
    approving = CustomsSimulator(returns=ReturnDesk(refusal_rates={}))  # customs approves
    customs.install(hub.app.extensions, customs.InProcessCustoms(approving, customs.credit_class))
    try:
        page.get_by_role("button", name=words["confirm"]).click()
        answer(page, "ok", words["done"])
    finally:
        customs.install(hub.app.extensions, ReleaseAll())
    expect(page.locator("#receipt")).to_be_visible()
    expect(page.locator("#ledger-rows tr").first).to_contain_text("return_in")
    expect(page.locator("[data-f=refund-total]")).to_contain_text("¥")
    expect(page.locator("#ceb625")).to_have_attribute("href", re.compile(r"/ceb625$"))
    shoot(page, f"returns-station-done-{locale}-1920x1080", full_page=True)
    page.set_viewport_size(NARROW)
    shoot(page, f"returns-station-done-{locale}-360x640", full_page=True)
    page.emulate_media(media="print")
    shoot(page, f"returns-station-receipt-print-{locale}", full_page=True)


def test_a_late_parcel_is_refused_with_the_reason(hub: Silkhub, context: BrowserContext) -> None:
    """Released 31 days ago, never applied for: refused at the counter, saying why."""
    _order, waybill, _id = sold(hub, 303, 31)
    page = context.new_page()
    open_station(page, hub, "zh_CN")
    wedge(page, waybill)
    answer(page, "error", WORDS["zh_CN"]["late"])
    expect(page.locator("#detail")).to_contain_text(WORDS["zh_CN"]["reason"])
    expect(page.locator("#parcel")).to_be_hidden()
    expect(page.locator("#code")).to_be_focused()
    assert page.evaluate("document.body.dataset.beep") == "error"
    shoot(page, "returns-station-late-zh_CN-360x640", full_page=True)
    page.set_viewport_size(WIDE)
    shoot(page, "returns-station-late-zh_CN-1920x1080")
