"""What an integrator does, done with the clients an integrator would use, against one live
server on a loopback port: Comunica (npm) and SPARQLWrapper and rdflib's SPARQLStore walk
from an act's ELI to what rests on its provision; pyld reads the plain-JSON JSON-LD of a
recommendation with the service's own context; an OpenAPI validator checks the served
description and live answers against it; curl reads the caching headers and fetches the dump
that VoID announces."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from live_server import live_service
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate as validate_spec
from pyld import jsonld  # type: ignore[import-untyped]
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, VOID
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from referencing import Registry
from referencing.jsonschema import DRAFT202012
from SPARQLWrapper import JSON, SPARQLWrapper

from graph.model.vocab import BASE, HJ
from graph.store import Store

ROOT = Path(__file__).resolve().parent.parent
COMUNICA = ROOT / "tests" / "comunica"
ELI = "http://data.europa.eu/eli/ontology#"
ACT_ELI = "https://lovdata.no/eli/lov/2011/06/24/30/nor"
PROVISION = BASE + "lov/2011-06-24-30/paragraf/12-5"
GUIDE = BASE + "produkt/nasjonal-veileder-for-prioriteringer-i-kommunale-helse-og-omsorgstjenester"
REC_ID = (
    "dersom-tjenestene-velger-en-annen-praksis-enn-anbefalt-bor-dette-vaere-basert-pa-"
    "en-konkret-og-begrunnet-vurdering-som-dokumenteres"
)
REC = BASE + "anbefaling/" + REC_ID
REC_BASIS = BASE + "forskrift/2019-03-01-168/paragraf/6/ledd/1/bokstav/g"
DATASET = URIRef(BASE + ".well-known/void#dataset")


def _readme_eli_walk() -> str:
    """The ELI walk exactly as the README's integrator section shows it."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### For integrators", 1)[1].split("\n### ", 1)[0]
    found = re.search(r"--data-urlencode query='(.*?)'\n```", section, re.S)
    assert found, "the README's integrator section lost its ELI walk"
    return found.group(1)


ELI_WALK = _readme_eli_walk()


@pytest.fixture(scope="module")
def base(embedded_store: Store) -> Iterator[str]:
    with live_service(embedded_store) as url:
        yield url


def comunica(source: str, query: str) -> dict[str, Any]:
    """SPARQL results JSON from Comunica; ``source`` is ``sparql@URL`` or a document URL."""
    node = shutil.which("node")
    if node is None or not (COMUNICA / "node_modules" / "@comunica" / "query-sparql").is_dir():
        pytest.fail("Comunica is not installed: run make install-test (npm ci in tests/comunica)")
    done = subprocess.run(
        [node, str(COMUNICA / "query.mjs"), source, query],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    answer: dict[str, Any] = json.loads(done.stdout)
    return answer


def rows(results: dict[str, Any]) -> set[tuple[tuple[str, str], ...]]:
    """The bindings of SPARQL results JSON as comparable rows of (variable, value)."""
    return {
        tuple(sorted((name, term["value"]) for name, term in binding.items()))
        for binding in results["results"]["bindings"]
    }


def curl(*args: str) -> tuple[int, dict[str, str], bytes]:
    """Status, headers (lower-case names; repeated ones joined with ", ") and the raw body."""
    dump = [] if "-I" in args else ["-D", "-"]  # -I writes the headers itself
    done = subprocess.run(
        ["curl", "-s", *dump, *args], capture_output=True, check=True, timeout=120
    )
    head, _, body = done.stdout.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        key = name.strip().lower()
        headers[key] = f"{headers[key]}, {value.strip()}" if key in headers else value.strip()
    return int(lines[0].split()[1]), headers, body


# -- the ELI walk ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def comunica_walk(base: str) -> set[tuple[tuple[str, str], ...]]:
    results = comunica(f"sparql@{base}/sparql", ELI_WALK)
    assert results["head"]["vars"] == ["provision", "dependent"]
    for binding in results["results"]["bindings"]:
        assert binding["provision"]["type"] == binding["dependent"]["type"] == "uri"
    return rows(results)


def test_comunica_walks_from_the_acts_eli_to_the_prioritisation_guide(
    comunica_walk: set[tuple[tuple[str, str], ...]], http: httpx.Client
) -> None:
    assert (("dependent", GUIDE), ("provision", PROVISION)) in comunica_walk
    assert {dict(row)["provision"] for row in comunica_walk} == {PROVISION}
    # what is found rests on § 12-5 in the REST API too (the guide, through its basis)
    dependents = http.get("/api/provisions/lov/2011-06-24-30/§12-5").json()
    assert GUIDE in json.dumps(dependents)


def test_comunica_dereferences_a_provision_iri(base: str, http: httpx.Client) -> None:
    """Comunica fetches the provision's own URL (content negotiation picks an RDF format)
    and reads its ELI statements from the document, with no SPARQL endpoint involved."""
    query = f"""PREFIX eli: <{ELI}>
SELECT ?type ?whole ?part ?number WHERE {{
  <{PROVISION}> a ?type ; eli:is_part_of ?whole ; eli:has_part ?part ; eli:number ?number .
}}"""
    found = comunica(f"{base}/lov/2011-06-24-30/paragraf/12-5", query)["results"]["bindings"]
    assert {b["type"]["value"] for b in found} >= {
        ELI + "LegalResource",
        ELI + "LegalResourceSubdivision",
    }
    assert {b["whole"]["value"] for b in found} == {BASE + "lov/2011-06-24-30/kapittel/12"}
    assert {b["part"]["value"] for b in found} == {PROVISION + "/ledd/1", PROVISION + "/ledd/2"}
    assert {b["number"]["value"] for b in found} == {"12-5"}
    assert all(b["number"]["type"] == "literal" for b in found)


def test_sparqlwrapper_agrees_with_comunica(
    base: str, comunica_walk: set[tuple[tuple[str, str], ...]]
) -> None:
    client = SPARQLWrapper(f"{base}/sparql")
    client.setReturnFormat(JSON)
    client.setQuery(ELI_WALK)
    results = client.queryAndConvert()
    assert isinstance(results, dict)
    assert results["head"]["vars"] == ["provision", "dependent"]
    assert rows(results) == comunica_walk


def test_rdflib_sparqlstore_agrees_with_comunica(
    base: str, comunica_walk: set[tuple[tuple[str, str], ...]]
) -> None:
    graph = Graph(store=SPARQLStore(query_endpoint=f"{base}/sparql", returnFormat="json"))
    try:
        found = {
            (("dependent", str(row.dependent)), ("provision", str(row.provision)))  # type: ignore[union-attr]
            for row in graph.query(ELI_WALK)
        }
    finally:
        graph.close()
    assert found == comunica_walk


# -- JSON-LD with pyld -----------------------------------------------------------------


@pytest.fixture(scope="module")
def http(base: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base, timeout=60) as client:
        yield client


class LoopbackLoader:
    """A pyld document loader that fetches only from the live server, and records what."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.fetched: list[str] = []

    def __call__(self, url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
        if not url.startswith(self.base + "/"):
            raise jsonld.JsonLdError(
                f"not fetched: {url}", "jsonld.LoadDocumentError", code="loading document failed"
            )
        self.fetched.append(url)
        response = httpx.get(url, headers={"Accept": "application/ld+json"}, timeout=60)
        response.raise_for_status()
        return {
            "contentType": response.headers["content-type"].split(";")[0],
            "contextUrl": None,
            "documentUrl": url,
            "document": response.json(),
        }


@pytest.fixture(scope="module")
def framed(http: httpx.Client) -> dict[str, Any]:
    response = http.get(f"/anbefaling/{REC_ID}", headers={"Accept": "application/json"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = response.json()
    return body


def test_plain_json_names_its_context_on_the_server(framed: dict[str, Any], base: str) -> None:
    assert framed["@context"] == f"{base}/context.jsonld"
    assert framed["id"] == REC
    assert framed["legal_basis"] == REC_BASIS
    assert framed["strength"]["id"] == BASE + "styrke/bor"
    assert framed["title"]["nb"].startswith("Dersom tjenestene velger en annen praksis")


def test_pyld_expands_and_compacts_with_the_served_context(
    framed: dict[str, Any], base: str
) -> None:
    loader = LoopbackLoader(base)
    options = {"documentLoader": loader}
    expanded = jsonld.expand(framed, options)
    assert loader.fetched == [f"{base}/context.jsonld"]
    (node,) = [n for n in expanded if n.get("@id") == REC]
    assert node[str(HJ.legalBasis)] == [{"@id": REC_BASIS}]
    assert node[str(HJ.strength)][0]["@id"] == BASE + "styrke/bor"
    assert {"@value": framed["title"]["nb"], "@language": "nb"} in node[
        "http://purl.org/dc/terms/title"
    ]
    compacted = jsonld.compact(expanded, f"{base}/context.jsonld", options)
    assert compacted["id"] == REC
    assert compacted["legal_basis"] == REC_BASIS
    assert compacted["strength"]["id"] == BASE + "styrke/bor"
    assert compacted["title"] == framed["title"]
    assert {"legal_basis", "strength", "title"} <= set(compacted) == set(framed)


def test_pyld_reads_the_same_triples_as_the_turtle(
    framed: dict[str, Any], base: str, http: httpx.Client
) -> None:
    loader = LoopbackLoader(base)
    nquads = jsonld.to_rdf(framed, {"documentLoader": loader, "format": "application/n-quads"})
    from_jsonld = Graph().parse(data=nquads, format="nt")
    turtle = http.get(f"/anbefaling/{REC_ID}", headers={"Accept": "text/turtle"})
    assert turtle.headers["content-type"].startswith("text/turtle")
    from_turtle = Graph().parse(data=turtle.text, format="turtle")
    assert (URIRef(REC), HJ.legalBasis, URIRef(REC_BASIS)) in from_jsonld
    assert len(from_jsonld) == len(from_turtle) > 10
    assert isomorphic(from_jsonld, from_turtle)


# -- OpenAPI ---------------------------------------------------------------------------


def test_live_answers_match_the_served_openapi_description(http: httpx.Client) -> None:
    spec = http.get("/openapi.json").json()
    validate_spec(spec)
    registry: Registry[Any] = Registry().with_resource(
        "urn:openapi", DRAFT202012.create_resource(spec)
    )

    def schema_of(path: str, status: str) -> OAS31Validator:
        operation = spec["paths"][path]["get"]
        schema = operation["responses"][status]["content"]["application/json"]["schema"]
        return OAS31Validator({"$ref": "urn:openapi" + schema["$ref"]}, registry=registry)

    detail = schema_of("/api/recommendations/{id}", "200")
    body = http.get(f"/api/recommendations/{REC_ID}").json()
    detail.validate(body)
    assert list(detail.iter_errors({**body, "strength": 3}))  # the schema does constrain
    listing = http.get("/api/recommendations", params={"limit": 2})
    schema_of("/api/recommendations", "200").validate(listing.json())
    assert 'rel="next"' in listing.headers["link"]
    missing = http.get("/api/recommendations/no-such-recommendation")
    assert missing.status_code == 404
    schema_of("/api/recommendations/{id}", "404").validate(missing.json())


# -- HTTP caching headers with curl ----------------------------------------------------


def test_curl_sees_etag_and_cache_control_and_gets_304(base: str) -> None:
    url = f"{base}/api/acts/lov/2011-06-24-30"
    status, headers, body = curl("-I", url)
    assert status == 200
    assert headers["cache-control"] == "public, max-age=60"
    etag = headers["etag"]
    assert re.fullmatch(r'W/"[^"]+"', etag)
    assert headers["last-modified"].endswith("GMT")
    status, again, body = curl("-H", f"If-None-Match: {etag}", url)
    assert (status, body) == (304, b"")
    assert again["etag"] == etag
    status, _, body = curl("-H", 'If-None-Match: W/"something-else"', url)
    assert status == 200 and json.loads(body)
    status, _, _ = curl("-H", f"If-Modified-Since: {headers['last-modified']}", url)
    assert status == 304


def test_curl_sees_alternate_and_describedby_links(base: str) -> None:
    status, headers, _ = curl(
        "-o", "/dev/null", "-H", "Accept: text/turtle", f"{base}/lov/2011-06-24-30/paragraf/12-5"
    )
    assert status == 200
    links = dict(
        (m.group(2), m.group(1))
        for m in re.finditer(r'<([^>]+)>; rel="alternate"; type="([^"]+)"', headers["link"])
    )
    assert {"application/ld+json", "application/n-triples", "text/html"} <= set(links)
    assert '</.well-known/void>; rel="describedby"' in headers["link"]
    status, alt, body = curl(base + links["application/n-triples"])
    assert status == 200 and alt["content-type"].startswith("application/n-triples")
    assert f'<{PROVISION}> <{ELI}number> "12-5" .'.encode() in body


def test_curl_gets_gzip_and_the_same_bytes(base: str) -> None:
    url = f"{base}/api/provisions/lov/2011-06-24-30/%C2%A712-5"
    status, headers, raw = curl("-H", "Accept-Encoding: gzip", url)
    assert status == 200
    assert headers["content-encoding"] == "gzip"
    assert "accept-encoding" in headers["vary"].lower()
    _, plain_headers, plain = curl(url)
    assert "content-encoding" not in plain_headers
    assert gzip.decompress(raw) == plain and len(raw) < len(plain)


# -- the dump --------------------------------------------------------------------------


def void(base: str) -> Graph:
    status, headers, body = curl("-H", "Accept: text/turtle", f"{base}/.well-known/void")
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    return Graph().parse(data=body, format="turtle")


def test_dump_announced_by_void_has_as_many_quads_as_void_says(base: str, tmp_path: Path) -> None:
    description = void(base)
    dump_url = str(description.value(DATASET, VOID.dataDump))
    assert dump_url == f"{base}/dump"
    triples = description.value(DATASET, VOID.triples)
    assert isinstance(triples, Literal) and int(triples) > 50_000
    target = tmp_path / "hjemmel.nq.gz"
    subprocess.run(["curl", "-s", "-f", "-o", str(target), dump_url], check=True, timeout=300)
    lines = subprocess.run(
        ["gunzip", "-c", str(target)], capture_output=True, check=True, timeout=300
    ).stdout.splitlines()
    assert len(lines) == int(triples)
    dataset = Dataset()
    dataset.parse(data=b"\n".join(lines), format="nquads")
    quads = set(dataset.quads((None, None, None, None)))
    assert len(quads) == int(triples)  # no line repeats a quad
    names = {str(quad[3]) for quad in quads}
    assert {BASE + "graf/eli", BASE + "graf/kuratert"} <= names
    eli_graph = dataset.graph(URIRef(BASE + "graf/eli"))
    assert (URIRef(PROVISION), URIRef(ELI + "number"), Literal("12-5")) in eli_graph


def test_one_graphs_dump_matches_its_void_subset(base: str, tmp_path: Path) -> None:
    eli_graph = URIRef(BASE + "graf/eli")
    description = void(base)
    assert (DATASET, VOID.subset, eli_graph) in description
    triples = description.value(eli_graph, VOID.triples)
    assert isinstance(triples, Literal)
    target = tmp_path / "eli.nq.gz"
    subprocess.run(["curl", "-s", "-f", "-o", str(target), f"{base}/dump/eli"], check=True)
    lines = gzip.decompress(target.read_bytes()).decode("utf-8").splitlines()
    assert len(lines) == int(triples) > 1000
    assert all(line.endswith(f"<{eli_graph}> .") for line in lines)
    assert any(f"<{ELI}based_on>" in line and GUIDE in line for line in lines)
    assert (DATASET, RDF.type, VOID.Dataset) in description
