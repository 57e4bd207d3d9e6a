"""Server-rendered pages: login, the start page, language choice."""

from __future__ import annotations

from apiflask import APIBlueprint

web = APIBlueprint("web", __name__, enable_openapi=False, template_folder="../templates")

from app.web import (  # noqa: E402  (register routes on the blueprint)
    bills,
    board,
    dispatch,
    dispatch_actions,
    dispatch_quote,
    handheld,
    hub,
    pages,
    resolver,
    returns_station,
    screens,
)

__all__ = [
    "bills",
    "board",
    "dispatch",
    "dispatch_actions",
    "dispatch_quote",
    "handheld",
    "hub",
    "pages",
    "resolver",
    "returns_station",
    "screens",
    "web",
]
