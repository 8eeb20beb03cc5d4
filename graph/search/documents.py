"""What the search index holds: one document per recommendation, product, act, provision,
actor and target group, read from the store with the named query ``search-documents``."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from rdflib import URIRef

from graph.model.iris import id_of, legal_ref
from graph.questions.named import get_query, run_query
from graph.store import Store
from graph.store.embedded import EmbeddedStore

__all__ = ["KINDS", "Document", "read_act_documents", "read_documents"]

KINDS: dict[str, str] = {
    "recommendation": "Anbefalinger",
    "product": "Produkter",
    "provision": "Bestemmelser",
    "act": "Lover og forskrifter",
    "actor": "Aktører",
    "target": "Målgrupper",
}
"""The kinds of document, in the order their groups are shown, with their Norwegian labels."""

_LEGAL = {"act", "provision"}
_ACT_REF = re.compile(r"^((?:lov|forskrift)/[^/]+)")


@dataclass(frozen=True)
class Document:
    """One searchable resource. ``alt`` holds short titles and other names; ``text`` the
    body that snippets are cut from."""

    kind: str
    iri: str
    id: str
    title: str
    alt: str
    text: str


def _pick(values: list[tuple[str, str]]) -> str | None:
    """The Norwegian (or untagged) value when there is one, else the first."""
    for value, lang in values:
        if lang in ("nb", "no", "nn", ""):
            return value
    return values[0][0] if values else None


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _act_name(roles: dict[str, list[tuple[str, str]]]) -> str | None:
    """What a provision's act is called in its title: the act's label (its usual short
    name), else its short title without the abbreviation, else its title."""
    label = _pick(roles.get("label", []))
    if label:
        return label
    short = _pick(roles.get("short", []))
    if short:
        return short.split(" – ")[0]
    return _pick(roles.get("title", []))


def _rows(store: Store) -> Iterator[tuple[str, str, str, str, str]]:
    """(kind, resource, role, value, lang) of each row of ``search-documents``; on the
    embedded store as plain strings, without RDF terms between (a national store answers
    with millions of rows)."""
    if isinstance(store, EmbeddedStore):
        for kind, resource, role, value, lang in store.select_values(
            get_query("search-documents").text
        ):
            yield str(kind), str(resource), str(role), str(value), lang or ""
        return
    for row in run_query(store, "search-documents"):
        yield (
            str(row["kind"]),
            str(row["resource"]),
            str(row["role"]),
            str(row["value"]),
            str(row.get("lang", "")),
        )


def read_documents(store: Store) -> list[Document]:
    """Every document of the index, from one query over the store."""
    return _documents(_rows(store))


def read_act_documents(store: Store, act: str) -> list[Document]:
    """The documents of one act (an IRI) and its provisions, as :func:`read_documents`
    gives them."""
    rows = run_query(store, "search-documents-of-act", act=URIRef(act))
    return _documents(
        (
            str(row["kind"]),
            str(row["resource"]),
            str(row["role"]),
            str(row["value"]),
            str(row.get("lang", "")),
        )
        for row in rows
    )


def _documents(rows: Iterable[tuple[str, str, str, str, str]]) -> list[Document]:
    resources: dict[tuple[str, str], dict[str, list[tuple[str, str]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for kind, resource, role, value, lang in rows:
        pair = (value, lang)
        seen = resources[(kind, resource)][role]
        if pair not in seen:
            seen.append(pair)

    acts: dict[str, dict[str, list[tuple[str, str]]]] = {}
    for (kind, _iri), act_roles in resources.items():
        if kind == "act":
            for ref, _ in act_roles.get("ref", []):
                acts[ref] = act_roles

    documents: list[Document] = []
    for (kind, iri), roles in resources.items():
        values = {role: [v for v, _ in found] for role, found in roles.items()}
        title = _pick(roles.get("title", [])) or _pick(roles.get("label", []))
        alt = _unique(values.get("short", []) + values.get("alt", []) + values.get("label", []))
        if kind == "provision":
            ref = (values.get("ref") or [legal_ref(iri)])[0]
            m = _ACT_REF.match(ref)
            act = acts.get(m.group(1)) if m else None
            act_name = _act_name(act) if act else None
            number = (values.get("number") or [ref.rpartition("§")[2]])[0]
            head = f"{act_name} § {number}" if act_name else ref
            title = f"{head} {title}" if title else head
            if act:
                alt = _unique(
                    alt
                    + [v for v, _ in act.get("short", [])]
                    + [v for v, _ in act.get("label", [])]
                    + [v for v, _ in act.get("alt", [])]
                )
        ident = legal_ref(iri) if kind in _LEGAL else id_of(iri)
        text = "\n".join(_unique(values.get("text", [])))
        documents.append(
            Document(
                kind=kind,
                iri=iri,
                id=ident,
                title=title or (alt[0] if alt else ident),
                alt=" · ".join(a for a in alt if a != title),
                text=text,
            )
        )
    return documents
