"""The OpenAPI document: every 200 response typed, references that resolve, and schemathesis run
against the app in-process (a few hundred generated requests, none answered 5xx)."""

from __future__ import annotations

import pytest

from dyad.web.app import create_app
from tests.web.conftest import TOKEN


def _refs(node, found: set[str]) -> set[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                found.add(value)
            else:
                _refs(value, found)
    elif isinstance(node, list):
        for value in node:
            _refs(value, found)
    return found


def test_every_success_response_is_typed(client):
    spec = client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            ok = operation["responses"].get("200") or operation["responses"]["201"]
            content = ok["content"]
            if path.endswith(".csv"):
                assert "text/csv" in content
                continue
            ref = content["application/json"]["schema"]["$ref"]
            model = schemas[ref.rsplit("/", 1)[1]]
            assert model["type"] == "object" and model["properties"], (method, path)
            assert "404" in operation["responses"] or path == "/api/config" or method == "post"
    for ref in _refs(spec, set()):
        assert ref.startswith("#/components/schemas/") and ref.rsplit("/", 1)[1] in schemas, ref
    event = schemas["Event"]["properties"]
    assert {"source", "target", "cameo", "mention_evidence", "places", "modality"} <= set(event)
    assert "ArticleIn" in schemas and "text" in schemas["ArticleIn"]["properties"]


def test_docs_are_served_offline(client):
    page = client.get("/docs")
    assert page.status_code == 200 and "/static-docs/swagger-ui-bundle.js" in page.text
    assert "cdn" not in page.text.lower() and "https://" not in page.text.split("<script>")[0]
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css", "redoc.standalone.js"):
        assert client.get(f"/static-docs/{asset}").status_code == 200
    assert "/static-docs/redoc.standalone.js" in client.get("/redoc").text


CASES_PER_OPERATION = 30  # about 300 requests over the ten operations


def test_no_generated_request_gets_a_server_error(store):
    """schemathesis, in-process: every operation, responses checked against the document."""
    schemathesis = pytest.importorskip("schemathesis", reason="schemathesis not installed (pip install -e '.[dev]')")
    from hypothesis import HealthCheck, given, settings
    from schemathesis.checks import (
        content_type_conformance,
        not_a_server_error,
        response_schema_conformance,
        status_code_conformance,
    )

    # not positive_data_acceptance: a random string is a schema-valid cursor, and rightly refused (422)
    checks = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

    api = schemathesis.openapi.from_asgi("/openapi.json", create_app(store, token=TOKEN))
    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) >= 9
    calls: list[int] = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=CASES_PER_OPERATION, deadline=None, suppress_health_check=list(HealthCheck), database=None
        )
        def check(case):
            response = case.call()
            calls.append(response.status_code)
            assert response.status_code < 500, (case.method, case.formatted_path, case.query, response.text[:300])
            case.validate_response(response, checks=checks)

        check()
    assert len(calls) >= 150 and not [s for s in calls if s >= 500]
