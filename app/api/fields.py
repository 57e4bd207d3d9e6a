"""Field types shared by the API's schemas."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from apiflask.fields import DateTime
from marshmallow import ValidationError

MAX_OFFSET = timedelta(hours=14)


class UTCTime(DateTime):
    """RFC 3339 in UTC with milliseconds and a ``Z``: 2026-11-21T08:00:00.123Z.

    In, any RFC 3339 offset of a real time zone (within 14 hours) is taken and kept as UTC.
    """

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> datetime:
        parsed: datetime = super()._deserialize(value, attr, data, **kwargs)
        offset = parsed.utcoffset()
        if offset is None:
            return parsed
        if abs(offset) > MAX_OFFSET:
            raise ValidationError("The time zone offset must be within 14 hours of UTC.")
        try:
            return parsed.astimezone(UTC)
        except OverflowError as exc:
            raise ValidationError("The time is out of range.") from exc

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"{attr}: not a datetime")
        return rfc3339(value)


def rfc3339(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
