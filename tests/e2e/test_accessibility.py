"""Every screen passes an automated accessibility audit (axe-core, WCAG 2.1 A and AA).

axe-core finds what a machine can find (contrast, names of controls, labels, landmarks, language);
it does not replace a person with a screen reader, but no screen ships with what it finds.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Page

from tests.e2e.floor_browser import DESKTOP, PHONE, Silkhub, log_in, serve

pytestmark = pytest.mark.e2e
RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
BLOCKING = {"serious", "critical"}
SCREENS = ["/", "/handheld", "/board", "/dispatch", "/dispatch/quote", "/returns-station", "/hub"]


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Silkhub]:
    with serve(tmp_path_factory.mktemp("silkhub"), cartons=1) as running:
        yield running


def blocking_violations(page: Page) -> list[str]:
    response = Axe().run(page, options=RULES).response
    return [
        f"{page.url} {v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in response["violations"]
        if v["impact"] in BLOCKING
    ]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_every_screen_has_no_serious_accessibility_violation(
    hub: Silkhub, context: BrowserContext, viewport: dict[str, int]
) -> None:
    """The login page and every screen a supervisor reaches, on a phone and on a desktop, have
    no serious or critical WCAG 2.1 A/AA violation that axe-core can detect."""
    page = context.new_page()
    page.set_viewport_size(viewport)
    page.goto(hub.url + "/login")
    found = blocking_violations(page)
    log_in(page, hub, "demo-supervisor")
    for path in SCREENS:
        page.goto(hub.url + path)
        page.wait_for_load_state("networkidle")
        found += blocking_violations(page)
    assert not found, "\n".join(found)


def test_the_audit_catches_what_it_is_meant_to(context: BrowserContext) -> None:
    """The audit runs for real in this chromium: a form with an unlabelled field, an image with
    no text alternative and grey-on-white text is reported."""
    page = context.new_page()
    page.set_content(
        '<html lang="en"><body><main><img src="x.png">'
        '<p style="color:#ccc;background:#fff">faint</p>'
        '<form><input type="text"></form></main></body></html>'
    )
    found = " ".join(blocking_violations(page))
    assert "image-alt" in found and "color-contrast" in found and "label" in found
