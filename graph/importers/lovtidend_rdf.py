"""A parsed amending act as the RDF of its named graph ``graf/lovtidend/{refid}``.

ELI where ELI has the term: the amending act ``eli:amends`` each amended act,
``eli:changes`` every target and ``eli:repeals`` what it repeals; each target is
``eli:changed_by`` the amending act; ``eli:date_document``, ``eli:date_publication``,
``eli:first_date_entry_in_force`` and ``eli:date_no_longer_in_force`` carry its dates. The
hjemmel vocabulary holds the rest: each ``hj:Change`` with its kind (``endringstype/…``),
target, the new IRI of a renumbered target, the instruction as printed, the new wording and
title, the in-force rule (``ikraft/…``) and, where the act gives them, the change's own
first and last day in force (``eli:first_date_entry_in_force``,
``eli:date_no_longer_in_force``: a date for the named provision or part, else the act's).
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, XSD

from graph.importers.lovtidend_parse import Change, ParsedAmendingAct
from graph.model.iris import act_iri, lovdata_url
from graph.model.vocab import CHANGE_KIND, ELI, GRAPH, HJ, IN_FORCE

__all__ = ["lovtidend_graph", "to_graph"]


def lovtidend_graph(refid: str) -> URIRef:
    """The named graph that holds one amending act and its changes."""
    act_iri(refid)
    return URIRef(f"{GRAPH}lovtidend/{refid}")


def _date(value: str) -> Literal:
    return Literal(value, datatype=XSD.date)


def _nb(value: str) -> Literal:
    return Literal(value, lang="nb")


def to_graph(parsed: ParsedAmendingAct) -> Graph:
    g = Graph()
    act = URIRef(parsed.act)
    kind = HJ.Act if parsed.refid.startswith("lov/") else HJ.Regulation
    g.add((act, RDF.type, kind))
    g.add((act, RDF.type, HJ.AmendingAct))
    g.add((act, DCTERMS.title, _nb(parsed.title)))
    if parsed.short_title:
        g.add((act, HJ.shortTitle, _nb(parsed.short_title)))
    g.add((act, HJ.legacyId, Literal(parsed.legacy_id)))
    g.add((act, HJ.lovdataRef, Literal(parsed.refid)))
    g.add((act, HJ.lovdataUrl, URIRef(lovdata_url(parsed.refid))))
    g.add((act, HJ.sourceFile, Literal(parsed.source.rsplit("/", 1)[-1])))
    if parsed.eli:
        g.add((act, OWL.sameAs, URIRef(parsed.eli)))
    g.add((act, ELI.date_document, _date(parsed.refid.split("/", 1)[1][:10])))
    if parsed.published:
        g.add((act, ELI.date_publication, _date(parsed.published)))
    for ministry in parsed.ministries:
        g.add((act, HJ.ministry, _nb(ministry)))
    for basis in parsed.based_on:
        g.add((act, HJ.basedOnLaw, URIRef(basis)))
    for refid in parsed.amends:
        g.add((act, ELI.amends, act_iri(refid)))
    force = parsed.in_force
    if force.rule:
        g.add((act, HJ.inForceRule, IN_FORCE[force.rule]))
    for sentence in force.text:
        g.add((act, HJ.inForceText, _nb(sentence)))
    if force.date:
        g.add((act, ELI.first_date_entry_in_force, _date(force.date)))
    if force.until:
        g.add((act, ELI.date_no_longer_in_force, _date(force.until)))
    if force.separately:
        g.add((act, HJ.separateEntryIntoForce, Literal(True)))
    for clause in force.other:
        g.add((act, HJ.finalClause, _nb(clause)))
    for change in parsed.changes:
        _change(g, act, change, force.rule, force.date)
    graph = lovtidend_graph(parsed.refid)
    if parsed.dokid:
        g.add((graph, PROV.wasDerivedFrom, URIRef("https://lovdata.no/dokument/" + parsed.dokid)))
    return g


def _change(g: Graph, act: URIRef, change: Change, rule: str | None, act_date: str | None) -> None:
    own_date = change.in_force is not None and change.in_force != act_date
    node = URIRef(change.iri(str(act)))
    g.add((act, HJ.change, node))
    g.add((node, RDF.type, HJ.Change))
    g.add((node, HJ.changeKind, CHANGE_KIND[change.kind]))
    g.add((node, HJ.instruction, _nb(change.instruction)))
    g.add((node, HJ.documentPart, Literal(change.part)))
    g.add((node, HJ.instructionNumber, Literal(change.number)))
    if rule or own_date:
        g.add((node, HJ.inForceRule, IN_FORCE["dato" if own_date or rule is None else rule]))
    if change.in_force:
        g.add((node, ELI.first_date_entry_in_force, _date(change.in_force)))
    if change.until:
        g.add((node, ELI.date_no_longer_in_force, _date(change.until)))
    if change.amended:
        g.add((node, HJ.amendedAct, act_iri(change.amended)))
    if change.target:
        target = URIRef(change.target)
        g.add((node, HJ.changeTarget, target))
        g.add((act, ELI.changes, target))
        g.add((target, ELI.changed_by, act))
        if change.kind == "opphevet":
            g.add((act, ELI.repeals, target))
    if change.renumbered_to:
        g.add((node, HJ.renumberedTo, URIRef(change.renumbered_to)))
    if change.wording:
        g.add((node, HJ.newWording, _nb(change.wording)))
    if change.title:
        g.add((node, HJ.newTitle, _nb(change.title)))
