"""The roles of the people who work with Silkhub."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    WAREHOUSE = "warehouse"
    DISPATCHER = "dispatcher"
    RETURNS = "returns"
    CUSTOMS = "customs"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


ALL_ROLES: frozenset[Role] = frozenset(Role)
