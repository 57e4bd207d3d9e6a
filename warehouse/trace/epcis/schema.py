"""The EPCIS 2.0 JSON Schema and JSON-LD context shipped in config/standards/epcis/."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import config

STANDARDS_DIR = Path(config.__file__).parent / "standards" / "epcis"
SCHEMA_PATH = STANDARDS_DIR / "EPCIS-JSON-Schema.json"
CONTEXT_PATH = STANDARDS_DIR / "epcis-context.jsonld"

#: The context URL every EPCIS 2.0 JSON-LD document names first.
EPCIS_CONTEXT_URL = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"


@cache
def load_schema() -> dict[str, Any]:
    """The inlined EPCIS 2.0 JSON Schema (draft-07)."""
    schema: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return schema


@cache
def load_context() -> dict[str, Any]:
    """The EPCIS 2.0 JSON-LD context, for offline JSON-LD processing."""
    context: dict[str, Any] = json.loads(CONTEXT_PATH.read_text(encoding="utf-8"))
    return context


@cache
def cbv_terms(definition: str) -> frozenset[str]:
    """The short CBV terms the schema accepts for ``definition`` (``bizStep``, ...)."""
    for option in load_schema()["definitions"][definition]["anyOf"]:
        if "enum" in option:
            return frozenset(option["enum"])
    return frozenset()
