"""HTTP conventions on a real uvicorn server, with curl and httpx: CORS, HEAD, OPTIONS,
gzip, ETag and Last-Modified from the store's last load, Cache-Control, Vary, Link."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path

import httpx
import pytest
import servers
from live_server import live_service

from graph.importers.bundled import load_bundled
from graph.store import Store
from graph.store.embedded import EmbeddedStore
from graph.store.load_marker import LOAD_GRAPH, last_loaded
from graph.store.remote import RemoteStore

ROOT = Path(__file__).resolve().parent.parent
ACT = "/api/acts/lov/2011-06-24-30"
PROVISION = "/lov/2011-06-24-30/paragraf/12-5"
ORIGIN = "https://example.org"
SKIPPED_IN_COMPARISON = {"date", "server"}


@pytest.fixture(scope="module")
def own_store() -> Iterator[Store]:
    """The bundled graph in a store of this module's own, as one test loads it again."""
    store = EmbeddedStore()
    load_bundled(store)
    yield store
    store.close()


@pytest.fixture(scope="module")
def base(own_store: Store) -> Iterator[str]:
    with live_service(own_store) as url:
        yield url


@pytest.fixture(scope="module")
def http(base: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base, timeout=30) as client:
        yield client


def curl(*args: str) -> tuple[int, dict[str, str], bytes]:
    """Status, headers (lower-case names; the last of repeated ones) and the raw body."""
    dump = [] if "-I" in args else ["-D", "-"]  # -I writes the headers itself
    done = subprocess.run(["curl", "-s", *dump, *args], capture_output=True, check=True, timeout=60)
    head, _, body = done.stdout.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(lines[0].split()[1]), headers, body


# -- CORS ------------------------------------------------------------------------------


def test_cors_preflight_is_answered_for_any_origin(base: str) -> None:
    status, headers, _ = curl(
        "-X",
        "OPTIONS",
        "-H",
        f"Origin: {ORIGIN}",
        "-H",
        "Access-Control-Request-Method: POST",
        "-H",
        "Access-Control-Request-Headers: content-type",
        base + "/sparql",
    )
    assert status == 200
    assert headers["access-control-allow-origin"] == "*"
    assert {"GET", "HEAD", "POST", "OPTIONS"} <= {
        m.strip() for m in headers["access-control-allow-methods"].split(",")
    }
    assert "content-type" in headers["access-control-allow-headers"].lower()
    assert "access-control-allow-credentials" not in headers


def test_cors_headers_on_a_cross_origin_get(http: httpx.Client) -> None:
    response = http.get("/api/stats", headers={"Origin": ORIGIN})
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "*"
    exposed = response.headers["access-control-expose-headers"].lower().replace(" ", "")
    assert {"etag", "link"} <= set(exposed.split(","))


def test_cors_on_a_sparql_post(http: httpx.Client) -> None:
    response = http.post(
        "/sparql",
        content="ASK { ?s ?p ?o }",
        headers={"Origin": ORIGIN, "Content-Type": "application/sparql-query"},
    )
    assert response.status_code == 200
    assert response.json()["boolean"] is True
    assert response.headers["access-control-allow-origin"] == "*"


# -- HEAD and OPTIONS ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "accept"),
    [
        (ACT, "application/json"),
        (PROVISION, "text/turtle"),
        (PROVISION, "text/html"),
        ("/ontology", "text/turtle"),
        ("/.well-known/void", "application/ld+json"),
        ("/sparql?query=ASK%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D", "application/sparql-results+json"),
        ("/", "text/html"),
        ("/static/style.css", "text/css"),
        ("/api/recommendations/finnes-ikke", "application/json"),
    ],
)
def test_head_has_the_headers_of_get_and_no_body(
    http: httpx.Client, path: str, accept: str
) -> None:
    headers = {"Accept": accept, "Accept-Encoding": "gzip"}
    got = http.get(path, headers=headers)
    head = http.head(path, headers=headers)
    assert head.status_code == got.status_code != 405
    assert head.content == b""
    # rdflib writes blank nodes in varying order: the length is compared where GET is stable
    skipped = set(SKIPPED_IN_COMPARISON)
    if http.get(path, headers=headers).content != got.content:
        skipped.add("content-length")
    assert {k: v for k, v in head.headers.items() if k not in skipped} == {
        k: v for k, v in got.headers.items() if k not in skipped
    }


def test_head_with_curl_reports_the_length_of_get(base: str) -> None:
    status, headers, body = curl("-I", base + ACT)
    assert status == 200
    _, got_headers, got_body = curl(base + ACT)
    assert body == b""
    assert int(headers["content-length"]) == len(got_body) == int(got_headers["content-length"])


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ("/sparql", {"GET", "HEAD", "POST", "OPTIONS"}),
        ("/api/validate", {"POST", "OPTIONS"}),
        (ACT, {"GET", "HEAD", "OPTIONS"}),
        (PROVISION, {"GET", "HEAD", "OPTIONS"}),
        ("/.well-known/void", {"GET", "HEAD", "OPTIONS"}),
    ],
)
def test_options_lists_the_allowed_methods(base: str, path: str, allowed: set[str]) -> None:
    status, headers, body = curl("-X", "OPTIONS", base + path)
    assert status == 204
    assert body == b""
    assert {m.strip() for m in headers["allow"].split(",")} == allowed


def test_options_on_an_unknown_api_path_is_404(http: httpx.Client) -> None:
    response = http.options("/api/finnes-ikke")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_405_names_every_allowed_method(http: httpx.Client) -> None:
    response = http.delete("/sparql")
    assert response.status_code == 405
    assert {m.strip() for m in response.headers["allow"].split(",")} == {
        "GET",
        "HEAD",
        "POST",
        "OPTIONS",
    }
    assert response.json()["error"]["code"] == "method_not_allowed"


# -- gzip ------------------------------------------------------------------------------


def test_large_text_responses_are_gzipped(base: str) -> None:
    _, plain_headers, plain = curl("-H", "Accept-Encoding: identity", base + ACT)
    _, headers, packed = curl("-H", "Accept-Encoding: gzip", base + ACT)
    assert "content-encoding" not in plain_headers
    assert headers["content-encoding"] == "gzip"
    assert len(packed) < len(plain) / 4
    assert gzip.decompress(packed) == plain
    assert "accept-encoding" in headers["vary"].lower()


def test_small_responses_are_not_compressed(http: httpx.Client) -> None:
    response = http.get("/health", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert "content-encoding" not in response.headers


# -- validators and Cache-Control ------------------------------------------------------


def test_etag_round_trip_gives_304(base: str) -> None:
    status, headers, body = curl(base + ACT)
    assert status == 200 and body
    etag = headers["etag"]
    assert etag.startswith('W/"')
    status, again, body = curl("-H", f"If-None-Match: {etag}", base + ACT)
    assert status == 304
    assert body == b""
    assert again["etag"] == etag
    assert again["cache-control"] == headers["cache-control"]
    assert "content-length" not in again or again["content-length"] == "0"
    status, _, body = curl("-H", 'If-None-Match: W/"annen"', base + ACT)
    assert status == 200 and body


def test_each_variant_has_its_own_etag(http: httpx.Client) -> None:
    turtle = http.get(PROVISION, headers={"Accept": "text/turtle"})
    html = http.get(PROVISION, headers={"Accept": "text/html"})
    jsonld = http.get(PROVISION, params={"format": "jsonld"})
    tags = {turtle.headers["etag"], html.headers["etag"], jsonld.headers["etag"]}
    assert len(tags) == 3
    cross = http.get(
        PROVISION, headers={"Accept": "text/html", "If-None-Match": turtle.headers["etag"]}
    )
    assert cross.status_code == 200
    for response in (turtle, html):
        vary = {v.strip().lower() for v in response.headers["vary"].split(",")}
        assert {"accept", "accept-encoding"} <= vary


def test_last_modified_round_trip_gives_304(http: httpx.Client, own_store: Store) -> None:
    response = http.get(ACT)
    last_modified = parsedate_to_datetime(response.headers["last-modified"])
    loaded = last_loaded(own_store)
    assert loaded is not None
    assert last_modified == loaded.replace(microsecond=0)
    same = http.get(ACT, headers={"If-Modified-Since": response.headers["last-modified"]})
    assert same.status_code == 304
    assert same.content == b""
    earlier = format_datetime(last_modified.replace(year=last_modified.year - 1), usegmt=True)
    assert http.get(ACT, headers={"If-Modified-Since": earlier}).status_code == 200
    # If-None-Match wins over If-Modified-Since
    both = http.get(
        ACT,
        headers={"If-Modified-Since": response.headers["last-modified"], "If-None-Match": '"x"'},
    )
    assert both.status_code == 200


def test_cache_control_on_every_get(http: httpx.Client) -> None:
    for path in (ACT, PROVISION, "/ontology", "/shapes", "/.well-known/void", "/sparql", "/"):
        response = http.get(path)
        assert response.status_code == 200, path
        assert response.headers["cache-control"] == "public, max-age=60", path
    missing = http.get("/api/recommendations/finnes-ikke")
    assert missing.status_code == 404
    assert missing.headers["cache-control"] == "no-store"
    assert "etag" not in missing.headers
    health = http.get("/health")
    assert health.headers["cache-control"] == "no-store"
    assert "etag" not in health.headers
    assert "cache-control" in http.get("/static/style.css").headers


def test_a_new_load_changes_etag_and_last_modified(http: httpx.Client, own_store: Store) -> None:
    before = http.get(ACT)
    time.sleep(1.1)  # Last-Modified has whole seconds
    load_bundled(own_store)
    after = http.get(ACT, headers={"If-None-Match": before.headers["etag"]})
    assert after.status_code == 200
    assert after.headers["etag"] != before.headers["etag"]
    assert parsedate_to_datetime(after.headers["last-modified"]) > parsedate_to_datetime(
        before.headers["last-modified"]
    )
    assert after.json() == before.json()
    stale = http.get(ACT, headers={"If-Modified-Since": before.headers["last-modified"]})
    assert stale.status_code == 200


# -- Link ------------------------------------------------------------------------------


def _links(header: str) -> dict[tuple[str, str], str]:
    """(rel, type) → target of each link in a Link header."""
    out = {}
    for part in header.split(", <"):
        target, *params = part.strip().lstrip("<").split(";")
        attrs = dict(p.strip().split("=", 1) for p in params)
        out[(attrs["rel"].strip('"'), attrs["type"].strip('"'))] = target.rstrip(">")
    return out


def test_link_headers_name_the_other_formats_and_void(http: httpx.Client) -> None:
    response = http.get(PROVISION, headers={"Accept": "text/turtle"})
    links = _links(response.headers["link"])
    assert set(links) == {
        ("alternate", "text/html"),
        ("alternate", "application/ld+json"),
        ("alternate", "application/rdf+xml"),
        ("alternate", "application/n-triples"),
        ("describedby", "text/turtle"),
    }
    assert links[("describedby", "text/turtle")] == "/.well-known/void"
    for (rel, media_type), target in links.items():
        followed = http.get(target)
        assert followed.status_code == 200, target
        assert followed.headers["content-type"].startswith(media_type), (rel, target)
    html = _links(http.get(PROVISION, headers={"Accept": "text/html"}).headers["link"])
    assert ("alternate", "text/turtle") in html
    assert ("alternate", "text/html") not in html


def test_void_links_only_to_its_other_rdf_formats(http: httpx.Client) -> None:
    links = _links(http.get("/.well-known/void").headers["link"])
    assert set(links) == {
        ("alternate", "application/ld+json"),
        ("alternate", "application/rdf+xml"),
        ("alternate", "application/n-triples"),
    }


# -- the load marker -------------------------------------------------------------------


def test_the_load_marker_is_bookkeeping_only(store: Store) -> None:
    assert LOAD_GRAPH not in store.graph_names()
    loaded = last_loaded(store)
    assert loaded is not None
    assert store.count() == sum(store.count(g) for g in store.graph_names())


def test_etag_follows_a_load_by_another_process() -> None:
    """The service on a remote store sees a load made by the CLI in another process once
    its cached version expires (two seconds)."""
    with servers.oxigraph_server() as server:
        store = RemoteStore(server.query_url, server.update_url, server.graph_store_url)
        load_bundled(store)
        with live_service(store) as url, httpx.Client(base_url=url, timeout=30) as http:
            first = http.get(ACT)
            assert first.status_code == 200
            env = {
                **os.environ,
                "HJEMMEL_STORE": "remote",
                "HJEMMEL_SPARQL_QUERY_URL": server.query_url,
                "HJEMMEL_SPARQL_UPDATE_URL": server.update_url,
                "HJEMMEL_SPARQL_GRAPH_STORE_URL": server.graph_store_url,
            }
            subprocess.run(
                [sys.executable, "-m", "graph", "import", "helsedir", "graph/data/helsedir/"],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
                timeout=120,
            )
            deadline = time.monotonic() + 10
            etag = first.headers["etag"]
            while time.monotonic() < deadline:
                response = http.get(ACT, headers={"If-None-Match": etag})
                if response.status_code == 200:
                    break
                time.sleep(0.2)
            assert response.status_code == 200
            assert response.headers["etag"] != etag
