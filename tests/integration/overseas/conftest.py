"""Overseas fixtures: the bonded demo master data (its sellers and SKUs) and role headers."""

from __future__ import annotations

from tests.integration.bonded.conftest import headers, plan

__all__ = ["headers", "plan"]
