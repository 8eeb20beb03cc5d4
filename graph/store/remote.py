"""A store on any SPARQL 1.1 endpoint, reached over HTTP through SPARQLWrapper.

Queries and updates follow the SPARQL 1.1 Protocol; loading uses the SPARQL 1.1 Graph Store
Protocol when a graph store URL is given, else ``INSERT DATA`` in batches. The default graph
of a query without a dataset of its own is the RDF merge of the named graphs, a set, in one
of two ways (``default_graph``):

- ``merge`` (the default): the store keeps the merge in the server's own default graph, as
  the embedded store does. Every write through the store brings it in step in the same
  request (:mod:`graph.store.merge`); a triple stated in two named graphs is one triple.
  For servers with a real default graph: Oxigraph started *without* ``--union-default-graph``.
- ``union``: the server's default graph is already the union of its graphs (Virtuoso;
  Oxigraph with ``--union-default-graph``). These servers evaluate it over the quads, so a
  triple stated in two named graphs matches once per graph.

A query's ``FROM`` and ``FROM NAMED`` are sent as ``default-graph-uri`` and
``named-graph-uri`` too (:mod:`graph.store.dataset`), since Oxigraph's union default graph
ignores ``FROM``.

The timeout is applied to each HTTP call and also sent to the server as the query parameter
``timeout`` in milliseconds, which Virtuoso and Stardog read as their execution limit.
Servers that read the parameter in seconds (Fuseki, GraphDB) then allow more time than
asked, and servers that do not know it (Oxigraph) ignore it; give ``timeout_parameter=None``
to leave it out. Oxigraph's server reads no such parameter: its only limit is
``oxigraph serve --timeout-s``, which should be set (to ``HJEMMEL_QUERY_TIMEOUT``).

A query from ``/sparql`` carries its own deadline (``QueryLimits.timeout``, at most the
store's timeout): it is sent instead, and the whole answer must arrive before it. Its answer
is read up to ``QueryLimits.max_result_bytes`` and checked for completeness before it is
passed on: a server that stops a query at its own limit may still answer 200 with what it
had (Oxigraph ends such a body with "The SPARQL operation has been cancelled", Virtuoso sets
``X-SQL-State: S1TAT``), so a JSON answer must parse, an XML results document must end
with ``</sparql>``, and CSV, TSV and N-Triples must end with a line break. A cut-short answer
is :class:`QueryTimeoutError` or :class:`StoreUnavailableError`, never a result.
"""

from __future__ import annotations

import ast
import base64
import http.client
import json
import math
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import suppress
from typing import TYPE_CHECKING, Literal

from rdflib import Graph, URIRef
from SPARQLWrapper import POST, URLENCODED, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import (
    EndPointInternalError,
    EndPointNotFound,
    QueryBadFormed,
    SPARQLWrapperException,
    Unauthorized,
    URITooLong,
)

from graph.errors import (
    HjemmelError,
    ImportFailedError,
    OutcomeUnknownError,
    QueryError,
    QueryTimeoutError,
    ResultTooLargeError,
    StoreUnavailableError,
    UnsupportedFormatError,
)
from graph.store.base import Bindings, RdfFormat, ResultsFormat, Row, SerializedResult, Store
from graph.store.binding import bind_terms, term_n3
from graph.store.dataset import dataset_clause
from graph.store.forms import READ_FORMS, request_form
from graph.store.guard import QueryLimits, check_query
from graph.store.load_marker import BOOKKEEPING_GRAPHS
from graph.store.merge import merge_graph, rebuild_all, then, unmerge_graph
from graph.store.terms import from_sparql_json

if TYPE_CHECKING:
    from graph.settings import Settings

DefaultGraphMode = Literal["merge", "union"]

__all__ = ["EMPTY_GRAPH", "SYSTEM_GRAPHS", "DefaultGraphMode", "RemoteStore"]

EMPTY_GRAPH = URIRef("urn:hjemmel:tom-graf")
"""A graph name no one writes to: the default graph of a query with ``FROM NAMED`` and no
``FROM`` is empty, and the protocol can only say so by naming an empty graph."""

_STAGING_PREFIX = "urn:hjemmel:staging:"
_KIND = {"select": "select", "ask": "ask", "construct": "graph", "describe": "graph"}
_RDFLIB_FORMATS = {
    "application/n-triples": "nt",
    "text/plain": "nt",
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
    "application/n-quads": "nquads",
    "application/trig": "trig",
}
_MESSAGE_LIMIT = 2000
SYSTEM_GRAPHS = frozenset(
    {
        "http://www.openlinksw.com/schemas/virtrdf#",
        "http://www.w3.org/ns/ldp#",
        "http://localuriqaserver/sparql",
        *(str(g) for g in BOOKKEEPING_GRAPHS),
    }
)
"""Graphs a server keeps for itself (Virtuoso's), the load marker and the statistics,
left out of graph_names and count."""
_CANCELLED = b"The SPARQL operation has been cancelled"
"""What Oxigraph's server appends to a 200 answer when ``--timeout-s`` stops the query."""
_JSON_TYPES = frozenset(
    {"application/sparql-results+json", "application/json", "application/ld+json"}
)
_LINE_TYPES = frozenset({"text/csv", "text/tab-separated-values", "application/n-triples"})
_READ_CHUNK = 1 << 16
# A graph result in a triples format is also valid in the dataset format that extends it.
_DATASET_FALLBACK = {RdfFormat.NQUADS: RdfFormat.NTRIPLES, RdfFormat.TRIG: RdfFormat.TURTLE}


def _form(text: str) -> str:
    """The request's form (``select``, ``ask``, ``construct``, ``describe``, ``update``).

    :raises QueryError: the text starts with none of them.
    """
    form = request_form(text)
    if form is None:
        raise QueryError(
            "ikke en SPARQL-spørring eller -oppdatering / not a SPARQL query or update"
        )
    return form


def _server_message(error: BaseException) -> str:
    """The body the server sent with an error status, as text."""
    if isinstance(error, urllib.error.HTTPError):
        try:
            body = error.read()
        except OSError:
            body = b""
    else:
        text = str(error)
        _, _, raw = text.partition("Response:\n")
        try:
            body = ast.literal_eval(raw) if raw else b""
        except (ValueError, SyntaxError):
            body = raw.encode("utf-8")
    message = (body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)).strip()
    if len(message) > _MESSAGE_LIMIT:
        message = message[:_MESSAGE_LIMIT] + " …"
    return message or type(error).__name__


def _check_complete(body: bytes, media_type: str, timeout: float) -> None:
    """Refuse an answer a server cut short while it still said 200."""
    tail = body[-200:].rstrip()
    if tail.endswith(_CANCELLED):
        raise QueryTimeoutError(
            f"SPARQL-endepunktet stoppet spørringen ved sin tidsgrense / the endpoint stopped "
            f"the query at its time limit (at most {timeout:g} s here)"
        )
    incomplete = False
    if media_type in _JSON_TYPES:
        try:
            json.loads(body)
        except ValueError:
            incomplete = True
    elif media_type == "application/sparql-results+xml":
        incomplete = not tail.endswith(b"</sparql>")
    elif media_type in _LINE_TYPES:
        incomplete = bool(body) and not body.endswith(b"\n")
    if incomplete:
        raise StoreUnavailableError(
            f"SPARQL-endepunktet sendte et ufullstendig svar ({media_type}) / the endpoint "
            f"sent an incomplete answer"
        )


def _split_nt(nt: bytes | str) -> tuple[list[str], list[str]]:
    """N-Triples lines, split into those without and those with blank nodes.

    Triples with blank nodes must travel in one request so their labels keep meaning one
    node; a literal that merely contains ``_:`` lands there too, which is harmless.
    """
    text = nt.decode("utf-8") if isinstance(nt, bytes) else nt
    plain: list[str] = []
    blank: list[str] = []
    for raw in text.split("\n"):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        (blank if "_:" in line else plain).append(line)
    return plain, blank


def _chunks(lines: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(lines), size):
        yield lines[start : start + size]


class RemoteStore(Store):
    """A SPARQL 1.1 endpoint as a store.

    :param query_url: the SPARQL query endpoint.
    :param update_url: the update endpoint; the query URL when not given.
    :param graph_store_url: a Graph Store Protocol endpoint, used for loading when given.
    :param user: user name for HTTP basic authentication, with ``password``.
    :param token: a bearer token, sent as ``Authorization: Bearer …``.
    :param timeout: seconds allowed for each HTTP call, also sent to the server.
    :param default_graph: ``merge`` (the store keeps the merge of the named graphs in the
        server's default graph) or ``union`` (the server's default graph is their union).
    :param batch_triples: most triples sent in one ``INSERT DATA`` request.
    :param timeout_parameter: name of the query parameter carrying the timeout in
        milliseconds; None to send none.
    """

    name = "remote"

    def __init__(
        self,
        query_url: str,
        update_url: str | None = None,
        graph_store_url: str | None = None,
        *,
        user: str | None = None,
        password: str | None = None,
        token: str | None = None,
        timeout: float = 30.0,
        default_graph: DefaultGraphMode = "merge",
        batch_triples: int = 50_000,
        timeout_parameter: str | None = "timeout",
    ) -> None:
        if token is not None and user is not None:
            raise ValueError("give either a token or a user, not both")
        self.query_url = query_url
        self.update_url = update_url or query_url
        self.graph_store_url = graph_store_url
        self.timeout = timeout
        if default_graph not in ("merge", "union"):
            raise ValueError(f"default_graph must be 'merge' or 'union', not {default_graph!r}")
        self.default_graph: DefaultGraphMode = default_graph
        self.batch_triples = batch_triples
        self.timeout_parameter = timeout_parameter
        self._headers: dict[str, str] = {}
        if user is not None:
            pair = f"{user}:{password or ''}".encode()
            self._headers["Authorization"] = "Basic " + base64.b64encode(pair).decode("ascii")
        elif token is not None:
            self._headers["Authorization"] = f"Bearer {token}"

    @classmethod
    def from_settings(cls, settings: Settings) -> RemoteStore:
        """The store ``HJEMMEL_SPARQL_*`` settings describe."""
        if not settings.sparql_query_url:
            raise StoreUnavailableError(
                "HJEMMEL_SPARQL_QUERY_URL mangler / is missing for HJEMMEL_STORE=remote"
            )
        return cls(
            settings.sparql_query_url,
            settings.sparql_update_url,
            settings.sparql_graph_store_url,
            user=settings.sparql_user,
            password=(
                settings.sparql_password.get_secret_value() if settings.sparql_password else None
            ),
            token=settings.sparql_token.get_secret_value() if settings.sparql_token else None,
            timeout=settings.sparql_timeout,
            default_graph=settings.sparql_default_graph,
        )

    def __repr__(self) -> str:
        return f"RemoteStore({self.query_url!r})"

    # -- HTTP ------------------------------------------------------------------------------
    def _wrapper(
        self, text: str, *, update: bool, accept: str, timeout: float | None = None
    ) -> SPARQLWrapper:
        sw = SPARQLWrapper(self.query_url, updateEndpoint=self.update_url)
        sw.setMethod(POST)
        # URL-encoded POST: Virtuoso 7.2 never answers a query POSTed as application/sparql-query.
        sw.setRequestMethod(URLENCODED)
        sw.setOnlyConneg(True)
        seconds = self.timeout if timeout is None else timeout
        sw.setTimeout(max(1, math.ceil(seconds)))
        sw.setQuery(text)
        # Our own reading of the form decides the endpoint, not SPARQLWrapper's guess.
        sw.queryType = "INSERT" if update else _form(text).upper()
        if self.timeout_parameter:
            sw.addParameter(self.timeout_parameter, str(int(seconds * 1000)))
        for header, value in self._headers.items():
            sw.addCustomHttpHeader(header, value)
        sw.addCustomHttpHeader("Accept", accept)
        return sw

    def _send(
        self,
        text: str,
        *,
        update: bool = False,
        accept: str = "*/*",
        default_graph: Sequence[URIRef] | None = None,
        named_graphs: Sequence[URIRef] | None = None,
        limits: QueryLimits | None = None,
        timeout: float | None = None,
    ) -> tuple[bytes, str]:
        """Send one query or update; the answer's body and media type.

        With ``limits`` (a query from outside), ``limits.timeout`` (at most the store's
        timeout) is the deadline for the whole answer and ``limits.max_result_bytes`` its
        largest size, and the answer is checked for completeness. ``timeout`` overrides the
        store's timeout for this request (a long final load request).
        """
        if limits is not None and limits.timeout is not None:
            timeout = min(limits.timeout, self.timeout)
        deadline = time.monotonic() + timeout if limits is not None and timeout else None
        sw = self._wrapper(text, update=update, accept=accept, timeout=timeout)
        if not update and default_graph is None and named_graphs is None:
            clause = dataset_clause(text)
            if clause is not None:
                # The query's own FROM / FROM NAMED, as the protocol's parameters: an
                # Oxigraph server with a union default graph ignores FROM, not these.
                default_graph = [URIRef(g) for g in clause.default] or [EMPTY_GRAPH]
                named_graphs = [URIRef(g) for g in clause.named]
        for iri in default_graph or ():
            sw.addDefaultGraph(str(iri))
        for iri in named_graphs or ():
            sw.addNamedGraph(str(iri))
        try:
            result = sw.query()
            response = result.response
            info = response.info()
            if limits is None:
                body = response.read()
            else:
                body = self._read(response, limits.max_result_bytes, deadline, timeout)
        except QueryBadFormed as e:
            raise QueryError(
                f"SPARQL-endepunktet avviste spørringen / the endpoint refused the query: "
                f"{_server_message(e)}"
            ) from e
        except Unauthorized as e:
            raise StoreUnavailableError(
                f"SPARQL-endepunktet avviste innloggingen (HTTP 401) / the endpoint refused "
                f"the credentials: check HJEMMEL_SPARQL_USER/PASSWORD or TOKEN "
                f"({self._endpoint(update)})"
            ) from e
        except (EndPointNotFound, URITooLong, EndPointInternalError) as e:
            raise StoreUnavailableError(
                f"SPARQL-endepunktet feilet / the endpoint failed ({self._endpoint(update)}): "
                f"{_server_message(e)}"
            ) from e
        except SPARQLWrapperException as e:
            raise StoreUnavailableError(str(e)) from e
        except urllib.error.HTTPError as e:
            raise self._http_error(e, update) from e
        except (urllib.error.URLError, OSError) as e:
            raise self._unreachable(e, update) from e
        except http.client.HTTPException as e:
            raise self._unreachable(e, update) from e
        state = info.get("X-SQL-State", "")
        if state.startswith("S1TAT"):
            raise QueryTimeoutError(
                f"SPARQL-endepunktet nådde tidsgrensen og ga et ufullstendig svar / the endpoint "
                f"hit its time limit ({timeout or self.timeout} s) and sent a partial answer"
            )
        media_type = (info.get_content_type() or "application/octet-stream").lower()
        if limits is not None:
            _check_complete(body, media_type, timeout or self.timeout)
        return body, media_type

    @staticmethod
    def _read(
        response: http.client.HTTPResponse,
        max_bytes: int | None,
        deadline: float | None,
        timeout: float | None,
    ) -> bytes:
        """The body, read in chunks: refused when it passes ``max_bytes`` or is not complete
        by ``deadline`` (the socket timeout alone allows a trickle to go on for ever)."""
        chunks: list[bytes] = []
        size = 0
        try:
            while chunk := response.read(_READ_CHUNK):
                size += len(chunk)
                if max_bytes is not None and size > max_bytes:
                    raise ResultTooLargeError(
                        f"svaret er større enn grensen på {max_bytes} byte; bruk LIMIT / the "
                        f"answer is larger than the limit of {max_bytes} bytes; use LIMIT"
                    )
                if deadline is not None and time.monotonic() > deadline:
                    raise QueryTimeoutError(
                        f"spørringen ble stoppet etter {timeout:g} s / the query was stopped "
                        f"after {timeout:g} s"
                    )
                chunks.append(chunk)
        finally:
            response.close()
        return b"".join(chunks)

    def _endpoint(self, update: bool) -> str:
        return self.update_url if update else self.query_url

    def _http_error(self, error: urllib.error.HTTPError, update: bool) -> HjemmelError:
        message = _server_message(error)
        if error.code == 403:
            return StoreUnavailableError(
                f"SPARQL-endepunktet nektet tilgang (HTTP 403) / the endpoint refused access "
                f"({self._endpoint(update)}): {message}"
            )
        if error.code == 406:
            return UnsupportedFormatError(
                f"SPARQL-endepunktet tilbyr ikke formatet / the endpoint does not offer the "
                f"format: {message}"
            )
        return StoreUnavailableError(
            f"SPARQL-endepunktet svarte HTTP {error.code} / the endpoint answered HTTP "
            f"{error.code} ({self._endpoint(update)}): {message}"
        )

    def _unreachable(self, error: BaseException, update: bool) -> StoreUnavailableError:
        reason = getattr(error, "reason", None) or error
        if isinstance(reason, TimeoutError):
            return QueryTimeoutError(
                f"SPARQL-endepunktet svarte ikke innen {self.timeout} s / the endpoint did not "
                f"answer within {self.timeout} s ({self._endpoint(update)})"
            )
        return StoreUnavailableError(
            f"SPARQL-endepunktet kan ikke nås / the endpoint cannot be reached "
            f"({self._endpoint(update)}): {reason}"
        )

    def _results(self, query: str, bindings: Bindings | None, expected: str) -> dict:
        text = bind_terms(query, dict(bindings)) if bindings else query
        form = _form(text).upper()
        if form != expected:
            raise QueryError(f"spørringen er ikke en {expected} / the query is not a {expected}")
        body, _ = self._send(text, accept="application/sparql-results+json")
        try:
            return json.loads(body)
        except ValueError as e:
            raise StoreUnavailableError(
                f"SPARQL-endepunktet sendte ugyldig JSON / the endpoint sent invalid JSON: {e}"
            ) from e

    # -- queries ---------------------------------------------------------------------------
    def select(self, query: str, bindings: Bindings | None = None) -> list[Row]:
        data = self._results(query, bindings, "SELECT")
        return [
            {name: from_sparql_json(value) for name, value in solution.items()}
            for solution in data.get("results", {}).get("bindings", [])
        ]

    def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        data = self._results(query, bindings, "ASK")
        if "boolean" not in data:
            raise StoreUnavailableError("svaret mangler 'boolean' / the answer lacks 'boolean'")
        return bool(data["boolean"])

    def construct(self, query: str, bindings: Bindings | None = None) -> Graph:
        text = bind_terms(query, dict(bindings)) if bindings else query
        if _form(text) not in ("construct", "describe"):
            raise QueryError(
                "spørringen er ikke en CONSTRUCT eller DESCRIBE / not a CONSTRUCT or DESCRIBE"
            )
        body, media_type = self._send(
            text, accept="application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
        )
        return self._parse_graph(body, media_type)

    @staticmethod
    def _parse_graph(body: bytes, media_type: str) -> Graph:
        fmt = _RDFLIB_FORMATS.get(media_type)
        if fmt is None:
            raise StoreUnavailableError(
                f"SPARQL-endepunktet sendte en ukjent medietype / the endpoint sent an "
                f"unexpected media type: {media_type}"
            )
        graph = Graph()
        if body.strip():
            graph.parse(data=body, format=fmt)
        return graph

    def query_serialized(
        self,
        query: str,
        results_format: ResultsFormat = ResultsFormat.JSON,
        rdf_format: RdfFormat = RdfFormat.TURTLE,
        *,
        default_graph: Sequence[URIRef] | None = None,
        named_graphs: Sequence[URIRef] | None = None,
        limits: QueryLimits | None = None,
    ) -> SerializedResult:
        """The server's own serialisation, asked for by ``Accept``; ``default_graph`` and
        ``named_graphs`` become the protocol's ``default-graph-uri`` and ``named-graph-uri``."""
        check_query(query, limits)
        form = _form(query)
        if form not in READ_FORMS:
            raise QueryError(
                f"bare spørringer, ikke oppdateringer / only queries, not updates ({form})"
            )
        kind = _KIND[form]
        if kind == "graph" and rdf_format is RdfFormat.JSONLD:
            # Virtuoso 7.2 drops language tags from its JSON-LD, so JSON-LD is written here
            # from the server's N-Triples.
            body, media_type = self._send(
                query,
                accept=RdfFormat.NTRIPLES.media_type,
                default_graph=default_graph,
                named_graphs=named_graphs,
                limits=limits,
            )
            graph = self._parse_graph(body, media_type)
            return SerializedResult(
                graph.serialize(format="json-ld", encoding="utf-8"), rdf_format.media_type, kind
            )
        requested = rdf_format.media_type if kind == "graph" else results_format.media_type
        try:
            body, media_type = self._send(
                query,
                accept=requested,
                default_graph=default_graph,
                named_graphs=named_graphs,
                limits=limits,
            )
        except UnsupportedFormatError:
            if kind != "graph" or rdf_format not in _DATASET_FALLBACK:
                raise
            # Virtuoso offers no N-Quads or TriG for CONSTRUCT; N-Triples is N-Quads and
            # Turtle is TriG, with every triple in the default graph.
            body, _ = self._send(
                query,
                accept=_DATASET_FALLBACK[rdf_format].media_type,
                default_graph=default_graph,
                named_graphs=named_graphs,
                limits=limits,
            )
            media_type = rdf_format.media_type
        return SerializedResult(body, media_type, kind)

    # -- writing ---------------------------------------------------------------------------
    @property
    def _merging(self) -> bool:
        return self.default_graph == "merge"

    def update(self, update: str) -> None:
        """Run an update; in ``merge`` mode the same request then makes the server's
        default graph the merge of the named graphs again (a whole rebuild: the update may
        have touched any graph; triples it writes into the default graph itself do not
        stay, the default graph is derived)."""
        if _form(update) in READ_FORMS:
            raise QueryError("dette er en spørring, ikke en oppdatering / a query, not an update")
        self._update(then(update, rebuild_all(_STAGING_PREFIX)) if self._merging else update)

    def drop_all(self) -> None:
        """Empty the server: every graph, the default graph included, in one ``DROP ALL``
        (which servers run far faster alone than followed by the merge's rebuild)."""
        self._update("DROP ALL")

    def _update(self, update: str, timeout: float | None = None) -> None:
        """Send an update as it is: the writes below keep the merge themselves."""
        self._send(update, update=True, timeout=timeout)

    def _unmerge(self, graph: URIRef) -> list[str]:
        return [unmerge_graph(term_n3(graph), _STAGING_PREFIX)] if self._merging else []

    def _merge(self, graph: URIRef) -> list[str]:
        return [merge_graph(term_n3(graph))] if self._merging else []

    def ensure_merge(self) -> bool:
        """In ``merge`` mode, write the merge into the server's default graph when it is
        empty while named graphs hold triples (data loaded in ``union`` mode, or by other
        means); whether it was written."""
        if not self._merging or self.ask("ASK { ?s ?p ?o }"):
            return False
        if not self.ask("ASK { GRAPH ?g { ?s ?p ?o } }"):
            return False
        self._update(rebuild_all(_STAGING_PREFIX), timeout=self._final_timeout(self.count()))
        return True

    def replace_graph(self, graph: URIRef, data: Graph) -> None:
        self.replace_graphs({graph: data})

    def replace_graphs(self, graphs: Mapping[URIRef, Graph]) -> None:
        self.replace_graphs_nt(
            {name: g.serialize(format="nt", encoding="utf-8") for name, g in graphs.items()}
        )

    def replace_graphs_nt(self, graphs: Mapping[URIRef, bytes]) -> None:
        """Replace named graphs by N-Triples content, all or nothing.

        Up to ``batch_triples`` triples (and no Graph Store Protocol URL) go in one update
        request, which the server runs as one transaction (Oxigraph does; Virtuoso commits
        once at the end of a request). Larger imports are first written into temporary
        staging graphs (``urn:hjemmel:staging:…``), through the Graph Store Protocol when
        configured, else by ``INSERT DATA`` batches, and then moved onto their targets by a
        single ``MOVE`` request: the switch is atomic, but while the staging graphs are
        written, queries over a server's union default graph (``union`` mode) see their
        triples too; in ``merge`` mode they stay out of the default graph, and the final
        request brings the merge in step. When a batch fails, the staging graphs are dropped
        and the targets are left unchanged.
        """
        plan = {name: _split_nt(nt) for name, nt in graphs.items()}
        if not plan:
            return
        total = sum(len(plain) + len(blank) for plain, blank in plan.values())
        if self.graph_store_url is None and total <= self.batch_triples:
            operations: list[str] = []
            for name in plan:
                operations.extend(self._unmerge(name))
                operations.append(f"DROP SILENT GRAPH {term_n3(name)}")
            for name, (plain, blank) in plan.items():
                operations.extend(self._inserts(term_n3(name), plain, blank))
                if plain or blank:
                    operations.extend(self._merge(name))
            self._update(" ;\n".join(operations))
            return
        self.remove_stale_staging()
        run = uuid.uuid4().hex
        staged = {name: URIRef(f"{_STAGING_PREFIX}{run}:{i}") for i, name in enumerate(plan)}
        try:
            pending: list[str] = []
            pending_triples = 0
            for name, (plain, blank) in plan.items():
                if not plain and not blank:
                    continue
                if self.graph_store_url is not None:
                    self._put_graph(staged[name], graphs[name])
                    continue
                for operation, size in self._sized_inserts(term_n3(staged[name]), plain, blank):
                    if pending and pending_triples + size > self.batch_triples:
                        self._update(" ;\n".join(pending))
                        pending, pending_triples = [], 0
                    pending.append(operation)
                    pending_triples += size
            if pending:
                self._update(" ;\n".join(pending))
            # Each target leaves the merge just before it is replaced, so a triple that two
            # targets held and neither holds any more is found in no other graph.
            moves = [
                op
                for name, (plain, blank) in plan.items()
                for op in (
                    *self._unmerge(name),
                    f"MOVE SILENT GRAPH {term_n3(staged[name])} TO GRAPH {term_n3(name)}"
                    if plain or blank
                    else f"DROP SILENT GRAPH {term_n3(name)}",
                )
            ]
            moves += [
                op
                for name, (plain, blank) in plan.items()
                if plain or blank
                for op in self._merge(name)
            ]
        except BaseException:
            with suppress(HjemmelError):
                self._update(
                    " ;\n".join(f"DROP SILENT GRAPH {term_n3(tmp)}" for tmp in staged.values())
                )
            raise
        final_timeout = self._final_timeout(total)
        try:
            self._send(" ;\n".join(moves), update=True, timeout=final_timeout)
        except StoreUnavailableError as e:
            if not isinstance(e.__cause__, TimeoutError | OSError):
                raise
            # The server may still commit a request the client stopped waiting for: the
            # staging graphs are left for the next load to remove, and nobody is told that
            # nothing changed.
            raise OutcomeUnknownError(
                f"det siste steget (MOVE av {total} tripler) svarte ikke innen {final_timeout:.0f} "
                f"s; tjeneren kan ennå fullføre det, så lageret har enten alt det gamle eller "
                f"alt det nye innholdet / the final step did not answer; the server may still "
                f"complete it, so the store holds either all old or all new content: {e.message}"
            ) from e
        except BaseException:
            with suppress(HjemmelError):
                self._update(
                    " ;\n".join(f"DROP SILENT GRAPH {term_n3(tmp)}" for tmp in staged.values())
                )
            raise

    def _final_timeout(self, triples: int) -> float:
        """Seconds allowed for the final ``MOVE`` request of a staged load: the configured
        timeout, or more for big loads, as a server copies the triples (Oxigraph 0.5 moved
        about 5,000 triples a second on two busy cores, and the merge in ``merge`` mode writes
        them once more; this allows 1,000). A client that
        gave up waiting could not tell whether the server went on to commit the move."""
        return max(self.timeout, triples / 1_000)

    def remove_stale_staging(self) -> list[URIRef]:
        """Drop staging graphs (``urn:hjemmel:staging:…``) left by a killed run; the graphs
        dropped. Two loads into one store must not run at the same time."""
        rows = self.select(
            "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
            f"FILTER (STRSTARTS(STR(?g), '{_STAGING_PREFIX}')) }}"
        )
        stale = [URIRef(row["g"]) for row in rows if isinstance(row.get("g"), URIRef)]
        if stale:
            self._update(" ;\n".join(f"DROP SILENT GRAPH {term_n3(g)}" for g in stale))
        return stale

    def _sized_inserts(
        self, graph: str, plain: list[str], blank: list[str]
    ) -> Iterator[tuple[str, int]]:
        """:meth:`_inserts` with the number of triples each operation adds."""
        for chunk in _chunks(plain, self.batch_triples):
            yield "INSERT DATA { GRAPH " + graph + " {\n" + "\n".join(chunk) + "\n} }", len(chunk)
        if blank:
            yield (
                "INSERT { GRAPH " + graph + " {\n" + "\n".join(blank) + "\n} } WHERE {}",
                len(blank),
            )

    def _inserts(self, graph: str, plain: list[str], blank: list[str]) -> Iterator[str]:
        """Operations adding the lines to ``graph``: ``INSERT DATA`` batches, and one
        ``INSERT … WHERE {}`` for the triples with blank nodes, which some servers (Virtuoso)
        refuse in ``INSERT DATA``."""
        for chunk in _chunks(plain, self.batch_triples):
            yield "INSERT DATA { GRAPH " + graph + " {\n" + "\n".join(chunk) + "\n} }"
        if blank:
            yield "INSERT { GRAPH " + graph + " {\n" + "\n".join(blank) + "\n} } WHERE {}"

    def _put_graph(self, graph: URIRef, nt: bytes | str) -> None:
        """Replace one graph by a Graph Store Protocol PUT."""
        assert self.graph_store_url is not None
        body = nt.encode("utf-8") if isinstance(nt, str) else nt
        separator = "&" if "?" in self.graph_store_url else "?"
        url = f"{self.graph_store_url}{separator}graph={urllib.parse.quote(str(graph), safe='')}"
        request = urllib.request.Request(url, data=body, method="PUT")
        request.add_header("Content-Type", "application/n-triples")
        for header, value in self._headers.items():
            request.add_header(header, value)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                response.read()
        except urllib.error.HTTPError as e:
            if e.code == 400:
                raise ImportFailedError(
                    f"Graph Store-endepunktet avviste dataene / the graph store refused the "
                    f"data: {_server_message(e)}",
                    location=str(graph),
                ) from e
            if e.code == 401:
                raise StoreUnavailableError(
                    f"Graph Store-endepunktet avviste innloggingen (HTTP 401) / the graph store "
                    f"refused the credentials ({self.graph_store_url})"
                ) from e
            raise StoreUnavailableError(
                f"Graph Store-endepunktet svarte HTTP {e.code} / the graph store answered HTTP "
                f"{e.code}: {_server_message(e)}"
            ) from e
        except (urllib.error.URLError, OSError, http.client.HTTPException) as e:
            raise StoreUnavailableError(
                f"Graph Store-endepunktet kan ikke nås / the graph store cannot be reached "
                f"({self.graph_store_url}): {getattr(e, 'reason', e)}"
            ) from e

    def drop_graph(self, graph: URIRef) -> None:
        self._update(" ;\n".join([*self._unmerge(graph), f"DROP SILENT GRAPH {term_n3(graph)}"]))

    # -- reading graphs --------------------------------------------------------------------
    def graph_names(self) -> list[URIRef]:
        rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(
            URIRef(row["g"])
            for row in rows
            if isinstance(row.get("g"), URIRef)
            and not row["g"].startswith(_STAGING_PREFIX)
            and str(row["g"]) not in SYSTEM_GRAPHS
        )

    def triples_in(self, graph: URIRef) -> Graph:
        return self.construct(
            "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": graph}
        )

    def count(self, graph: URIRef | None = None) -> int:
        if graph is None:
            hidden = ", ".join(f"<{g}>" for g in sorted(SYSTEM_GRAPHS))
            rows = self.select(
                "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                f"FILTER (?g NOT IN ({hidden}) && !STRSTARTS(STR(?g), '{_STAGING_PREFIX}')) }}"
            )
        else:
            rows = self.select(
                "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": graph}
            )
        return int(rows[0]["n"]) if rows and "n" in rows[0] else 0
