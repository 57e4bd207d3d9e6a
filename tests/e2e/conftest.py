"""What every browser test shares: a Chromium with a fresh profile per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext

from tests.e2e.floor_browser import browser


@pytest.fixture
def context(tmp_path: Path) -> Iterator[BrowserContext]:
    with browser(tmp_path / "profile") as (_, ctx):
        yield ctx
