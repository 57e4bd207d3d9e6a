"""Floor screens under test: a real Silkhub (waitress, migrated SQLite, demo data), Chromium.

Debian's chromium is driven by Playwright (``playwright install`` is never needed). Where it
is missing the browser tests are skipped, and on CI (CI=true) they fail.
"""

from __future__ import annotations

import json
import threading
import urllib.request
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from apiflask import APIFlask
from flask_migrate import upgrade
from playwright.sync_api import BrowserContext, Page, Playwright, sync_playwright
from playwright.sync_api import Error as PlaywrightError
from waitress.server import create_server

from app import create_app
from app.cli.seed import DEMO_SEEDERS, demo_users
from app.extensions import db
from config.settings import Environment, load_settings
from devices.embedded_broker import free_port
from tests.integration.handheld.floor import Dock, declare_cartons
from tests.services import unavailable
from warehouse.access import service
from warehouse.access.audit import SYSTEM

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "screenshots"
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
PHONE = {"width": 360, "height": 640}
DESKTOP = {"width": 1920, "height": 1080}


@dataclass
class Silkhub:
    app: APIFlask
    url: str
    passwords: dict[str, str]
    dock: Dock

    def token(self, username: str) -> str:
        with self.app.app_context():
            token = service.create_token(db.session, SYSTEM, username)
            db.session.commit()
            return token

    def api(self, path: str, token: str, body: dict[str, Any] | None = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            self.url + path,
            data=data,
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.load(response)


def build_app(tmp: Path) -> APIFlask:
    settings = load_settings(
        {
            "SILKHUB_ENV": Environment.DEVELOPMENT.value,
            "DATABASE_URL": f"sqlite:///{tmp / 'silkhub.db'}",
            "LOG_FORMAT": "console",
            "SECRET_KEY": "e2e-" + "x" * 40,
        },
        instance_path=tmp / "instance",
    )
    return create_app(settings.with_overrides(mqtt_url=None))


def seed(app: APIFlask, cartons: int) -> tuple[dict[str, str], Dock]:
    with app.app_context():
        upgrade(revision="heads")
        logins = demo_users(db.session)
        for seeder in DEMO_SEEDERS:
            seeder(db.session)
        dock = declare_cartons(db.session, "ENT-E2E-0001", cartons, first=500)
        db.session.commit()
    return logins, dock


@contextmanager
def serve(tmp: Path, cartons: int = 8) -> Iterator[Silkhub]:
    (tmp / "instance").mkdir(parents=True, exist_ok=True)
    app = build_app(tmp)
    logins, dock = seed(app, cartons)
    port = free_port()
    server = create_server(app, host="127.0.0.1", port=port, threads=6)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield Silkhub(app, f"http://127.0.0.1:{port}", logins, dock)
    finally:
        server.close()
        thread.join(timeout=5)
        with app.app_context():
            db.engine.dispose()


@contextmanager
def browser(user_data_dir: Path) -> Iterator[tuple[Playwright, BrowserContext]]:
    """A Chromium with a fresh profile; skipped (failed on CI) where there is none."""
    if not CHROMIUM.exists():
        unavailable(f"chromium at {CHROMIUM}")
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(user_data_dir),
            executable_path=str(CHROMIUM),
            headless=True,
            args=ARGS,
            viewport=PHONE,
            locale="zh-CN",
        )
        try:
            yield pw, context
        finally:
            context.close()


def log_in(page: Page, hub: Silkhub, username: str) -> None:
    page.goto(hub.url + "/login")
    shoot(page, f"login-{page.viewport_size['width'] if page.viewport_size else 0}")
    page.fill("#username", username)
    page.fill("#password", hub.passwords[username])
    page.click("button.primary")
    page.wait_for_url(hub.url + "/")


def shoot(page: Page, name: str, full_page: bool = False) -> None:
    """Save a screenshot for people to look at; chromium's capture can fail once under load,
    so it is tried again, and a picture that still cannot be taken is reported, not fatal."""
    SHOTS.mkdir(exist_ok=True)
    for attempt in range(3):
        try:
            page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)
            return
        except PlaywrightError as exc:
            if attempt == 2:
                warnings.warn(f"screenshot {name} not taken: {exc}", stacklevel=2)
            page.wait_for_timeout(500)
