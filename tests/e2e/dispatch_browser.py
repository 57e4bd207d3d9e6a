"""The dispatcher console's browser tests: the real app in a thread, Debian's chromium.

The app runs under waitress on a migrated SQLite file with the in-process plan queue. Chromium is
the machine's (/usr/bin/chromium, never `playwright install`); where it is missing the tests
skip, or fail on CI (tests.services.unavailable).
"""

from __future__ import annotations

import os
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from alembic.script import ScriptDirectory
from apiflask import APIFlask
from flask import current_app
from flask_migrate import upgrade
from playwright.sync_api import BrowserContext, Page, ViewportSize, sync_playwright
from waitress.server import create_server

from app import create_app
from app.extensions import db, db_session
from config.settings import Environment, load_settings
from devices.embedded_broker import free_port
from tests.services import unavailable
from warehouse.access import service
from warehouse.access.audit import SYSTEM
from warehouse.access.roles import Role

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "screenshots"
DESKTOP = ViewportSize(width=1920, height=1080)
PHONE = ViewportSize(width=360, height=640)
PASSWORD = "dispatch-e2e-password-1"


@dataclass(frozen=True)
class Server:
    url: str
    app: APIFlask


def build_app(tmp: Path) -> APIFlask:
    settings = load_settings(
        {
            "SILKHUB_ENV": Environment.TEST.value,
            "DATABASE_URL": f"sqlite:///{tmp / 'silkhub.db'}",
            "LOG_FORMAT": "console",
        },
        instance_path=tmp / "instance",
    )
    app = create_app(settings.with_overrides(mqtt_url=None), WTF_CSRF_ENABLED=True)
    with app.app_context():
        migrate_to_heads()
    return app


def migrate_to_heads() -> None:
    """`upgrade(revision="heads")`, reached one revision at a time from the base.

    Alembic fails with KeyError on the shared base when one upgrade walks several branches that
    `depends_on` each other (0006, 0007); stepping through the revisions in order works.
    """
    config = current_app.extensions["migrate"].migrate.get_config()
    for script in reversed(list(ScriptDirectory.from_config(config).walk_revisions())):
        upgrade(revision=script.revision)
    upgrade(revision="heads")


def add_user(app: APIFlask, username: str, role: Role, locale: str) -> None:
    with app.app_context():
        new = service.NewUser(username, username.title(), role, PASSWORD, locale=locale)
        service.create_user(db_session(), SYSTEM, new)
        db.session.commit()


def _wait_up(url: str, timeout_s: float = 20) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/login", timeout=2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the app did not answer at {url}")


@contextmanager
def running_app(tmp: Path) -> Iterator[Server]:
    """The app served by waitress on a free port in a daemon thread."""
    app = build_app(tmp)
    port = free_port()
    server = create_server(app, host="127.0.0.1", port=port, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_up(url)
        yield Server(url, app)
    finally:
        server.close()
        thread.join(timeout=5)
        with app.app_context():
            db.engine.dispose()


@contextmanager
def chromium(tmp: Path, locale: str = "zh-CN") -> Iterator[BrowserContext]:
    """A headless chromium with a fresh profile (its own user-data-dir under `tmp`)."""
    if not Path(CHROMIUM).exists():
        unavailable(f"chromium at {CHROMIUM}")
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp / "profile"),
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            headless=True,
            viewport=DESKTOP,
            locale=locale,
        )
        try:
            yield context
        finally:
            context.close()


def log_in(page: Page, server: Server, username: str) -> None:
    page.goto(server.url + "/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("form button[type=submit].primary")
    page.wait_for_url(server.url + "/")


def shot(page: Page, name: str) -> None:
    """Full-page screenshots at desktop and phone sizes: screenshots/<name>-desktop|phone.png."""
    SCREENSHOTS.mkdir(exist_ok=True)
    for size, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        page.wait_for_timeout(150)
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{size}.png"), full_page=True)
    page.set_viewport_size(DESKTOP)
