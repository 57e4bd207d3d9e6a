"""The screens each role works on: the start page and the navigation list them from here.

To add a screen, append a ``Screen`` to ``SCREENS`` (its endpoint, its label and one line
saying what it is for, and the roles that use it); base.html's nav block and the start page
pick it up.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import abort
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.web import web
from warehouse.access.roles import Role

FLOOR = frozenset({Role.WAREHOUSE, Role.SUPERVISOR})
LEADS = frozenset({Role.SUPERVISOR, Role.ADMIN})


@dataclass(frozen=True)
class Screen:
    endpoint: str
    label: LazyString
    purpose: LazyString
    roles: frozenset[Role]
    icon: str = ""


SCREENS: list[Screen] = [
    Screen(
        "web.handheld",
        _l("Handheld"),
        _l("Receive, put away, pick, pack, load, count and return by scanning."),
        FLOOR,
        "▦",
    ),
    Screen(
        "web.board",
        _l("Supervisor board"),
        _l("Throughput, queues, devices, customs and the ledger, live."),
        LEADS,
        "▤",
    ),
    Screen(
        "web.hub_floor",
        _l("Consolidation hub"),
        _l("Containers and loads in progress, load plan fill and the hub ledger."),
        LEADS,
        "▣",
    ),
]


def screens_for(role: str | None) -> list[Screen]:
    return [s for s in SCREENS if role is not None and role in s.roles]


def require_role(allowed: frozenset[Role]) -> None:
    """403 for a logged-in user whose role does not use this screen."""
    if current_user.role not in allowed:
        abort(403)


@web.app_context_processor
def _screens() -> dict[str, Any]:
    role = current_user.role if current_user.is_authenticated else None
    return {"screens": screens_for(role)}
