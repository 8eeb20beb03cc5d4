"""A SPARQL query's answer as the SPARQL page shows it: a table of rows for SELECT, yes or
no for ASK, Turtle for CONSTRUCT and DESCRIBE; and the example queries the page offers."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from graph.errors import UpdateForbiddenError
from graph.model.iris import iri_to_ref
from graph.model.vocab import BASE, curie
from graph.store import RdfFormat, ResultsFormat, SerializedResult, Store
from graph.store.forms import request_form
from graph.store.guard import QueryLimits

__all__ = [
    "EXAMPLES",
    "LISTINGS",
    "MAX_ROWS",
    "Example",
    "example",
    "query_table",
    "refuse_update",
    "table_of",
]

MAX_ROWS = 1000
"""Rows shown in the page; the rest are counted, not shown."""

MAX_TEXT = 200_000
"""Characters of Turtle shown for CONSTRUCT and DESCRIBE."""

_PREFIXES = """PREFIX hj: <https://w3id.org/hjemmel/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX styrke: <https://w3id.org/hjemmel/styrke/>
"""


@dataclass(frozen=True)
class Example:
    id: str
    title: str
    query: str


EXAMPLES: tuple[Example, ...] = (
    Example(
        "per-produkt-og-styrke",
        "Anbefalinger per produkt og styrke",
        _PREFIXES
        + """SELECT ?produkt ?tittel ?styrke (COUNT(DISTINCT ?anbefaling) AS ?antall) WHERE {
  ?anbefaling a hj:Recommendation ;
              hj:product ?produkt ;
              hj:strength ?styrke .
  OPTIONAL { ?produkt dcterms:title ?tittel }
}
GROUP BY ?produkt ?tittel ?styrke
ORDER BY ?tittel ?styrke""",
    ),
    Example(
        "hjemmel-for-anbefalinger",
        "Anbefalinger med hjemmel, og bestemmelsen de hviler på",
        _PREFIXES
        + """SELECT ?anbefaling ?tittel ?styrke ?hjemmel ?lovdataRef WHERE {
  ?anbefaling a hj:Recommendation ;
              hj:strength ?styrke ;
              hj:legalBasis ?hjemmel .
  OPTIONAL { ?anbefaling dcterms:title ?tittel }
  OPTIONAL { ?hjemmel hj:lovdataRef ?lovdataRef }
}
ORDER BY ?styrke ?tittel""",
    ),
    Example(
        "skal-uten-hjemmel",
        "«Skal»-anbefalinger uten hjemmel i lov eller forskrift",
        _PREFIXES
        + """SELECT ?anbefaling ?tittel ?produkt WHERE {
  ?anbefaling a hj:Recommendation ;
              hj:strength styrke:skal .
  FILTER NOT EXISTS { ?anbefaling hj:legalBasis ?hjemmel }
  OPTIONAL { ?anbefaling dcterms:title ?tittel }
  OPTIONAL { ?anbefaling hj:product ?produkt }
}
ORDER BY ?tittel""",
    ),
    Example(
        "hviler-pa-pasientjournalforskriften-6",
        "Hva hviler på pasientjournalforskriften § 6 (også ledd og bokstaver)?",
        _PREFIXES
        + """SELECT DISTINCT ?ressurs ?tittel ?styrke ?hjemmel WHERE {
  VALUES ?paragraf { <https://w3id.org/hjemmel/forskrift/2019-03-01-168/paragraf/6> }
  ?hjemmel hj:partOf* ?paragraf .
  ?ressurs hj:legalBasis ?hjemmel .
  OPTIONAL { ?ressurs dcterms:title ?tittel }
  OPTIONAL { ?ressurs hj:strength ?styrke }
}
ORDER BY ?ressurs""",
    ),
    Example(
        "malgrupper",
        "Målgrupper og antall anbefalinger",
        _PREFIXES
        + """SELECT ?malgruppe ?navn (COUNT(DISTINCT ?anbefaling) AS ?anbefalinger) WHERE {
  ?malgruppe a hj:TargetGroup ;
             skos:prefLabel ?navn .
  OPTIONAL { ?anbefaling a hj:Recommendation ; hj:targetGroup ?malgruppe }
}
GROUP BY ?malgruppe ?navn
ORDER BY DESC(?anbefalinger) ?navn""",
    ),
)

LISTINGS: tuple[Example, ...] = (
    Example(
        "lover",
        "Lovene i grafen",
        _PREFIXES
        + """SELECT ?lov ?korttittel ?tittel ?lovdataRef WHERE {
  ?lov a hj:Act .
  OPTIONAL { ?lov hj:shortTitle ?korttittel }
  OPTIONAL { ?lov dcterms:title ?tittel }
  OPTIONAL { ?lov hj:lovdataRef ?lovdataRef }
}
ORDER BY ?lovdataRef
LIMIT 500""",
    ),
    Example(
        "forskrifter",
        "Forskriftene i grafen",
        _PREFIXES
        + """SELECT ?forskrift ?korttittel ?tittel ?hjemmelslov WHERE {
  ?forskrift a hj:Regulation .
  OPTIONAL { ?forskrift hj:shortTitle ?korttittel }
  OPTIONAL { ?forskrift dcterms:title ?tittel }
  OPTIONAL { ?forskrift hj:basedOnLaw ?hjemmelslov }
}
ORDER BY ?forskrift
LIMIT 500""",
    ),
    Example(
        "paragrafer",
        "Paragrafer (de første 500)",
        _PREFIXES
        + """SELECT ?paragraf ?lovdataRef ?tittel WHERE {
  ?paragraf a hj:Provision .
  OPTIONAL { ?paragraf hj:lovdataRef ?lovdataRef }
  OPTIONAL { ?paragraf dcterms:title ?tittel }
}
LIMIT 500""",
    ),
    Example(
        "aktorer",
        "Aktørene i grafen",
        _PREFIXES
        + """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?aktor ?navn ?type WHERE {
  ?aktor a ?type .
  ?type rdfs:subClassOf* hj:Actor .
  OPTIONAL { ?aktor skos:prefLabel ?navn }
}
ORDER BY ?navn
LIMIT 500""",
    ),
    Example(
        "grafer",
        "Navngitte grafer og antall tripler",
        """SELECT ?graf (COUNT(*) AS ?tripler) WHERE {
  GRAPH ?graf { ?s ?p ?o }
}
GROUP BY ?graf
ORDER BY ?graf""",
    ),
)
"""The lists behind the front page's counts."""


def example(example_id: str) -> Example | None:
    """An example or a listing by its id."""
    return next((e for e in (*EXAMPLES, *LISTINGS) if e.id == example_id), None)


def _cell(term: dict[str, str] | None) -> dict[str, Any]:
    if term is None:
        return {"kind": "unbound", "value": "", "label": ""}
    kind = term.get("type", "literal")
    value = term.get("value", "")
    if kind == "uri":
        label = iri_to_ref(value) if value.startswith(BASE) else curie(value)
        return {"kind": "iri", "value": value, "label": label}
    if kind == "bnode":
        return {"kind": "blank", "value": value, "label": "_:" + value}
    datatype = term.get("datatype", "")
    return {
        "kind": "literal",
        "value": value,
        "label": value,
        "lang": term.get("xml:lang", ""),
        "datatype": curie(datatype) if datatype else "",
    }


def refuse_update(query: str) -> None:
    """:raises UpdateForbiddenError: the text is an update."""
    if request_form(query) == "update":
        raise UpdateForbiddenError(
            "bare spørringer er tillatt her; oppdateringer avvises / updates are not allowed"
        )


def table_of(result: SerializedResult, max_rows: int = MAX_ROWS) -> dict[str, Any]:
    """A serialised answer (SPARQL JSON results, or Turtle for a graph) shaped for the page:
    ``kind`` select (``columns``, ``rows`` of cells, ``total``), ask (``boolean``) or graph
    (``text``, Turtle)."""
    if result.kind == "graph":
        body = result.body.decode("utf-8", errors="replace")
        return {
            "kind": "graph",
            "text": body[:MAX_TEXT],
            "truncated": len(body) > MAX_TEXT,
        }
    data = json.loads(result.body)
    if "boolean" in data:
        return {"kind": "ask", "boolean": bool(data["boolean"])}
    columns: list[str] = list(data.get("head", {}).get("vars", []))
    bindings: list[dict[str, dict[str, str]]] = data.get("results", {}).get("bindings", [])
    rows = [[_cell(b.get(c)) for c in columns] for b in bindings[:max_rows]]
    return {"kind": "select", "columns": columns, "rows": rows, "total": len(bindings)}


def query_table(
    store: Store, query: str, max_rows: int = MAX_ROWS, limits: QueryLimits | None = None
) -> dict[str, Any]:
    """Run a read query and shape its answer for a page (:func:`table_of`).

    :raises UpdateForbiddenError: the text is an update.
    :raises QueryError: the query does not parse.
    """
    refuse_update(query)
    result = store.query_serialized(query, ResultsFormat.JSON, RdfFormat.TURTLE, limits=limits)
    return table_of(result, max_rows)
