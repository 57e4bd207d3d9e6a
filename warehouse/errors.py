"""Domain errors: a stable machine code, a message a person understands, and details.

Adapters map them to their medium: problem+json over HTTP, an ``error`` ack over MQTT.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A refused operation; nothing was changed."""

    status = 400

    def __init__(self, code: str, message: str, **details: Any) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details


class NotFound(DomainError):
    status = 404


class Conflict(DomainError):
    status = 409


class Invalid(DomainError):
    status = 422


class Forbidden(DomainError):
    status = 403
