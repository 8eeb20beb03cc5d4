"""``hjemmel query``: run a named query and print its rows as a table, JSON or CSV."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from decimal import Decimal
from typing import Any

from rdflib import Literal, URIRef
from rdflib.term import Identifier, Node

from graph.cli._common import snake_case, store_from
from graph.errors import BadInputError, NotFoundError, UsageError
from graph.model.iris import legal_ref
from graph.model.strength import strength_label
from graph.model.vocab import BASE, HJ, STRENGTH
from graph.questions.lookup import resolve_legal, types_of
from graph.questions.named import NamedQuery, get_query, list_queries, run_query
from graph.store import Row, Store

__all__ = ["format_rows", "parse_params", "register", "run"]

_MAX_CELL = 60


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "query",
        help="kjør en navngitt spørring / run a named query",
        description="Kjør en navngitt spørring fra queries/. Uten navn: list spørringene.",
    )
    p.add_argument("name", nargs="?", help="spørringens navn, f.eks. legal-basis")
    p.add_argument(
        "--param",
        "-p",
        action="append",
        default=[],
        metavar="NAVN=VERDI",
        help="parameter; IRI-er kan gis som id (anbefaling/…, malgruppe/…, styrke/skal) "
        "eller Lovdata-referanse (lov/2011-06-24-30/§12-5)",
    )
    p.add_argument(
        "--format",
        "-f",
        choices=("table", "text", "json", "csv"),
        default="table",
        help="table (= text), json (API-ets feltnavn / the API's field names) eller csv",
    )
    p.set_defaults(func=run)


_RESOURCE_PATHS = ("anbefaling/", "produkt/", "aktor/", "malgruppe/", "styrke/", "kilde/")


def _iri_value(store: Store, value: str) -> URIRef:
    """An IRI parameter from its IRI, its short form or a Lovdata reference, refused as the
    REST API refuses it: not a reference (BadInputError), or unknown (NotFoundError)."""
    if value.lower().startswith(("lov/", "forskrift/", "lov-", "for-", "https://lovdata.no/")):
        return resolve_legal(store, value)
    if value.startswith(("http://", "https://", "urn:")):
        iri = URIRef(value)
    elif value.lstrip("/").startswith(_RESOURCE_PATHS):
        iri = URIRef(BASE + value.lstrip("/"))
    else:
        raise BadInputError(
            "verken IRI, id (anbefaling/…, produkt/…, malgruppe/…, styrke/…) eller "
            f"Lovdata-referanse / neither an IRI, an id nor a Lovdata reference: {value!r}"
        )
    if not types_of(store, iri):
        raise NotFoundError(f"ukjent ressurs / unknown resource: {value}")
    return iri


def parse_params(store: Store, query: NamedQuery, pairs: list[str]) -> dict[str, Identifier | str]:
    """``key=value`` pairs as query parameters; short forms of IRIs are expanded.

    :raises BadInputError: a pair without ``=``.
    """
    kinds = {p.name: p.kind for p in query.params}
    values: dict[str, Identifier | str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise UsageError(f"parameter må være navn=verdi / must be name=value: {pair!r}")
        key = key.strip()
        values[key] = _iri_value(store, value.strip()) if kinds.get(key) == "iri" else value
    return values


def _cell(value: Node | None) -> str:
    if value is None:
        return ""
    text = str(value)
    if isinstance(value, URIRef):
        if text.startswith(str(STRENGTH)):
            return strength_label(text) or text
        if text.startswith(str(HJ)):
            return "hj:" + text[len(str(HJ)) :]
        if text.startswith(BASE):
            ref = legal_ref(text)
            return ref if ref.startswith(("lov/", "forskrift/")) else text[len(BASE) :]
    if text in ("true", "false") and getattr(value, "datatype", None) is not None:
        return "ja" if text == "true" else "nei"
    return " ".join(text.split())


def _json_value(value: Node) -> Any:
    """A cell as JSON: numbers and booleans as such (as the REST API gives them), the rest
    as text (IRIs in full)."""
    if isinstance(value, Literal) and value.datatype is not None:
        python = value.toPython()
        if isinstance(python, bool | int | float):
            return python
        if isinstance(python, Decimal):
            return float(python)
    return str(value)


def format_rows(rows: list[Row], columns: list[str], fmt: str) -> str:
    """Rows as an aligned table (IRIs shortened), JSON (snake_case keys, full IRIs, numbers as
    numbers) or CSV (the query's own column names)."""
    if fmt == "json":
        return json.dumps(
            [{snake_case(c): _json_value(r[c]) for c in columns if c in r} for r in rows],
            ensure_ascii=False,
            indent=2,
        )
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[str(r.get(c, "")) for c in columns] for r in rows])
        return out.getvalue().rstrip("\n")
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    cells = [[c if len(c) <= _MAX_CELL else c[: _MAX_CELL - 1] + "…" for c in row] for row in cells]
    widths = [max([len(c), *(len(row[i]) for row in cells)]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells
    ]
    lines.append(f"({len(rows)} rader)" if len(rows) != 1 else "(1 rad)")
    return "\n".join(lines)


def _list() -> int:
    for q in list_queries():
        params = ", ".join(f"{p.name}{'' if p.required else '?'}" for p in q.params)
        print(f"{q.name:<28} {q.title}")
        if params:
            print(f"{'':<28} parametre: {params}")
    return 0


def run(args: argparse.Namespace) -> int:
    if not args.name:
        return _list()
    query = get_query(args.name)
    with store_from(args, read_only=True) as store:
        values = parse_params(store, query, args.param)
        rows = run_query(store, query.name, **values)
    columns = [c for c in query.columns if any(c in r for r in rows)] or list(query.columns)
    sys.stdout.write(format_rows(rows, columns, args.format) + "\n")
    return 0
