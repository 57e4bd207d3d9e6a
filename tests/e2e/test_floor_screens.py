"""The floor's screens in a real browser: the handheld (typed scans as a keyboard-wedge scanner
sends them, a dropped connection) and the supervisor board, in Chinese and English."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import BrowserContext, Page, Route, expect
from sqlalchemy import func, select

from app.extensions import db
from devices.records import ScanRecord
from tests.e2e.floor_browser import DESKTOP, PHONE, Silkhub, log_in, serve, shoot
from warehouse.bonded import check
from warehouse.bonded.stock import Stock
from warehouse.inbound.models import EntryCarton
from warehouse.masterdata.models import Bin

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
SCANS = "**/api/v1/handheld/scans"
WORDS = {
    "zh_CN": {"receive": "收货", "putaway": "上架", "done": "完成", "bin": "请扫描库位",
              "queued": "已保存在本设备"},
    "en": {"receive": "Receive", "putaway": "Put away", "done": "Done", "bin": "Scan the bin",
           "queued": "Saved on this device"},
}  # fmt: skip


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Silkhub]:
    with serve(tmp_path_factory.mktemp("silkhub"), cartons=8) as running:
        yield running


def wedge(page: Page, code: str) -> None:
    """What a keyboard-wedge scanner does: type into whatever has focus, then Enter."""
    page.keyboard.type(code, delay=5)
    page.keyboard.press("Enter")


def answer(page: Page, kind: str, headline: str) -> None:
    panel = page.locator("#answer")
    expect(panel).to_have_class(re.compile(rf"\b{kind}\b"), timeout=15_000)
    expect(page.locator("#headline")).to_have_text(headline)
    expect(page.locator("#code")).to_be_focused()


def open_handheld(page: Page, hub: Silkhub, locale: str) -> None:
    log_in(page, hub, "demo-warehouse")
    page.click("button[lang=en]" if locale == "en" else "button[lang=zh-CN]")
    shoot(page, f"start-warehouse-{locale}-360x640")
    page.goto(hub.url + "/handheld")
    expect(page.locator("#hh")).to_have_attribute("data-ready", "true")


def choose_receive(page: Page, hub: Silkhub, words: dict[str, str]) -> None:
    page.get_by_role("button", name=words["receive"]).click()
    expect(page.locator("#code")).to_be_focused()
    wedge(page, hub.dock.entry)
    expect(page.locator("#task-value")).to_have_text(hub.dock.entry)


def stock_in(hub: Silkhub, bin_code: str) -> int:
    with hub.app.app_context():
        query = select(func.sum(Stock.quantity)).join(Bin, Bin.id == Stock.bin_id)
        return int(db.session.scalar(query.where(Bin.code == bin_code)) or 0)


def carton_received(hub: Silkhub, sscc: str) -> bool:
    with hub.app.app_context():
        carton = db.session.scalar(select(EntryCarton).where(EntryCarton.sscc == sscc))
        return bool(carton and carton.received)


@pytest.mark.parametrize(("locale", "carton"), [("zh_CN", 0), ("en", 1)])
def test_a_carton_is_received_and_put_away_by_typed_scans(
    hub: Silkhub, context: BrowserContext, locale: str, carton: int
) -> None:
    """Receive (entry, then carton) and put away (carton, suggested bin) with Enter-terminated
    typing only; each answer is coloured, beeps, names the next step, keeps focus."""
    words, sscc = WORDS[locale], hub.dock.cartons[carton]
    page = context.new_page()
    open_handheld(page, hub, locale)
    shoot(page, f"handheld-tasks-{locale}-360x640")
    choose_receive(page, hub, words)
    wedge(page, sscc)
    answer(page, "ok", words["done"])
    assert page.evaluate("document.body.dataset.beep") == "ok"
    assert carton_received(hub, sscc)
    shoot(page, f"handheld-received-{locale}-360x640")
    page.click("#change-op")
    page.get_by_role("button", name=words["putaway"]).click()
    wedge(page, sscc)
    answer(page, "warn", words["bin"])
    target = page.locator("#answer").get_attribute("data-location") or ""
    expect(page.locator("#next-step")).to_contain_text(target)
    shoot(page, f"handheld-scan-bin-{locale}-360x640")
    before = stock_in(hub, target)
    wedge(page, target)
    answer(page, "ok", words["done"])
    assert stock_in(hub, target) == before + 12
    assert page.evaluate("document.documentElement.scrollHeight <= window.innerHeight")
    page.set_viewport_size(DESKTOP)
    shoot(page, f"handheld-{locale}-1920x1080")


def test_a_dropped_connection_loses_no_scan_and_counts_none_twice(
    hub: Silkhub, context: BrowserContext
) -> None:
    """Scan 1 reaches the server but its answer is lost; scan 2 never leaves; the page is
    reloaded offline. Back online, both are resent with their msg_ids: each carton received
    once, two records, the ledger still equals the stock."""
    words, cartons = WORDS["zh_CN"], hub.dock.cartons[2:4]
    page = context.new_page()
    open_handheld(page, hub, "zh_CN")
    choose_receive(page, hub, words)

    def lose_answer(route: Route) -> None:
        route.fetch()  # the server handles and records the scan ...
        route.abort("connectionreset")  # ... and the page never hears back

    page.route(SCANS, lose_answer)
    wedge(page, cartons[0])
    expect(page.locator("#answer")).to_have_class(re.compile(r"\bqueued\b"), timeout=10_000)
    page.unroute(SCANS)
    page.route(SCANS, lambda route: route.abort("internetdisconnected"))
    wedge(page, cartons[1])
    expect(page.locator("#headline")).to_have_text(words["queued"], timeout=10_000)
    shoot(page, "handheld-offline-zh_CN-360x640")
    assert carton_received(hub, cartons[0]) and not carton_received(hub, cartons[1])
    page.reload()
    outbox = "JSON.parse(localStorage.getItem('silkhub.outbox.demo-warehouse')||'[]').length"
    assert page.evaluate(outbox) == 2
    page.unroute(SCANS)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_function(f"{outbox} === 0", timeout=20_000)
    assert carton_received(hub, cartons[1])
    with hub.app.app_context():
        device = page.evaluate("localStorage.getItem('silkhub.device')")
        rows = db.session.scalars(select(ScanRecord).where(ScanRecord.device_id == device))
        received = [r for r in rows if r.op == "receive" and r.code in cartons]
        assert len(received) == 2 and all(r.answer_code == "OK" for r in received)
        assert check.differences(db.session) == []
    expect(page.locator("#recent li.ok")).to_have_count(2)


def test_the_board_shows_new_scans_live(hub: Silkhub, context: BrowserContext) -> None:
    """The board polls /api/v1/board: scans made after it opened show without a reload."""
    page = context.new_page()
    page.set_viewport_size(DESKTOP)
    log_in(page, hub, "demo-supervisor")
    page.click("button[lang=zh-CN]")
    shoot(page, "start-supervisor-zh_CN-1920x1080")
    page.get_by_role("link", name="主管看板").first.click()
    tile = page.locator("[data-k=scans-30]")
    expect(page.locator(".board")).to_have_attribute("data-updated", re.compile(r"Z$"))
    before = int(tile.inner_text())
    token = hub.token("demo-warehouse")
    for n, code in enumerate(hub.dock.cartons[4:6]):
        body = {"op": "receive", "code": code, "task": hub.dock.entry,
                "device": "web-board", "msg_id": f"web-board:{n + 1}"}  # fmt: skip
        assert hub.api("/api/v1/handheld/scans", token, body)["code"] == "OK"
    expect(tile).to_have_text(str(before + 2), timeout=15_000)
    expect(page.locator("[data-k=ledger]")).to_have_text("台账与库存一致")
    page.wait_for_timeout(300)
    shoot(page, "board-zh_CN-1920x1080")
    page.click("button[lang=en]")
    expect(page.locator("h1")).to_have_text("Supervisor board")
    expect(page.locator("[data-k=scans-30]")).to_have_text(str(before + 2))
    shoot(page, "board-en-1920x1080")
    page.set_viewport_size(PHONE)
    page.wait_for_timeout(300)
    shoot(page, "board-en-360x640", full_page=True)
