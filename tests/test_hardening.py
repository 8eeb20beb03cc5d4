"""What a client sends cannot crash the service or make it fetch anything: limits on query
text and request bodies, SERVICE refused, security headers, /health and /ready.

The crash cases run against a real uvicorn server (in this process: a parser that still
overflowed its stack would end the test run) on both store kinds, and check that the
server answers afterwards. The SERVICE cases point at a real listener on 127.0.0.1 and
check that it was never contacted.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import http.server
import json
import re
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from live_server import live_service
from servers import free_port

from graph.errors import LimitExceededError, ServiceNotAllowedError
from graph.settings import Settings
from graph.store import Store
from graph.store.embedded import EmbeddedStore
from graph.store.guard import QueryLimits, check_query
from graph.store.nesting import json_depth, scan_sparql
from graph.store.remote import RemoteStore
from service.app import create_app
from service.security_headers import content_security_policy

ROOT = Path(__file__).resolve().parent.parent
SPARQL_QUERY = {"Content-Type": "application/sparql-query"}

NESTED_BRACES = "SELECT * WHERE " + "{" * 5000 + "}" * 5000
NESTED_PARENS = "ASK { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }"
DEEP_JSONLD = (
    '{"http://e.example/p":' * 4000 + '{"@id":"http://e.example/o"}' + "}" * 4000
).encode()


def _error(status: int, body: bytes | str, expected: int, code: str | None = None) -> str:
    assert status == expected, body
    data = json.loads(body)
    assert set(data) == {"error"} and set(data["error"]) == {"code", "message"}
    if code is not None:
        assert data["error"]["code"] == code, data
    assert " / " in data["error"]["message"], "messages are given in Norwegian / English"
    return str(data["error"]["message"])


def _post(url: str, body: bytes, content_type: str) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=body, headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


# -- a listener that records whether anything reached it --------------------------------------


@dataclass
class Listener:
    url: str
    hits: list[str] = field(default_factory=list)


@pytest.fixture
def listener() -> Iterator[Listener]:
    """An HTTP server on 127.0.0.1 that answers every request and records it."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self) -> None:
            hits.append(f"{self.command} {self.path}")
            body = b'{"head":{"vars":[]},"results":{"bindings":[{}]}}'
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _answer

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Listener(f"http://127.0.0.1:{server.server_port}/sparql", hits)
    finally:
        server.shutdown()
        server.server_close()


# -- crashes ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def live(store: Store) -> Iterator[str]:
    with live_service(store) as url:
        yield url


@pytest.mark.parametrize("query", [NESTED_BRACES, NESTED_PARENS], ids=["braces", "parens"])
def test_deeply_nested_query_is_refused_and_server_lives(live: str, query: str) -> None:
    status, body = _post(f"{live}/sparql", query.encode(), "application/sparql-query")
    message = _error(status, body, 400, "limit_exceeded")
    assert "5000" in message or "5002" in message
    status, body = _post(
        f"{live}/sparql",
        ("query=" + urllib.request.quote(query)).encode(),
        "application/x-www-form-urlencoded",
    )
    _error(status, body, 400, "limit_exceeded")
    assert _get(f"{live}/health")[0] == 200
    status, body = _post(f"{live}/sparql", b"ASK {}", "application/sparql-query")
    assert status == 200 and json.loads(body)["boolean"] is True


def test_long_operator_chain_is_refused(live: str) -> None:
    """8,000 terms joined by + overflow the parser without any bracket nesting."""
    query = "SELECT * WHERE { FILTER(" + "+".join(["1"] * 8000) + ") }"
    status, body = _post(f"{live}/sparql", query.encode(), "application/sparql-query")
    _error(status, body, 400, "limit_exceeded")
    assert _get(f"{live}/health")[0] == 200


def test_deep_jsonld_body_is_refused_and_server_lives(live: str) -> None:
    assert len(DEEP_JSONLD) > 40_000
    status, body = _post(f"{live}/api/validate", DEEP_JSONLD, "application/ld+json")
    assert "4001" in _error(status, body, 400, "limit_exceeded")
    assert _get(f"{live}/health")[0] == 200


def test_deep_turtle_body_is_refused(live: str) -> None:
    turtle = "<http://e.example/s> <http://e.example/p> " + "[ <http://e.example/p> " * 4000
    turtle += "1" + " ]" * 4000 + " ."
    status, body = _post(f"{live}/api/validate", turtle.encode(), "text/turtle")
    _error(status, body, 400, "limit_exceeded")
    assert _get(f"{live}/health")[0] == 200


def test_deep_json_to_validate_is_a_json_400(live: str) -> None:
    """Was a plain-text 500 (RecursionError in the JSON parser)."""
    status, body = _post(
        f"{live}/api/validate", b"[" * 100_000 + b"]" * 100_000, "application/json"
    )
    _error(status, body, 400, "limit_exceeded")


def test_chunked_body_over_the_limit_is_413(live: str) -> None:
    """A body without Content-Length is counted while it arrives."""
    host, port = live.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=60)
    # Just over the limit, so the client has sent everything when the server answers.
    line = b"<http://e.example/s> <http://e.example/p> 1 .\n"
    limit = Settings().max_validate_bytes
    chunks = (line * (limit // len(line) // 4 + 1) for _ in range(4))
    try:
        conn.request(
            "POST",
            "/api/validate",
            body=chunks,
            encode_chunked=True,
            headers={"Content-Type": "application/n-triples", "Transfer-Encoding": "chunked"},
        )
        response = conn.getresponse()
        _error(response.status, response.read(), 413, "too_large")
    finally:
        conn.close()
    assert _get(f"{live}/health")[0] == 200


# -- body limits --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_limits() -> Iterator[TestClient]:
    store = EmbeddedStore()
    settings = Settings(
        store_path=None,
        max_validate_bytes=1000,
        max_citations_bytes=500,
        max_sparql_body_bytes=700,
        max_body_bytes=300,
    )
    with TestClient(create_app(settings, store=store)) as c:
        yield c
    store.close()


@pytest.mark.parametrize(
    ("path", "limit", "content_type"),
    [
        ("/api/validate", 1000, "text/turtle"),
        ("/api/citations", 500, "application/json"),
        ("/sparql", 700, "application/sparql-query"),
        ("/api/other", 300, "text/plain"),
    ],
)
def test_body_over_the_endpoint_limit_is_413(
    small_limits: TestClient, path: str, limit: int, content_type: str
) -> None:
    over = small_limits.post(
        path, content=b" " * (limit + 1), headers={"Content-Type": content_type}
    )
    assert str(limit) in _error(over.status_code, over.text, 413, "too_large")
    at = small_limits.post(path, content=b" " * limit, headers={"Content-Type": content_type})
    assert at.status_code != 413


def test_body_within_the_limit_is_served(small_limits: TestClient) -> None:
    r = small_limits.post("/api/citations", json={"text": "jf. pasientjournalloven § 2"})
    assert r.status_code == 200 and "citations" in r.json()


# -- no outbound requests -----------------------------------------------------------------------

SERVICE_FORMS = [
    "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ service silent <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERVICESILENT<{url}>{{ ?s ?p ?o }} }}",
    "PREFIX ex: <{url}#> SELECT * WHERE {{ SERVICEex:x {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?s ?p ?o.SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?s ?p 1SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERVICE\n# a comment\n<{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ BIND(<{url}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
]


@pytest.mark.parametrize("form", SERVICE_FORMS)
def test_service_is_refused_and_nothing_is_contacted(
    client: TestClient, listener: Listener, form: str
) -> None:
    query = form.format(url=listener.url)
    r = client.post("/sparql", content=query.encode(), headers=SPARQL_QUERY)
    _error(r.status_code, r.text, 400, "service_not_allowed")
    r = client.get("/sparql", params={"query": query})
    _error(r.status_code, r.text, 400, "service_not_allowed")
    assert listener.hits == []


def test_remote_store_refuses_service_itself(oxigraph_store: Store, listener: Listener) -> None:
    with pytest.raises(ServiceNotAllowedError):
        oxigraph_store.query_serialized(f"SELECT * WHERE {{ SERVICE <{listener.url}> {{}} }}")
    assert listener.hits == []


@pytest.mark.parametrize(
    "query",
    [
        'SELECT * WHERE { ?service ?p "SERVICE <http://127.0.0.1:1/> {}" } LIMIT 1',
        "SELECT * WHERE { ?s <http://e.example/SERVICE> ?o } # SERVICE <http://127.0.0.1:1/>",
        "PREFIX ex: <http://e.example/> SELECT * WHERE { ?s ex:service ?o }",
        "SELECT * WHERE { ?s ?p ?o FILTER(lang(?o) = 'service') } LIMIT 1",
    ],
)
def test_the_word_service_elsewhere_is_allowed(client: TestClient, query: str) -> None:
    r = client.post("/sparql", content=query.encode(), headers=SPARQL_QUERY)
    assert r.status_code == 200, r.text


def test_listed_service_endpoint_is_allowed(listener: Listener) -> None:
    store = EmbeddedStore()
    settings = Settings(store_path=None, allow_service=[listener.url])
    with TestClient(create_app(settings, store=store)) as c:
        query = f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"
        r = c.post("/sparql", content=query.encode(), headers=SPARQL_QUERY)
        assert r.status_code == 200, r.text
        assert len(listener.hits) == 1
        other = query.replace("/sparql>", "/other>")
        r = c.post("/sparql", content=other.encode(), headers=SPARQL_QUERY)
        _error(r.status_code, r.text, 400, "service_not_allowed")
        assert len(listener.hits) == 1
    store.close()


def test_jsonld_remote_context_is_not_fetched(client: TestClient, listener: Listener) -> None:
    for context in (listener.url, {"@import": listener.url}):
        doc = {"@context": context, "@id": "http://e.example/s", "p": "x"}
        r = client.post(
            "/api/validate",
            content=json.dumps(doc),
            headers={"Content-Type": "application/ld+json"},
        )
        _error(r.status_code, r.text, 400)
    assert listener.hits == []


# -- the guard itself ---------------------------------------------------------------------------


def test_named_queries_pass_the_guard() -> None:
    for path in sorted((ROOT / "queries").glob("*.rq")):
        check_query(path.read_text(encoding="utf-8"))


def test_guard_limits() -> None:
    limits = QueryLimits(max_bytes=100, max_depth=3, max_tokens=20)
    check_query("ASK { { { } } }", limits)
    with pytest.raises(LimitExceededError):
        check_query("ASK { { { { } } } }", limits)
    with pytest.raises(LimitExceededError):
        check_query("ASK {}" + " " * 100, limits)
    with pytest.raises(LimitExceededError):
        check_query("ASK { " + "?s ?p ?o . " * 6 + "}", limits)
    # Closing brackets hidden in an IRI do not lower the count.
    with pytest.raises(LimitExceededError):
        check_query("ASK { <http://e.example/)))))> ?p ((((1)))) }", limits)


def test_scanner_skips_strings_and_comments() -> None:
    text = 'ASK { ?s ?p """ {{{{ \\""" {{{{ """ . ?s ?p "((((" # ((((\n }'
    assert scan_sparql(text).depth == 1
    assert json_depth(b'{"a": "[[[[\\"[[["}') == 1


# -- headers, health, readiness -----------------------------------------------------------------


def test_html_pages_carry_security_headers(client: TestClient) -> None:
    for path in ("/", "/sparql", "/ontology"):
        r = client.get(path, headers={"Accept": "text/html"})
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
        csp = r.headers["content-security-policy"]
        for directive in (
            "default-src 'self'",
            "script-src 'self'",
            "object-src 'none'",
            "frame-ancestors 'none'",
            "base-uri 'self'",
        ):
            assert directive in csp, (path, csp)
        assert "unsafe-inline" not in csp.split("style-src")[0]
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "no-referrer"
    api = client.get("/api/stats")
    assert api.headers["x-content-type-options"] == "nosniff"
    assert "content-security-policy" not in api.headers


def test_templates_have_no_inline_script_or_style() -> None:
    for path in (ROOT / "service" / "templates").glob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)|<style|\sstyle=|\son[a-z]+=", text), path


def test_docs_load_nothing_from_outside(client: TestClient) -> None:
    r = client.get("/docs")
    assert r.status_code == 200
    assert re.search(rb"<script>", r.content) is None
    policy = r.headers["content-security-policy"]
    assert "http" not in policy and "unsafe-inline" not in policy
    for src in re.findall(rb'(?:src|href)="([^"]+)"', r.content):
        assert src.startswith(b"/"), src


def test_inline_script_is_allowed_by_its_hash() -> None:
    page = b"<html><script>console.log(1)</script></html>"
    digest = base64.b64encode(hashlib.sha256(b"console.log(1)").digest()).decode()
    script_src = content_security_policy(page).split("script-src")[1].split(";")[0]
    assert f"'sha256-{digest}'" in script_src
    assert "unsafe-inline" not in script_src


def test_health_and_ready_report_the_store(client: TestClient, store: Store) -> None:
    health = client.get("/health")
    assert health.status_code == 200
    assert health.json()["status"] == "ok" and health.json()["store"] == store.name
    assert health.json()["answers"] is True
    ready = client.get("/ready")
    assert ready.status_code == 200 and ready.json()["has_data"] is True


def test_empty_store_is_healthy_but_not_ready() -> None:
    store = EmbeddedStore()
    with TestClient(create_app(Settings(store_path=None), store=store)) as c:
        assert c.get("/health").status_code == 200
        r = c.get("/ready")
        _error(r.status_code, r.text, 503, "store_unavailable")
    store.close()


def test_store_down_is_503_without_internal_url() -> None:
    port = free_port()  # nothing listens here
    url = f"http://127.0.0.1:{port}/internal-query"
    store = RemoteStore(url, timeout=5)
    with TestClient(create_app(Settings(store_path=None), store=store)) as c:
        for path in ("/health", "/ready", "/api/stats"):
            r = c.get(path)
            _error(r.status_code, r.text, 503, "store_unavailable")
            assert str(port) not in r.text and "internal-query" not in r.text, r.text
        r = c.post("/sparql", content=b"ASK {}", headers=SPARQL_QUERY)
        _error(r.status_code, r.text, 503, "store_unavailable")
        assert str(port) not in r.text
