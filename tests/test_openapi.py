"""The OpenAPI document tells the truth: it is a valid OpenAPI 3.1 document, its operation
ids are readable, every error status it documents carries the one ``Error`` schema, 422 is
never documented (bad input is 400), every schema and field has a description, and
schemathesis, calling every ``/api`` operation with generated input, finds no server error
and no status the document does not declare."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from mini_graph import load_mini
from openapi_spec_validator import validate

from graph.settings import Settings
from graph.store.embedded import EmbeddedStore
from service.app import create_app


@pytest.fixture(scope="module")
def spec() -> Iterator[dict[str, Any]]:
    store = load_mini(EmbeddedStore())
    with TestClient(create_app(Settings(store_path=None), store=store)) as client:
        yield client.get("/openapi.json").json()
    store.close()


def _operations(spec: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            yield path, method, op


def test_the_document_is_valid_openapi(spec: dict[str, Any]) -> None:
    validate(spec)
    assert spec["openapi"].startswith("3.1")


def test_operation_ids_are_readable_and_unique(spec: dict[str, Any]) -> None:
    ids = {(path, method): op["operationId"] for path, method, op in _operations(spec)}
    assert len(set(ids.values())) == len(ids)
    assert all(re.fullmatch(r"[a-z][A-Za-z]*", i) for i in ids.values()), ids
    assert ids[("/api/recommendations", "get")] == "listRecommendations"
    assert ids[("/api/recommendations/{id}", "get")] == "getRecommendation"
    assert ids[("/api/products", "get")] == "listProducts"


def test_every_error_status_has_the_error_schema_and_validation_422_is_gone(
    spec: dict[str, Any],
) -> None:
    schemas = spec["components"]["schemas"]
    assert {"Error", "ErrorBody"} <= set(schemas)
    assert not {"HTTPValidationError", "ValidationError"} & set(schemas)
    assert set(schemas["Error"]["properties"]) == {"error"}
    assert set(schemas["ErrorBody"]["properties"]) == {"code", "message"}
    for path, method, op in _operations(spec):
        # request validation answers 400; only /sparql sends 422, for an answer too large
        assert ("422" in op["responses"]) == (path == "/sparql"), (method, path)
        for status, response in op["responses"].items():
            if status[0] in "45":
                schema = response["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/Error"}, (method, path, status)
                assert response["description"], (method, path, status)


def test_statuses_where_they_can_happen(spec: dict[str, Any]) -> None:
    def statuses(path: str, method: str = "get") -> set[str]:
        return set(spec["paths"][path][method]["responses"])

    # an id to resolve: 404; query parameters: 400; the store: 503
    assert statuses("/api/recommendations/{id}") == {"200", "404", "503"}
    assert statuses("/api/products") == {"200", "400", "503"}
    assert statuses("/api/stats") == {"200", "503"}
    assert statuses("/api/citations", "post") == {"200", "400", "413"}
    assert {"400", "413", "415"} <= statuses("/api/validate", "post")


def test_every_schema_and_field_has_a_description(spec: dict[str, Any]) -> None:
    missing = []
    for name, schema in spec["components"]["schemas"].items():
        if name.startswith("Body_"):
            continue  # form bodies of the HTML pages
        if not schema.get("description"):
            missing.append(name)
        for field, prop in schema.get("properties", {}).items():
            if not prop.get("description"):
                missing.append(f"{name}.{field}")
    assert missing == []


def test_every_list_is_a_page(spec: dict[str, Any]) -> None:
    for path in ("/api/recommendations", "/api/products", "/api/overlaps", "/api/amendments"):
        op = spec["paths"][path]["get"]
        ref = op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        page = spec["components"]["schemas"][ref.rsplit("/", 1)[-1]]
        assert {"items", "total", "limit", "offset"} <= set(page["properties"]), path
        assert {"limit", "offset"} <= {p["name"] for p in op["parameters"]}, path


# -- schemathesis -------------------------------------------------------------------------


def test_api_answers_only_what_it_documents() -> None:
    """Every /api operation, a bounded number of generated requests each: no 5xx, and no
    status that the operation does not document."""
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import status_code_conformance

    store = load_mini(EmbeddedStore())
    app = create_app(Settings(store_path=None), store=store)
    app.state.store = store
    schema = schemathesis.openapi.from_asgi("/openapi.json", app).include(path_regex="^/api/")
    checked = []
    try:
        for result in schema.get_all_operations():
            operation = result.ok()

            @given(case=operation.as_strategy())
            @settings(
                max_examples=12,
                deadline=None,
                suppress_health_check=list(HealthCheck),
                database=None,
                derandomize=True,
            )
            def call(case: Any) -> None:
                case.call_and_validate(checks=[not_a_server_error, status_code_conformance])

            call()
            checked.append(operation.label)
    finally:
        store.close()
    assert len(checked) >= 15
