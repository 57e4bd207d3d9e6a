"""RFC 9457 problem details for every API error, with a stable ``code``.

Pages get HTML error pages; /api, /healthz and JSON clients get application/problem+json.
"""

from __future__ import annotations

from typing import Any

from apiflask import APIFlask, HTTPError
from flask import Response, json, render_template, request
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import HTTPException

from warehouse.db import given_up
from warehouse.errors import DomainError

PROBLEM_TYPE = "https://silkhub.example/problems/"
CODES = {
    400: "E_BAD_REQUEST",
    401: "E_UNAUTHENTICATED",
    403: "E_FORBIDDEN",
    404: "E_NOT_FOUND",
    405: "E_METHOD_NOT_ALLOWED",
    409: "E_CONFLICT",
    413: "E_TOO_LARGE",
    415: "E_UNSUPPORTED_MEDIA_TYPE",
    422: "E_VALIDATION",
    429: "E_RATE_LIMITED",
    500: "E_INTERNAL",
}
RETRY_AFTER_S = 1


def problem(
    status: int,
    code: str | None = None,
    detail: str | None = None,
    title: str | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> Response:
    code = code or CODES.get(status, f"E_HTTP_{status}")
    body = {
        "type": PROBLEM_TYPE + code.lower().removeprefix("e_").replace("_", "-"),
        "title": title or _title(status),
        "status": status,
        "code": code,
        "detail": detail or _title(status),
        "instance": request.path,
        **extra,
    }
    response = Response(json.dumps(body), status, mimetype="application/problem+json")
    for name, value in (headers or {}).items():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def _title(status: int) -> str:
    from werkzeug.http import HTTP_STATUS_CODES

    return HTTP_STATUS_CODES.get(status, "Error")


def wants_problem() -> bool:
    if request.path.startswith(("/api/", "/healthz", "/metrics")):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def from_http_error(error: HTTPError) -> Response:
    """apiflask's errors: validation (422 with fields), auth (401/403), abort()."""
    extra = dict(error.extra_data or {})
    code = extra.pop("code", None)
    if error.status_code == 422 and isinstance(error.detail, dict):
        extra["errors"] = _field_errors(error.detail)
        return problem(422, code or "E_VALIDATION", "Some fields are invalid.", **extra)
    detail = error.detail if isinstance(error.detail, str) and error.detail else error.message
    headers = {str(k): str(v) for k, v in dict(error.headers or {}).items()}
    return problem(error.status_code, code, detail, headers=headers, **extra)


def _field_errors(detail: dict[str, Any]) -> list[dict[str, str]]:
    """Flatten webargs' {location: {field: [messages]}} into [{field, location, message}]."""
    found: list[dict[str, str]] = []

    def walk(node: Any, location: str, path: list[str]) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, location, [*path, str(key)])
        elif isinstance(node, list) and all(isinstance(m, str) for m in node):
            for message in node:
                found.append({"location": location, "field": ".".join(path), "message": message})
        else:
            found.append({"location": location, "field": ".".join(path), "message": str(node)})

    for location, fields in detail.items():
        walk(fields, location, [])
    return found


def from_domain_error(error: DomainError) -> Response | tuple[str, int]:
    if wants_problem():
        return problem(error.status, error.code, error.message, **error.details)
    return render_template("error.html", status=error.status, message=error.message), error.status


def from_werkzeug(error: HTTPException) -> Response | tuple[str, int]:
    status = error.code or 500
    if wants_problem():
        headers = {k: v for k, v in error.get_headers() if k.lower() != "content-type"}
        return problem(status, detail=error.description, headers=headers)
    return render_template("error.html", status=status, message=error.description), status


def from_unexpected(error: Exception) -> Response | tuple[str, int]:
    from flask import current_app

    current_app.logger.exception("unhandled error", exc_info=error)
    if wants_problem():
        return problem(500)
    return "Internal Server Error", 500


def from_database_error(error: DBAPIError) -> Response | tuple[str, int]:
    """503 ``E_TRY_AGAIN`` with Retry-After for a transaction the database gave up
    (``warehouse.db.given_up``), else as any unexpected error: a client (a handheld,
    customs' gateway) can send the same request again."""
    if not given_up(error):
        return from_unexpected(error)
    from flask import current_app

    current_app.logger.warning("transaction given up by the database: %s", error.orig)
    detail = "The database gave this request up to let another finish; nothing was changed."
    headers = {"Retry-After": str(RETRY_AFTER_S)}
    if wants_problem():
        return problem(503, "E_TRY_AGAIN", detail + " Send it again.", headers=headers)
    return render_template("error.html", status=503, message=detail), 503


def init_app(app: APIFlask) -> None:
    app.error_processor(from_http_error)
    app.register_error_handler(DomainError, from_domain_error)
    app.register_error_handler(DBAPIError, from_database_error)
    app.register_error_handler(HTTPException, from_werkzeug)
    app.register_error_handler(Exception, from_unexpected)
