"""Refuse text no database column can hold before it reaches a handler.

PostgreSQL text cannot contain NUL (U+0000); rather than fail deep inside a transaction, a
request carrying one anywhere in its JSON body or query string is a 422 naming where.
"""

from __future__ import annotations

from typing import Any

from apiflask import APIFlask
from flask import Response, request

from app.problems import problem


def _nul_path(value: Any, path: str) -> str | None:
    if isinstance(value, str):
        return path if "\x00" in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            found = _nul_path(str(key), path) or _nul_path(item, f"{path}.{key}")
            if found:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = _nul_path(item, f"{path}[{index}]")
            if found:
                return found
    return None


def refuse_nul_characters() -> Response | None:
    for key, value in request.args.items(multi=True):
        if "\x00" in key or "\x00" in value:
            return _refuse("query", key)
    if request.is_json:
        body = request.get_json(silent=True)
        where = _nul_path(body, "body") if body is not None else None
        if where:
            return _refuse("json", where)
    return None


def _refuse(location: str, field: str) -> Response:
    return problem(
        422,
        "E_NUL_CHARACTER",
        "Text may not contain the NUL character (U+0000).",
        errors=[{"location": location, "field": field, "message": "contains U+0000"}],
    )


def init_app(app: APIFlask) -> None:
    app.before_request(refuse_nul_characters)
