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

import tempfile
from collections.abc import Iterable
from datetime import UTC, datetime

import pyoxigraph as ox
from rdflib import Literal

from graph.model.vocab import DCTERMS, ELI_GRAPH, ONTOLOGY_GRAPH, XSD
from graph.questions.named import get_query
from graph.store import RdfFormat, Store
from graph.store.embedded import EmbeddedStore, bulk_load_file, unmerge_and_drop
from graph.store.remote import RemoteStore

__all__ = [
    "eli_of_graphs",
    "refresh_eli",
    "refresh_eli_staged",
    "update_eli_staged",
]


def _now() -> Literal:
    return Literal(datetime.now(UTC).replace(microsecond=0).isoformat(), datatype=XSD.dateTime)


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


def refresh_eli_staged(stage: ox.Store) -> None:
    """:func:`refresh_eli` for a staging copy whose default graph its writer keeps the
    merge (:meth:`EmbeddedStore.staged` with ``merged``): the derived triples go through a
    temporary N-Triples file into ``graf/eli`` and
    the default graph by the bulk loader, instead of one update holding them all."""
    unmerge_and_drop(stage, str(ELI_GRAPH))
    result = stage.query(get_query("eli-entailment").text)
    assert isinstance(result, ox.QueryTriples)
    with tempfile.NamedTemporaryFile(prefix="hjemmel-eli-", suffix=".nt") as f:
        result.serialize(f, ox.RdfFormat.N_TRIPLES)
        del result
        if f.tell() == 0:
            return
        now = Literal(datetime.now(UTC).replace(microsecond=0).isoformat(), datatype=XSD.dateTime)
        f.write(f"<{ELI_GRAPH}> <{DCTERMS.modified}> {now.n3()} .\n".encode())
        f.flush()
        for graph in (ox.NamedNode(str(ELI_GRAPH)), ox.DefaultGraph()):
            bulk_load_file(stage, f.name, ox.RdfFormat.N_TRIPLES, to_graph=graph)


def eli_of_graphs(store: ox.Store, graphs: Iterable[str]) -> set[ox.Triple]:
    """What the entailment query derives from the ontology and the named graphs ``graphs``
    alone (IRIs)."""
    dataset: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = [
        ox.NamedNode(str(ONTOLOGY_GRAPH)),
        *(ox.NamedNode(g) for g in graphs),
    ]
    result = store.query(get_query("eli-entailment").text, default_graph=dataset)
    assert isinstance(result, ox.QueryTriples)
    return set(result)


def update_eli_staged(stage: ox.Store, old: set[ox.Triple], graphs: Iterable[str]) -> None:
    """Bring ``graf/eli`` of a staging copy up to date after the named graphs ``graphs``
    were written, ``old`` being :func:`eli_of_graphs` of their former content: what they
    derive now is added, what they derived before and nothing derives now is removed.

    The same as :func:`refresh_eli_staged` as long as each rule's premises about a resource
    lie in one graph, as in Lovdata's act graphs (a resource's type and ``hj:lovdataRef``
    are in its act's graph); a triple that another graph still derives stays (checked
    against every graph that names its subject). Costs what the graphs hold, not what the
    store holds."""
    eli = ox.NamedNode(str(ELI_GRAPH))
    new = eli_of_graphs(stage, graphs)
    gone = old - new
    if gone:
        still: set[ox.Triple] = set()
        for subject in {t.subject for t in gone}:
            if not isinstance(subject, ox.NamedNode):
                continue
            named = {
                q.graph_name.value
                for pattern in ((subject, None, None, None), (None, None, subject, None))
                for q in stage.quads_for_pattern(*pattern)
                if isinstance(q.graph_name, ox.NamedNode) and q.graph_name != eli
            }
            still |= eli_of_graphs(stage, named)
        gone -= still
    modified = ox.NamedNode(str(DCTERMS.modified))
    gone |= {q.triple for q in stage.quads_for_pattern(eli, modified, None, eli)}
    for t in gone:
        stage.remove(ox.Quad(t.subject, t.predicate, t.object, eli))
        stated = any(
            q.graph_name != eli
            for q in stage.quads_for_pattern(t.subject, t.predicate, t.object, None)
            if isinstance(q.graph_name, ox.NamedNode)
        )
        if not stated:
            stage.remove(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()))
    now = ox.Literal(
        datetime.now(UTC).replace(microsecond=0).isoformat(),
        datatype=ox.NamedNode(str(XSD.dateTime)),
    )
    derived = bool(new) or next(iter(stage.quads_for_pattern(None, None, None, eli)), None)
    added = [*new, ox.Triple(eli, modified, now)] if derived else []
    stage.bulk_extend(
        ox.Quad(t.subject, t.predicate, t.object, g)
        for t in added
        for g in (eli, ox.DefaultGraph())
    )
