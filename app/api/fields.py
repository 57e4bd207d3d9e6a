"""Field types shared by the API's schemas."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from apiflask.fields import DateTime


class UTCTime(DateTime):
    """RFC 3339 in UTC with milliseconds and a ``Z``: 2026-11-21T08:00:00.123Z."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"{attr}: not a datetime")
        return rfc3339(value)


def rfc3339(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
