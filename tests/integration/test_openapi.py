"""The API describes itself in OpenAPI 3, and no input makes any endpoint answer 500."""

from __future__ import annotations

import re

import pytest
import schemathesis
from apiflask import APIFlask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from openapi_spec_validator import validate
from schemathesis.checks import not_a_server_error

from tests.integration.conftest import TokenFor, bearer
from warehouse.access.roles import Role

MAX_EXAMPLES = 12
REPORTS_503_BY_DESIGN = {"/healthz"}  # 503 means "something is down", by contract


def test_openapi_document_is_valid_openapi_3(client: FlaskClient) -> None:
    """/api/v1/openapi.json validates against the OpenAPI 3 specification."""
    document = client.get("/api/v1/openapi.json").json
    assert document["openapi"].startswith("3.")
    validate(document)
    assert "BearerAuth" in document["components"]["securitySchemes"]


def test_the_interactive_docs_page_works_offline(client: FlaskClient) -> None:
    """The docs page loads its scripts from Silkhub itself, not from the internet."""
    page = client.get("/api/v1/docs").get_data(as_text=True)
    assert "/api/v1/docs/static/swagger-ui-bundle.js" in page
    assert "cdn.jsdelivr" not in page
    assert client.get("/api/v1/docs/static/swagger-ui-bundle.js").status_code == 200


def role_for(app: APIFlask, method: str, path: str) -> Role:
    """A role the endpoint admits, so the fuzzing reaches its body rather than a 403."""
    adapter = app.url_map.bind("localhost")
    concrete = re.sub(r"\{[^}]+\}", "1", path)
    endpoint, _args = adapter.match(concrete, method=method.upper())
    allowed = getattr(app.view_functions[endpoint], "_spec", {}).get("roles") or ["admin"]
    return Role(allowed[0])


@pytest.mark.postgres_only
def test_no_endpoint_answers_500(app: APIFlask, token_for: TokenFor) -> None:
    """Whatever schemathesis sends, as a user of a role the endpoint admits, nothing is 5xx."""
    tokens: dict[Role, str] = {}
    current: dict[str, dict[str, str]] = {}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [
        op
        for op in (result.ok() for result in schema.get_all_operations())
        if op.path not in REPORTS_503_BY_DESIGN
    ]
    assert len(operations) >= 5
    for operation in operations:
        role = role_for(app, operation.method, operation.path)
        headers = bearer(tokens.setdefault(role, token_for(role)))

        @given(case=operation.as_strategy())
        @settings(
            max_examples=MAX_EXAMPLES,
            suppress_health_check=list(HealthCheck),
            deadline=None,
            derandomize=True,
        )
        def call(case: schemathesis.Case) -> None:
            case.call_and_validate(headers=current["headers"], checks=[not_a_server_error])

        current["headers"] = headers
        call()
