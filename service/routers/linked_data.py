"""Dereferenceable IRIs: ``https://w3id.org/hjemmel/<path>`` is served at ``/<path>``, as
HTML for browsers and as Turtle, JSON-LD, RDF/XML or N-Triples by Accept or ``?format=``.

Also the ontology (``/ontology``), the shapes (``/shapes``), the VoID/DCAT description
of the dataset (``/.well-known/void``) and its dumps: ``/dump`` is every named graph and
``/dump/{graph}`` one of them (``/dump/lovdata/lov/2011-06-24-30`` is the graph
``…/graf/lovdata/lov/2011-06-24-30``), each a gzip-compressed N-Quads file
(``Content-Type: application/gzip``, ``*.nq.gz``), streamed graph by graph. The catch-all
route must be registered last.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal
from urllib.parse import quote, unquote

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response, StreamingResponse

from graph.errors import NotFoundError, UnsupportedFormatError
from graph.linked_data.dataset import dataset_description
from graph.linked_data.dump import dump as dump_chunks
from graph.linked_data.jsonld import CONTEXT_PATH, context_document, frame_resource
from graph.linked_data.resource import describe, describe_graph, describe_resource, document
from graph.linked_data.views import ontology_view, resource_view, shapes_view
from graph.store import RdfFormat, Store
from service.deps import StoreDep
from service.negotiation import choose
from service.routers.pages import render

__all__ = ["FORMAT_NAMES", "RESERVED", "catch_all_router", "link_header", "router"]

router = APIRouter(tags=["lenkede data / linked data"])
catch_all_router = APIRouter(tags=["lenkede data / linked data"])

HTML = "text/html"
OFFERED: dict[str, RdfFormat | None] = {
    "text/turtle": RdfFormat.TURTLE,
    HTML: None,
    "application/ld+json": RdfFormat.JSONLD,
    "application/rdf+xml": RdfFormat.RDFXML,
    "application/n-triples": RdfFormat.NTRIPLES,
    "application/json": RdfFormat.JSONLD,  # framed JSON-LD, readable as plain JSON
}
JSON_TYPES = ("application/ld+json", "application/json")
FORMAT_NAMES = {
    "ttl": "text/turtle",
    "jsonld": "application/ld+json",
    "rdf": "application/rdf+xml",
    "nt": "application/n-triples",
    "html": HTML,
}
RESERVED = ("api", "sparql", "docs", "redoc", "openapi.json", "health", "static", "dump")
_SEGMENT_SAFE = "-._~!$&'()*+,;=:@/"

FormatParam = Annotated[
    Literal["ttl", "jsonld", "rdf", "nt", "html"] | None,
    Query(description="overstyrer Accept / overrides Accept"),
]
_RESPONSES: dict[int | str, dict[str, object]] = {
    200: {
        "content": {media: {} for media in OFFERED},
        "description": "Beskrivelsen / the description",
    },
    404: {"description": "Ukjent IRI / unknown IRI"},
    406: {"description": "Accept kan ikke oppfylles / Accept cannot be met"},
}


def _negotiate(request: Request, fmt: str | None, html: bool = True) -> str:
    if fmt is not None:
        return FORMAT_NAMES[fmt]
    offered = [m for m in OFFERED if html or m != HTML]
    return choose(request.headers.get("accept"), offered)


def _rdf(body: bytes, media_type: str) -> Response:
    return Response(body, media_type=media_type, headers={"Vary": "Accept"})


def _rdf_format(media_type: str) -> RdfFormat:
    fmt = OFFERED[media_type]
    if fmt is None:
        raise UnsupportedFormatError(f"ikke et RDF-format / not an RDF format: {media_type}")
    return fmt


def link_header(request: Request, chosen: str, html: bool = True, void: bool = True) -> str:
    """``Link`` to the other formats of the requested document (``?format=``) and, unless
    ``void`` is false, to the VoID description of the dataset."""
    path = quote(request.url.path, safe=_SEGMENT_SAFE)
    links = []
    for name, media_type in FORMAT_NAMES.items():
        if media_type == chosen or (media_type == HTML and not html):
            continue
        query = request.url.include_query_params(format=name).query
        links.append(f'<{path}?{query}>; rel="alternate"; type="{media_type}"')
    if void:
        root = quote(request.scope.get("root_path", ""), safe=_SEGMENT_SAFE)
        links.append(f'<{root}/.well-known/void>; rel="describedby"; type="text/turtle"')
    return ", ".join(links)


def _linked(response: Response, request: Request, chosen: str, **kinds: bool) -> Response:
    response.headers["Link"] = link_header(request, chosen, **kinds)
    return response


@router.get(
    "/ontology", summary="Ontologien / the ontology", response_class=Response, responses=_RESPONSES
)
def ontology(request: Request, store: StoreDep, format: FormatParam = None) -> Response:
    chosen = _negotiate(request, format)
    if chosen == HTML:
        page = render(request, "ontology.html", {"view": ontology_view(store)})
        return _linked(page, request, chosen)
    return _linked(_rdf(document(store, "ontology", _rdf_format(chosen)), chosen), request, chosen)


@router.get(
    "/shapes",
    summary="SHACL-formene / the SHACL shapes",
    response_class=Response,
    responses=_RESPONSES,
)
def shapes(request: Request, store: StoreDep, format: FormatParam = None) -> Response:
    chosen = _negotiate(request, format)
    if chosen == HTML:
        page = render(request, "shapes.html", {"view": shapes_view(store)})
        return _linked(page, request, chosen)
    return _linked(_rdf(document(store, "shapes", _rdf_format(chosen)), chosen), request, chosen)


@router.get(
    "/.well-known/void",
    name="void",
    summary="VoID/DCAT-beskrivelse av datasettet / VoID and DCAT description of the dataset",
    response_class=Response,
    responses=_RESPONSES,
)
def void(request: Request, store: StoreDep, format: FormatParam = None) -> Response:
    if format == "html":
        raise UnsupportedFormatError("VoID finnes bare som RDF / VoID is offered as RDF only")
    chosen = _negotiate(request, format, html=False)
    settings = request.app.state.settings
    body = dataset_description(
        store,
        dataset_iri=settings.base_iri + ".well-known/void#dataset",
        sparql_endpoint=str(request.url_for("sparql_get")),
        home=str(request.url_for("front_page")),
        fmt=_rdf_format(chosen),
        dump=str(request.url_for("dump")),
        publisher=settings.publisher_uri,
        publisher_name=settings.publisher_name,
        contact_email=settings.contact_email,
    )
    return _linked(_rdf(body, chosen), request, chosen, html=False, void=False)


_DUMP_RESPONSES: dict[int | str, dict[str, object]] = {
    200: {
        "content": {"application/gzip": {}},
        "description": "N-Quads, gzip-komprimert / gzip-compressed N-Quads",
    },
    404: {"description": "Ukjent graf / unknown graph"},
}


def _dump_response(chunks: Iterator[bytes], file_name: str) -> Response:
    return StreamingResponse(
        chunks,
        media_type="application/gzip",
        headers={"Content-Disposition": f'attachment; filename="{file_name}"'},
    )


@router.get(
    "/dump",
    name="dump",
    summary="Hele datasettet som N-Quads (gzip) / the whole dataset as gzipped N-Quads",
    response_class=Response,
    responses=_DUMP_RESPONSES,
)
def dump(store: StoreDep) -> Response:
    return _dump_response(dump_chunks(store), "hjemmel.nq.gz")


@router.get(
    "/dump/{graph:path}",
    name="dump_graph",
    summary="Én navngitt graf som N-Quads (gzip) / one named graph as gzipped N-Quads",
    description="Grafen https://w3id.org/hjemmel/graf/{graph} / the named graph "
    "https://w3id.org/hjemmel/graf/{graph}, e.g. lovdata/lov/2011-06-24-30.",
    response_class=Response,
    responses=_DUMP_RESPONSES,
)
def dump_graph(graph: str, store: StoreDep) -> Response:
    chunks = dump_chunks(store, graph)
    return _dump_response(chunks, "hjemmel-" + graph.strip("/").replace("/", "-") + ".nq.gz")


@router.get(
    CONTEXT_PATH,
    name="jsonld_context",
    summary="JSON-LD-konteksten / the JSON-LD context",
    description="Laget fra ontologien: API-ets feltnavn (legal_basis, strength, title, …) "
    "som nøkler / made from the ontology, with the REST API's field names as keys.",
    response_class=Response,
    responses={200: {"content": {"application/ld+json": {}}}},
)
def jsonld_context() -> Response:
    return Response(context_document(), media_type="application/ld+json")


def _candidate_iris(request: Request, base: str) -> list[str]:
    raw = request.scope.get("raw_path") or request.url.path.encode()
    path = raw.decode("latin-1").split("?", 1)[0]
    root = request.scope.get("root_path", "")
    if root and path.startswith(root):
        path = path[len(root) :]
    path = path.lstrip("/")
    candidates = [base + path, base + quote(unquote(path), safe=_SEGMENT_SAFE)]
    return list(dict.fromkeys(candidates))


def _exists(store: Store, iri: str) -> bool:
    try:
        describe(store, iri)
    except NotFoundError:
        return False
    return True


@catch_all_router.get(
    "/{path:path}",
    summary="Beskrivelse av en ressurs / description of a resource",
    description="Ressursen https://w3id.org/hjemmel/{path} / the resource "
    "https://w3id.org/hjemmel/{path}: HTML, Turtle, JSON-LD, RDF/XML or N-Triples.",
    response_class=Response,
    responses=_RESPONSES,
)
def resource(request: Request, path: str, store: StoreDep, format: FormatParam = None) -> Response:
    if path.split("/", 1)[0] in RESERVED or not path:
        raise NotFoundError(f"finnes ikke / not found: /{path}")
    candidates = _candidate_iris(request, request.app.state.settings.base_iri)
    try:
        chosen = _negotiate(request, format)
    except UnsupportedFormatError:
        # 406 only for what exists: an unknown path is 404 whatever the client accepts
        if not any(_exists(store, iri) for iri in candidates):
            raise NotFoundError(f"finnes ikke / not found: /{path}") from None
        raise
    for index, iri in enumerate(candidates):
        page: Response
        try:
            if chosen == HTML:
                page = render(request, "resource.html", {"view": resource_view(store, iri)})
            elif chosen in JSON_TYPES:
                # application/json names the published context; application/ld+json carries
                # it inline, so a JSON-LD processor reads it without fetching anything
                url = (
                    str(request.url_for("jsonld_context")) if chosen == "application/json" else None
                )
                page = _rdf(frame_resource(describe_graph(store, iri), iri, url), chosen)
            else:
                page = _rdf(describe_resource(store, iri, _rdf_format(chosen)), chosen)
            return _linked(page, request, chosen)
        except NotFoundError:
            if index == len(candidates) - 1:
                raise
    raise NotFoundError(f"finnes ikke / not found: /{path}")
