"""The one error type of the trace package: a stable machine code plus a reason for people."""

from __future__ import annotations

E_CHECK_DIGIT = "E_CHECK_DIGIT"
E_UNKNOWN_AI = "E_UNKNOWN_AI"
E_BAD_LENGTH = "E_BAD_LENGTH"
E_BAD_CHARSET = "E_BAD_CHARSET"
E_BAD_URI = "E_BAD_URI"
E_BAD_DATE = "E_BAD_DATE"
E_BAD_SYNTAX = "E_BAD_SYNTAX"
E_DUPLICATE_AI = "E_DUPLICATE_AI"
E_BAD_PREFIX = "E_BAD_PREFIX"
E_BAD_EPC = "E_BAD_EPC"
E_CAPACITY = "E_CAPACITY"
E_BAD_TIME = "E_BAD_TIME"
E_BAD_VOCAB = "E_BAD_VOCAB"
E_BAD_EVENT = "E_BAD_EVENT"


class TraceError(ValueError):
    """Invalid identifier, code or event. ``code`` is stable; ``reason`` is for people."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(f"{code}: {reason}")
        self.code = code
        self.reason = reason
