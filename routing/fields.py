"""Small readers for contract fields: each records an Issue and returns None on bad input."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

from routing.errors import Issues

_MISSING = object()


def format_time(moment: datetime) -> str:
    """RFC 3339 UTC with a trailing Z (microseconds only when present)."""
    text = moment.astimezone(UTC).replace(tzinfo=None).isoformat()
    return text + "Z"


def parse_time(text: object) -> datetime | None:
    """An RFC 3339 time with an explicit offset, as an aware UTC datetime; None when invalid."""
    if not isinstance(text, str) or "T" not in text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    return moment.astimezone(UTC)


def _get(obj: dict[str, Any], key: str, path: str, issues: Issues, required: bool) -> Any:
    value = obj.get(key, _MISSING)
    if value is _MISSING or value is None:
        if required:
            issues.add("MISSING_FIELD", f"{path}.{key}", f"'{key}' is required")
        return _MISSING
    return value


def text(obj: dict[str, Any], key: str, path: str, issues: Issues) -> str | None:
    value = _get(obj, key, path, issues, required=True)
    if value is _MISSING:
        return None
    if not isinstance(value, str) or not value:
        issues.add("BAD_TYPE", f"{path}.{key}", f"'{key}' must be a non-empty string")
        return None
    return value


def number(
    obj: dict[str, Any],
    key: str,
    path: str,
    issues: Issues,
    *,
    required: bool = True,
    default: float | None = None,
    minimum: float | None = 0.0,
    positive: bool = False,
) -> float | None:
    """A finite number; `minimum` (inclusive) or `positive` (exclusive 0) is checked."""
    value = _get(obj, key, path, issues, required)
    if value is _MISSING:
        return default
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        issues.add("BAD_TYPE", f"{path}.{key}", f"'{key}' must be a finite number")
        return None
    if positive and value <= 0:
        code = "NEGATIVE_CAPACITY" if key.startswith("capacity") else "BAD_VALUE"
        issues.add(code, f"{path}.{key}", f"'{key}' must be positive, got {value}")
        return None
    if minimum is not None and value < minimum:
        code = "NEGATIVE_CAPACITY" if key.startswith("capacity") else "BAD_VALUE"
        issues.add(code, f"{path}.{key}", f"'{key}' must be at least {minimum}, got {value}")
        return None
    return float(value)


def time(obj: dict[str, Any], key: str, path: str, issues: Issues) -> datetime | None:
    value = _get(obj, key, path, issues, required=True)
    if value is _MISSING:
        return None
    moment = parse_time(value)
    if moment is None:
        issues.add("BAD_TIME", f"{path}.{key}", f"'{key}' must be an RFC 3339 UTC time: {value!r}")
    return moment


def items(doc: Any, key: str, issues: Issues) -> list[Any]:
    """The list under a top-level key (records MISSING_FIELD / BAD_TYPE)."""
    if not isinstance(doc, dict):
        issues.add("BAD_TYPE", "", "the document must be a JSON object")
        return []
    value = doc.get(key)
    if value is None:
        issues.add("MISSING_FIELD", key, f"'{key}' is required")
        return []
    if not isinstance(value, list):
        issues.add("BAD_TYPE", key, f"'{key}' must be a list")
        return []
    return value
