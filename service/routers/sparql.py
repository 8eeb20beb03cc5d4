"""The SPARQL 1.1 Protocol query operation at ``/sparql`` (read-only).

GET with ``query=``, POST as ``application/x-www-form-urlencoded`` or
``application/sparql-query``; ``default-graph-uri`` and ``named-graph-uri`` set the
dataset. Without those the default graph is the union of all named graphs. Any update is
refused with 403. GET without a query returns the service description.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from graph.errors import (
    BadInputError,
    UnsupportedFormatError,
    UnsupportedMediaTypeError,
    UpdateForbiddenError,
)
from graph.linked_data.dataset import service_description
from graph.linked_data.jsonld import compact_document
from graph.store import RdfFormat, ResultsFormat, Store
from graph.store.forms import request_form, with_base
from graph.store.guard import QueryLimits, check_query
from graph.store.terms import graph_iris
from service.deps import SettingsDep, StoreDep
from service.negotiation import best_match, choose

__all__ = ["RDF_MEDIA_TYPES", "RESULTS_MEDIA_TYPES", "router"]

router = APIRouter(tags=["sparql"])

# Offered media types, in the server's order of preference (ties go to the first).
RESULTS_MEDIA_TYPES: dict[str, ResultsFormat] = {
    "application/sparql-results+json": ResultsFormat.JSON,
    "application/sparql-results+xml": ResultsFormat.XML,
    "text/csv": ResultsFormat.CSV,
    "text/tab-separated-values": ResultsFormat.TSV,
    "application/json": ResultsFormat.JSON,
    "application/xml": ResultsFormat.XML,
    "text/xml": ResultsFormat.XML,
}
RDF_MEDIA_TYPES: dict[str, RdfFormat] = {
    "text/turtle": RdfFormat.TURTLE,
    "application/n-triples": RdfFormat.NTRIPLES,
    "application/ld+json": RdfFormat.JSONLD,
    "application/rdf+xml": RdfFormat.RDFXML,
    "application/x-turtle": RdfFormat.TURTLE,
    "application/turtle": RdfFormat.TURTLE,
    "application/json": RdfFormat.JSONLD,
    "application/xml": RdfFormat.RDFXML,
    "text/plain": RdfFormat.NTRIPLES,
    # Clients that send one Accept for every query form (rdflib's SPARQLStore) get the RDF
    # syntax closest to the results format they asked for.
    "application/sparql-results+json": RdfFormat.JSONLD,
    "application/sparql-results+xml": RdfFormat.RDFXML,
}
_FORM = "application/x-www-form-urlencoded"
_QUERY = "application/sparql-query"
_UPDATE = "application/sparql-update"
_DESCRIPTION = (
    "SPARQL 1.1-spørring (kun lesing). / SPARQL 1.1 query (read-only). Standardgrafen er "
    "unionen av alle navngitte grafer / the default graph is the union of all named graphs."
)


@dataclass
class _Request:
    queries: list[str] = field(default_factory=list)
    updates: list[str] = field(default_factory=list)
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)

    def add(self, params: dict[str, list[str]]) -> None:
        self.queries += params.get("query", [])
        self.updates += params.get("update", [])
        self.default_graphs += params.get("default-graph-uri", [])
        self.named_graphs += params.get("named-graph-uri", [])
        for name in ("using-graph-uri", "using-named-graph-uri"):
            if name in params:
                self.updates.append("")


def _params(request: Request) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        out.setdefault(key, []).append(value)
    return out


def _refuse_update() -> UpdateForbiddenError:
    return UpdateForbiddenError(
        "endepunktet tar bare imot spørringer; oppdateringer er ikke tillatt / "
        "this endpoint is read-only: SPARQL updates are not allowed"
    )


def _execute(
    store: Store, accept: str | None, req: _Request, endpoint: str, limits: QueryLimits
) -> Response:
    if req.queries and req.updates:
        raise BadInputError(
            "send enten query eller update, ikke begge / send either query or update, not both"
        )
    if req.updates:
        raise _refuse_update()
    if len(req.queries) > 1:
        raise BadInputError(
            f"{len(req.queries)} query-parametre; send én / send exactly one query parameter"
        )
    if not req.queries or not req.queries[0].strip():
        raise BadInputError("mangler query-parameter / missing query parameter")
    text = req.queries[0]
    check_query(text, limits)
    form = request_form(text)
    if form == "update":
        raise _refuse_update()
    results_type = best_match(accept, list(RESULTS_MEDIA_TYPES))
    rdf_type = best_match(accept, list(RDF_MEDIA_TYPES))
    if form in ("select", "ask"):
        results_type = choose(accept, list(RESULTS_MEDIA_TYPES))
    elif form in ("construct", "describe"):
        rdf_type = choose(accept, list(RDF_MEDIA_TYPES))
    has_dataset = bool(req.default_graphs or req.named_graphs)
    result = store.query_serialized(
        with_base(text, endpoint),
        RESULTS_MEDIA_TYPES[results_type or "application/sparql-results+json"],
        RDF_MEDIA_TYPES[rdf_type or "text/turtle"],
        default_graph=graph_iris(req.default_graphs) if has_dataset else None,
        named_graphs=graph_iris(req.named_graphs) if has_dataset else None,
        limits=limits,
    )
    chosen = rdf_type if result.kind == "graph" else results_type
    if chosen is None:
        raise UnsupportedFormatError(f"kan ikke levere / cannot provide {accept!r}")
    body = result.body
    if result.kind == "graph" and RDF_MEDIA_TYPES[chosen] is RdfFormat.JSONLD:
        body = compact_document(body)  # short keys from the ontology, not expanded IRIs
    return Response(body, media_type=result.media_type, headers={"Vary": "Accept"})


def _endpoint(request: Request) -> str:
    return str(request.url_for("sparql_get"))


def _wants_page(request: Request) -> bool:
    """Whether the client prefers an HTML page to every protocol format (a browser does;
    ties go to the protocol)."""
    offered = [*RESULTS_MEDIA_TYPES, *RDF_MEDIA_TYPES, "text/html"]
    return best_match(request.headers.get("accept"), offered) == "text/html"


def _page(
    request: Request, store: Store, query: str | None, limits: QueryLimits | None = None
) -> Response:
    from service.routers.overview_pages import sparql_page

    example = request.query_params.get("eksempel", "")
    return sparql_page(request, store, query, _endpoint(request), example, limits)


def _describe_service(store: Store, request: Request) -> Response:
    offered = [*RDF_MEDIA_TYPES, "text/html"]
    chosen = choose(request.headers.get("accept"), offered)
    endpoint = _endpoint(request)
    if chosen == "text/html":
        return _page(request, store, None)
    body = service_description(store, endpoint, RDF_MEDIA_TYPES[chosen])
    fmt = RDF_MEDIA_TYPES[chosen]
    return Response(body, media_type=fmt.media_type, headers={"Vary": "Accept"})


@router.get(
    "/sparql",
    name="sparql_get",
    summary="SPARQL-spørring med GET / SPARQL query by GET",
    description=_DESCRIPTION + " Uten query: tjenestebeskrivelsen / without query: the "
    "service description.",
    response_class=Response,
)
def sparql_get(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    query: Annotated[list[str] | None, Query(description="SPARQL-spørringen")] = None,
    default_graph_uri: Annotated[list[str] | None, Query(alias="default-graph-uri")] = None,
    named_graph_uri: Annotated[list[str] | None, Query(alias="named-graph-uri")] = None,
) -> Response:
    params = _params(request)
    if not params.get("query") and not params.get("update"):
        return _describe_service(store, request)
    req = _Request()
    req.add(params)
    limits = QueryLimits.from_settings(settings)
    if (
        len(req.queries) == 1
        and not (req.updates or req.default_graphs or req.named_graphs)
        and _wants_page(request)
    ):
        # a browser: the answer as a table in the SPARQL page, not a file to download
        return _page(request, store, req.queries[0], limits)
    return _execute(store, request.headers.get("accept"), req, _endpoint(request), limits)


router.add_api_route(
    "/sparql/", sparql_get, methods=["GET"], include_in_schema=False, response_class=Response
)


def _charset_ok(content_type: str) -> bool:
    for param in content_type.split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip().strip('"').lower() not in (
            "utf-8",
            "utf8",
        ):
            return False
    return True


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as e:
        raise BadInputError(f"forespørselen er ikke UTF-8 / the request is not UTF-8: {e}") from e


@router.post(
    "/sparql",
    summary="SPARQL-spørring med POST / SPARQL query by POST",
    description=_DESCRIPTION
    + " Innhold / body: application/x-www-form-urlencoded (query=…) eller / or "
    "application/sparql-query.",
    response_class=Response,
    openapi_extra={
        "requestBody": {
            "content": {
                _QUERY: {"schema": {"type": "string"}},
                _FORM: {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "query": {"type": "string"},
                            "default-graph-uri": {"type": "array", "items": {"type": "string"}},
                            "named-graph-uri": {"type": "array", "items": {"type": "string"}},
                        },
                        "required": ["query"],
                    }
                },
            },
            "required": True,
        }
    },
)
async def sparql_post(request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    content_type = request.headers.get("content-type", "")
    media_type = content_type.split(";")[0].strip().lower()
    req = _Request()
    req.add(_params(request))
    if media_type == _UPDATE:
        raise _refuse_update()
    if media_type not in (_FORM, _QUERY):
        raise UnsupportedMediaTypeError(
            f"innholdstypen {media_type or '(ingen / none)'!r} støttes ikke / unsupported "
            f"Content-Type; bruk / use {_FORM} eller / or {_QUERY}"
        )
    if not _charset_ok(content_type):
        raise UnsupportedMediaTypeError(
            f"bare UTF-8 støttes / only UTF-8 is supported: {content_type!r}"
        )
    body = _decode(await request.body())
    if media_type == _FORM:
        req.add(parse_qs(body, keep_blank_values=True))
    else:
        req.queries.append(body)
    limits = QueryLimits.from_settings(settings)
    return await run_in_threadpool(
        _execute, store, request.headers.get("accept"), req, _endpoint(request), limits
    )


router.add_api_route(
    "/sparql/", sparql_post, methods=["POST"], include_in_schema=False, response_class=Response
)
