"""Validation of EPCIS 2.0 JSON-LD against the GS1 JSON Schema (draft-07).

The ``uri`` and ``date-time`` formats are checked with small local checkers, so validation
needs no optional jsonschema extras (rfc3987, rfc3339-validator) and gives the same answer
everywhere.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from jsonschema import Draft7Validator, FormatChecker
from jsonschema.exceptions import ValidationError, best_match

from warehouse.trace.epcis.schema import load_schema

_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]*$")
_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")


@dataclass(frozen=True)
class SchemaError:
    """One schema violation: JSON path (``$.epcisBody.eventList[0].action``) and message."""

    path: str
    message: str


def _is_uri(value: object) -> bool:
    return not isinstance(value, str) or bool(_URI.match(value))


def _is_date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not _DATE_TIME.match(value):
        return False
    try:
        dt.datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


@cache
def _validator() -> Draft7Validator:
    checker = FormatChecker(formats=())
    checker.checks("uri")(_is_uri)
    checker.checks("date-time")(_is_date_time)
    schema = load_schema()
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema, format_checker=checker)


def _leaves(error: ValidationError) -> Iterable[ValidationError]:
    """The most specific errors: an ``anyOf`` failure is reported by its best alternative."""
    if error.context:
        best = best_match(error.context)
        yield from _leaves(best) if best is not None else [error]
    else:
        yield error


def validate_epcis(document: Mapping[str, Any]) -> list[SchemaError]:
    """Schema errors of an EPCISDocument, EPCISQueryDocument or standalone event; [] if valid."""
    found: dict[tuple[str, str], None] = {}
    for error in _validator().iter_errors(document):
        for leaf in _leaves(error):
            found[(leaf.json_path, leaf.message)] = None
    return [SchemaError(path, message) for path, message in sorted(found)]


def is_valid_epcis(document: Mapping[str, Any]) -> bool:
    """True when ``document`` passes the schema."""
    return _validator().is_valid(document)
