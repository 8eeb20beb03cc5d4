"""The SPARQL 1.1 Protocol query operation at ``/sparql`` (read-only).

GET with ``query=``, POST as ``application/x-www-form-urlencoded`` or
``application/sparql-query``; ``default-graph-uri`` and ``named-graph-uri`` set the
dataset, else the query's own ``FROM`` and ``FROM NAMED``. Without any of those the default
graph is the union (RDF merge) of all named graphs. Any update is
refused with 403. GET without a query returns the service description.

Every query has a deadline: ``HJEMMEL_QUERY_TIMEOUT`` seconds, or less when the request's
``timeout`` parameter (seconds) asks for less. On an embedded store on disk the query runs in
a worker process (:class:`graph.store.pool.QueryPool`) that is killed at the deadline; the
request waits for it without holding a thread, and a client that leaves stops its query.
Elsewhere (a remote store, an in-memory store) the query runs in one of a few threads kept
for SPARQL, and the client gets its answer or the error at the deadline. A query stopped at
its deadline is 503 ``query_timeout``, an answer over ``HJEMMEL_MAX_RESULT_BYTES`` is 422
``result_too_large``: never a cut-short 200. A browser asking for a query gets the SPARQL
page with the answer as a table; that query runs the same way. A query still running when
the service stops (SIGTERM, after the server's grace period) is 503 ``store_unavailable``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
from collections.abc import Awaitable
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Annotated, Any
from urllib.parse import parse_qs

import anyio
import anyio.to_thread
from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from graph.errors import (
    BadInputError,
    HjemmelError,
    StoreUnavailableError,
    UnsupportedFormatError,
    UnsupportedMediaTypeError,
    UpdateForbiddenError,
)
from graph.linked_data.dataset import service_description
from graph.linked_data.jsonld import compact_document
from graph.linked_data.query_table import refuse_update, table_of
from graph.store import RdfFormat, ResultsFormat, SerializedResult, Store
from graph.store.embedded import query_timed_out
from graph.store.forms import request_form, with_base
from graph.store.guard import QueryLimits, check_query
from graph.store.terms import GraphNames, graph_iris
from service.deps import SettingsDep, StoreDep
from service.negotiation import best_match, choose
from service.openapi import ErrorResponse

__all__ = ["RDF_MEDIA_TYPES", "RESULTS_MEDIA_TYPES", "router"]

router = APIRouter(tags=["sparql"])
log = logging.getLogger("hjemmel.service")

SPARQL_THREADS = 8
"""Threads that may run SPARQL queries at once where no worker pool is in use (remote and
in-memory stores); more queries wait for one without holding a thread, so the service's
other requests always find threads."""
_DISCONNECT_POLL = 0.25
_INLINE_CHECK_CHARS = 4096
"""Query texts up to this length are checked on the event loop (well under a millisecond);
longer ones in a thread."""

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
_TIMEOUT = (
    "Sekunder spørringen kan kjøre, høyst HJEMMEL_QUERY_TIMEOUT / seconds the query may run, "
    "at most HJEMMEL_QUERY_TIMEOUT"
)
_DESCRIPTION = (
    "SPARQL 1.1-spørring (kun lesing). / SPARQL 1.1 query (read-only). FROM og FROM NAMED "
    "(eller default-graph-uri og named-graph-uri) bestemmer datasettet; ellers er "
    "standardgrafen unionen av alle navngitte grafer / FROM and FROM NAMED (or "
    "default-graph-uri and named-graph-uri) define the dataset; otherwise the default graph "
    "is the union of all named graphs."
)


@dataclass
class _Request:
    queries: list[str] = field(default_factory=list)
    updates: list[str] = field(default_factory=list)
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)
    timeouts: list[str] = field(default_factory=list)

    def add(self, params: dict[str, list[str]]) -> None:
        self.timeouts += params.get("timeout", [])
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


def _limits(settings: SettingsDep, req: _Request) -> QueryLimits:
    """The settings' limits, with the deadline the request asks for when it is shorter."""
    limits = QueryLimits.from_settings(settings)
    if not req.timeouts:
        return limits
    if len(req.timeouts) > 1:
        raise BadInputError("send én timeout-parameter / send one timeout parameter")
    try:
        asked = float(req.timeouts[0])
    except ValueError:
        asked = math.nan
    if not math.isfinite(asked) or asked <= 0:
        raise BadInputError(
            f"timeout må være et positivt antall sekunder / timeout must be a positive number "
            f"of seconds: {req.timeouts[0]!r}"
        )
    return replace(limits, timeout=min(asked, settings.query_timeout))


@dataclass(frozen=True)
class _Prepared:
    text: str
    results_type: str | None
    rdf_type: str | None
    default_graph: GraphNames | None
    named_graphs: GraphNames | None

    @property
    def results_format(self) -> ResultsFormat:
        return RESULTS_MEDIA_TYPES[self.results_type or "application/sparql-results+json"]

    @property
    def rdf_format(self) -> RdfFormat:
        return RDF_MEDIA_TYPES[self.rdf_type or "text/turtle"]


def _prepare(accept: str | None, req: _Request, endpoint: str, limits: QueryLimits) -> _Prepared:
    """Everything before the query runs: the checks on the request and its text, and the
    formats the client accepts."""
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
    return _Prepared(
        with_base(text, endpoint),
        results_type,
        rdf_type,
        graph_iris(req.default_graphs) if has_dataset else None,
        graph_iris(req.named_graphs) if has_dataset else None,
    )


class _Stopping(StoreUnavailableError):
    """The service is stopping: the server cancelled the request after its grace period."""


class _ClientLeft(Exception):
    """The client closed the connection while its query ran."""


async def _unless_client_leaves(request: Request, work: Awaitable[SerializedResult]) -> Any:
    """``work``'s result; cancelled (which kills its worker) as soon as the client leaves."""
    task = asyncio.ensure_future(work)
    try:
        while True:
            done, _ = await asyncio.wait({task}, timeout=_DISCONNECT_POLL)
            if done:
                return task.result()
            if await request.is_disconnected():
                raise _ClientLeft
    finally:
        if not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task


def _sparql_threads(request: Request) -> anyio.CapacityLimiter:
    limiter = getattr(request.app.state, "sparql_threads", None)
    if limiter is None:
        limiter = request.app.state.sparql_threads = anyio.CapacityLimiter(SPARQL_THREADS)
    return limiter


async def _run(
    request: Request,
    store: Store,
    text: str,
    results_format: ResultsFormat,
    rdf_format: RdfFormat,
    limits: QueryLimits,
    default_graph: GraphNames | None = None,
    named_graphs: GraphNames | None = None,
) -> SerializedResult:
    """Run a checked query under its deadline: in the worker pool when there is one, else in
    one of the threads kept for SPARQL.

    :raises _ClientLeft: the client left; its query was stopped.
    :raises _Stopping: the service is stopping (SIGTERM: the server cancels the
        requests still running after its grace period, and they get this error's answer).
    """
    try:
        return await _run_query(
            request, store, text, results_format, rdf_format, limits, default_graph, named_graphs
        )
    except asyncio.CancelledError:
        task = asyncio.current_task()
        if task is not None:
            task.uncancel()  # answered here, with this error
        raise _Stopping(
            "tjenesten stopper; prøv igjen om litt / the service is stopping; try again shortly"
        ) from None


async def _run_query(
    request: Request,
    store: Store,
    text: str,
    results_format: ResultsFormat,
    rdf_format: RdfFormat,
    limits: QueryLimits,
    default_graph: GraphNames | None,
    named_graphs: GraphNames | None,
) -> SerializedResult:
    timeout = limits.timeout or math.inf
    pool = getattr(request.app.state, "query_pool", None)
    if pool is not None:
        result: SerializedResult = await _unless_client_leaves(
            request,
            pool.run(
                text,
                results_format,
                rdf_format,
                default_graph=default_graph,
                named_graphs=named_graphs,
                limits=limits,
            ),
        )
        return result
    # The thread cannot be stopped; the client gets its answer at the deadline all the same
    # (a remote store stops on its own timeout, sent with the query).
    call = partial(
        store.query_serialized,
        text,
        results_format,
        rdf_format,
        default_graph=default_graph,
        named_graphs=named_graphs,
        limits=limits,
    )
    try:
        with anyio.fail_after(timeout + 1.0):
            return await anyio.to_thread.run_sync(
                call, abandon_on_cancel=True, limiter=_sparql_threads(request)
            )
    except TimeoutError:
        raise query_timed_out(timeout) from None


def _client_left(request: Request) -> Response:
    log.info("%s %s: the client left; its query was stopped", request.method, request.url.path)
    return Response(status_code=499)


async def _answer(request: Request, store: Store, req: _Request, limits: QueryLimits) -> Response:
    """Run the request's query under its deadline and answer it."""
    accept = request.headers.get("accept")
    if sum(len(q) for q in req.queries) <= _INLINE_CHECK_CHARS:
        prep = _prepare(accept, req, _endpoint(request), limits)
    else:
        prep = await run_in_threadpool(_prepare, accept, req, _endpoint(request), limits)
    try:
        result = await _run(
            request,
            store,
            prep.text,
            prep.results_format,
            prep.rdf_format,
            limits,
            prep.default_graph,
            prep.named_graphs,
        )
    except _ClientLeft:
        return _client_left(request)
    chosen = prep.rdf_type if result.kind == "graph" else prep.results_type
    if chosen is None:
        raise UnsupportedFormatError(f"kan ikke levere / cannot provide {accept!r}")
    body = result.body
    if result.kind == "graph" and RDF_MEDIA_TYPES[chosen] is RdfFormat.JSONLD:
        body = compact_document(body)  # short keys from the ontology, not expanded IRIs
    return Response(body, media_type=result.media_type, headers={"Vary": "Accept"})


def _endpoint(request: Request) -> str:
    state = request.app.state
    path = getattr(state, "sparql_path", None)
    if path is None:
        path = state.sparql_path = request.app.url_path_for("sparql_get")
    return str(path.make_absolute_url(request.base_url))


def _wants_page(request: Request) -> bool:
    """Whether the client prefers an HTML page to every protocol format (a browser does;
    ties go to the protocol)."""
    offered = [*RESULTS_MEDIA_TYPES, *RDF_MEDIA_TYPES, "text/html"]
    return best_match(request.headers.get("accept"), offered) == "text/html"


async def _page(request: Request, store: Store, query: str | None, limits: QueryLimits) -> Response:
    """The SPARQL page; its query (or chosen example) runs like a protocol query, in the
    worker pool under the same deadline, and its answer or error is shown in the page."""
    from service.routers.overview_pages import page_query, sparql_page

    example = request.query_params.get("eksempel", "")
    text = page_query(query, example)
    answer: dict[str, Any] | HjemmelError | None = None
    if text is not None:
        try:
            refuse_update(text)
            check_query(text, limits)
            result = await _run(request, store, text, ResultsFormat.JSON, RdfFormat.TURTLE, limits)
            answer = await run_in_threadpool(table_of, result)
        except _ClientLeft:
            return _client_left(request)
        except _Stopping:
            raise  # the error page at once, no thread: the process is about to end
        except HjemmelError as e:
            answer = e
    return await run_in_threadpool(
        sparql_page, request, store, query, _endpoint(request), example, limits, answer
    )


def _describe_service(store: Store, request: Request) -> Response:
    offered = [*RDF_MEDIA_TYPES]
    chosen = choose(request.headers.get("accept"), offered)
    endpoint = _endpoint(request)
    body = service_description(store, endpoint, RDF_MEDIA_TYPES[chosen])
    fmt = RDF_MEDIA_TYPES[chosen]
    return Response(body, media_type=fmt.media_type, headers={"Vary": "Accept"})


_SPARQL_ERRORS: dict[int | str, dict[str, Any]] = {
    400: ErrorResponse("spørringen kan ikke leses / the query cannot be read"),
    403: ErrorResponse("oppdateringer er ikke tillatt / updates are not allowed"),
    406: ErrorResponse("formatet kan ikke leveres / the format cannot be provided"),
    422: ErrorResponse("svaret er for stort / the answer is too large"),
    503: ErrorResponse("tidsgrensen nådd eller lageret svarer ikke / deadline or store down"),
}


@router.get(
    "/sparql",
    name="sparql_get",
    summary="SPARQL-spørring med GET / SPARQL query by GET",
    description=_DESCRIPTION + " Uten query: tjenestebeskrivelsen / without query: the "
    "service description.",
    response_class=Response,
    responses=_SPARQL_ERRORS,
)
async def sparql_get(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    query: Annotated[list[str] | None, Query(description="SPARQL-spørringen")] = None,
    default_graph_uri: Annotated[list[str] | None, Query(alias="default-graph-uri")] = None,
    named_graph_uri: Annotated[list[str] | None, Query(alias="named-graph-uri")] = None,
    timeout: Annotated[list[str] | None, Query(description=_TIMEOUT)] = None,
) -> Response:
    params = _params(request)
    if not params.get("query") and not params.get("update"):
        offered = [*RDF_MEDIA_TYPES, "text/html"]
        if choose(request.headers.get("accept"), offered) == "text/html":
            return await _page(request, store, None, _limits(settings, _Request()))
        return await run_in_threadpool(_describe_service, store, request)
    req = _Request()
    req.add(params)
    limits = _limits(settings, req)
    if (
        len(req.queries) == 1
        and not (req.updates or req.default_graphs or req.named_graphs)
        and _wants_page(request)
    ):
        # a browser: the answer as a table in the SPARQL page, not a file to download
        return await _page(request, store, req.queries[0], limits)
    return await _answer(request, store, req, limits)


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
    responses={**_SPARQL_ERRORS, 413: ErrorResponse(), 415: ErrorResponse()},
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
                            "timeout": {"type": "number", "description": _TIMEOUT},
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
    return await _answer(request, store, req, _limits(settings, req))


router.add_api_route(
    "/sparql/", sparql_post, methods=["POST"], include_in_schema=False, response_class=Response
)
