"""The W3C SPARQL 1.1 Protocol test suite, read from its manifest and run against /sparql.

Every test in ``w3c-sparql11/protocol/manifest.ttl`` runs on a fresh empty store of each
kind, loaded with the data files the test names (``ut:graphData``: file → graph name), and
sends the manifest's requests as written: method, path, headers and body in their encoding.
Query tests (``query_*``) and error tests (``bad_*``) must meet the expected status, result
format and ASK answer. The endpoint is read-only, so each ``update_*`` test must have its
first request (an update) refused with 403 ``update_forbidden``.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import pytest
from fastapi.testclient import TestClient
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection

from graph.settings import Settings
from graph.store import Store
from graph.store.embedded import EmbeddedStore
from service.app import create_app

SUITE = Path(__file__).resolve().parent.parent.parent / "shared/data/w3c-sparql11/protocol"
MANIFEST = SUITE / "manifest.ttl"

# Store kinds the suite runs on; each needs an ``empty_<kind>_store`` fixture.
STORE_KINDS = ["embedded", "oxigraph"]

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")

RESULTS_TYPES = {
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
}
RDF_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
}


@dataclass(frozen=True)
class HttpRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: frozenset[int]  # expected status classes: 2, 3, 4, 5
    expected_format: str | None
    expected_boolean: bool | None


@dataclass(frozen=True)
class ProtocolTest:
    name: str
    title: str
    graph_data: tuple[tuple[Path, str], ...]
    requests: tuple[HttpRequest, ...] = field(default_factory=tuple)

    @property
    def is_update(self) -> bool:
        return self.name.startswith("update_")


def _read_request(m: Graph, node: URIRef) -> HttpRequest:
    headers = {}
    header_list = m.value(node, HT.headers)
    if header_list is not None:
        for header in Collection(m, header_list):
            headers[str(m.value(header, HT.fieldName))] = str(m.value(header, HT.fieldValue))
    body = None
    body_node = m.value(node, HT.body)
    if body_node is not None:
        encoding = str(m.value(body_node, CNT.characterEncoding) or "UTF-8")
        body = str(m.value(body_node, CNT.chars)).encode(encoding)
    resp = m.value(node, HT.resp)
    statuses = frozenset(int(str(s)[-3]) for s in m.objects(resp, MF.expectedStatus))
    fmt = m.value(resp, MF.expectedFormat)
    boolean = m.value(resp, MF.expectedBoolean)
    return HttpRequest(
        method=str(m.value(node, HT.methodName)),
        path=str(m.value(node, HT.absolutePath)),
        headers=headers,
        body=body,
        statuses=statuses,
        expected_format=str(fmt) if fmt is not None else None,
        expected_boolean=boolean.toPython() if isinstance(boolean, Literal) else None,
    )


def read_manifest() -> list[ProtocolTest]:
    m = Graph().parse(MANIFEST, format="turtle", publicID=MANIFEST.as_uri())
    manifest = next(m.subjects(RDF.type, MF.Manifest))
    tests = []
    for entry in Collection(m, m.value(manifest, MF.entries)):
        data = tuple(
            (Path(str(m.value(d, UT.graph)).removeprefix("file://")), str(m.value(d, RDFS.label)))
            for d in m.objects(entry, UT.graphData)
        )
        action = m.value(entry, MF.action)
        requests = tuple(_read_request(m, r) for r in Collection(m, m.value(action, HT.requests)))
        tests.append(
            ProtocolTest(
                name=str(entry).rsplit("#", 1)[-1],
                title=str(m.value(entry, MF.name)),
                graph_data=tuple(sorted(data)),
                requests=requests,
            )
        )
    return tests


TESTS = read_manifest()
_OUTCOMES: Counter[tuple[str, str]] = Counter()


@pytest.fixture(scope="module", autouse=True)
def _report(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    plugins = request.config.pluginmanager
    reporter = plugins.get_plugin("terminalreporter")
    capture = plugins.get_plugin("capturemanager")
    total = sum(1 for t in TESTS if not t.is_update)
    updates = sum(1 for t in TESTS if t.is_update)
    for kind in STORE_KINDS:
        passed = _OUTCOMES[(kind, "query")] + _OUTCOMES[(kind, "bad")]
        refused = _OUTCOMES[(kind, "update")]
        if not (passed or refused):
            continue
        line = (
            f"W3C SPARQL 1.1 Protocol [{kind}]: {passed}/{total} query and bad_* tests "
            f"passed, {refused}/{updates} update tests refused with 403"
        )
        if reporter is None or capture is None:
            print(line)
            continue
        with capture.global_and_fixture_disabled():
            reporter.write_line("")
            reporter.write_line(line)


@pytest.fixture(params=STORE_KINDS)
def fresh_store(request: pytest.FixtureRequest) -> Store:
    """An empty store of each kind (``empty_<kind>_store``); the embedded kind falls back to
    a new in-memory store."""
    try:
        return request.getfixturevalue(f"empty_{request.param}_store")
    except pytest.FixtureLookupError:
        if request.param != "embedded":
            raise
        store = EmbeddedStore()
        request.addfinalizer(store.close)
        return store


def _check_format(response: object, expected: str, boolean: bool | None) -> None:
    media_type = response.headers["content-type"].split(";")[0].strip()
    body = response.content
    if expected in ("boolean", "tabular"):
        assert media_type in RESULTS_TYPES, media_type
        if media_type == "application/sparql-results+json":
            data = json.loads(body)
            if expected == "boolean":
                assert data["boolean"] is boolean if boolean is not None else "boolean" in data
            else:
                assert "results" in data and data["head"]["vars"]
        elif media_type == "application/sparql-results+xml":
            root = ElementTree.fromstring(body)
            ns = "{http://www.w3.org/2005/sparql-results#}"
            if expected == "boolean":
                element = root.find(f"{ns}boolean")
                assert element is not None
                if boolean is not None:
                    assert element.text == str(boolean).lower()
            else:
                assert root.find(f"{ns}results") is not None
        else:
            delimiter = "\t" if media_type == "text/tab-separated-values" else ","
            rows = list(csv.reader(io.StringIO(body.decode("utf-8")), delimiter=delimiter))
            assert rows
            if expected == "boolean" and boolean is not None:
                assert rows[-1][-1].strip().lower() == str(boolean).lower()
    elif expected == "RDF":
        assert media_type in RDF_TYPES, media_type
        Graph().parse(data=body, format=RDF_TYPES[media_type])
    else:
        raise AssertionError(f"unknown expected format {expected!r}")


@pytest.mark.parametrize("case", TESTS, ids=[t.name for t in TESTS])
def test_w3c_protocol(
    case: ProtocolTest, fresh_store: Store, request: pytest.FixtureRequest
) -> None:
    kind = request.node.callspec.params["fresh_store"]
    for path, graph_name in case.graph_data:
        fresh_store.replace_graph(URIRef(graph_name), Graph().parse(SUITE / path.name, format="nt"))
    app = create_app(Settings(store_path=None), store=fresh_store)
    with TestClient(app, base_url="http://www.example") as client:
        for step in case.requests:
            response = client.request(
                step.method, step.path, headers=step.headers, content=step.body
            )
            if case.is_update:
                assert response.status_code == 403, response.text
                assert response.json()["error"]["code"] == "update_forbidden"
                _OUTCOMES[(kind, "update")] += 1
                return
            assert response.status_code // 100 in step.statuses, (
                f"{case.name}: {response.status_code} {response.text[:300]}"
            )
            if response.status_code >= 400:
                assert set(response.json()["error"]) == {"code", "message"}
            if step.expected_format:
                _check_format(response, step.expected_format, step.expected_boolean)
    _OUTCOMES[(kind, case.name.split("_", 1)[0])] += 1
