"""The ELI statements the graph's own terms entail, kept in the named graph ``graf/eli``.

The ontology aligns hjemmel with ELI by ``rdfs:subClassOf`` and ``rdfs:subPropertyOf``
(``hj:Provision ⊑ eli:LegalResourceSubdivision``, ``hj:partOf ⊑ eli:is_part_of``, …), and
no store infers from those axioms. :func:`refresh_eli` runs the documented CONSTRUCT
``queries/eli-entailment.rq`` once and replaces ``graf/eli`` by its result, so a client
that knows only ELI finds ``eli:LegalResource``, ``eli:is_part_of``, ``eli:based_on`` …
at no cost per query, plus ``owl:sameAs`` to Lovdata's ELI URI of each numbered act and
``rdfs:seeAlso`` to the lovdata.no page of each act and provision.

The query reads the union of all graphs; none of its rules reads a term it writes, so the
result is the same whatever ``graf/eli`` held before, and refreshing twice changes nothing
but one triple: ``graf/eli dcterms:modified`` the time of the refresh, which the VoID
description gives as the dataset's ``dcterms:modified`` (the last load or import).
:func:`graph.importers.bundled.load_bundled` and every importer's ``import_files`` call it
after writing; the Lovdata import into an embedded store refreshes ``graf/eli`` inside its
staging copy instead (:func:`refresh_eli_in_stage`), so the import and its ELI statements
replace the store in the same step.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pyoxigraph as ox
from rdflib import Literal

from graph.model.vocab import DCTERMS, ELI_GRAPH, XSD
from graph.questions.named import get_query
from graph.store import RdfFormat, Store
from graph.store.embedded import EmbeddedStore
from graph.store.remote import RemoteStore

__all__ = ["refresh_eli", "refresh_eli_in_stage"]


def _now() -> Literal:
    return Literal(datetime.now(UTC).replace(microsecond=0).isoformat(), datatype=XSD.dateTime)


def refresh_eli_in_stage(stage: ox.Store) -> int:
    """Replace ``graf/eli`` in a staging copy of an embedded store whose default graph is
    the merge of its named graphs (``then`` of
    :meth:`graph.store.embedded.EmbeddedStore.staged`), adding the new statements to that
    merge too; the old ``graf/eli`` must have been removed before the merge was built. The
    number of triples ``graf/eli`` holds afterwards."""
    eli = ox.NamedNode(str(ELI_GRAPH))
    stage.remove_graph(eli)
    triples = stage.query(get_query("eli-entailment").text)
    assert isinstance(triples, ox.QueryTriples)
    out = io.BytesIO()
    triples.serialize(out, ox.RdfFormat.N_TRIPLES)
    del triples
    if out.getbuffer().nbytes:
        out.write(f"<{ELI_GRAPH}> <{DCTERMS.modified}> {_now().n3()} .\n".encode())
        body = out.getvalue()
        stage.bulk_load(body, format=ox.RdfFormat.N_TRIPLES, to_graph=eli)
        stage.bulk_load(body, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
    return sum(1 for _ in stage.quads_for_pattern(None, None, None, eli))


def refresh_eli(store: Store) -> int:
    """Replace ``graf/eli`` by what the ELI entailment query derives now; the number of
    triples it holds afterwards (0 when the store has no ontology: the graph is then
    dropped)."""
    query = get_query("eli-entailment").text
    now = _now()
    if isinstance(store, EmbeddedStore | RemoteStore):
        # N-Triples straight from the query into the graph, without an rdflib graph between.
        body = store.query_serialized(query, rdf_format=RdfFormat.NTRIPLES).body
        if body.strip():
            body += f"<{ELI_GRAPH}> <{DCTERMS.modified}> {now.n3()} .\n".encode()
        store.replace_graphs_nt({ELI_GRAPH: body})
    else:
        derived = store.construct(query)
        if len(derived):
            derived.add((ELI_GRAPH, DCTERMS.modified, now))
        store.replace_graph(ELI_GRAPH, derived)
    return store.count(ELI_GRAPH)
