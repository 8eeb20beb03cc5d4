"""What the overview pages show, as plain dicts free of rdflib types: the front page's
tables, the list of recommendations, the overlaps with their filters and the handlingsrom
of a target group."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import asdict
from typing import Any

from rdflib import URIRef

from graph.model.iris import id_of, legal_ref
from graph.model.strength import STRENGTH_LABELS, strength_iri, strength_label
from graph.questions.handlingsrom import handlingsrom
from graph.questions.lookup import (
    resolve_legal,
    resolve_product,
    resolve_target,
    text,
)
from graph.questions.named import run_query
from graph.questions.overlaps import Overlap, overlap_count, overlap_page, overlaps
from graph.questions.recommendations import search_recommendations
from graph.questions.tallies import PRODUCT_STRENGTH_SET, TARGET_STRENGTH_SET, stored_tallies
from graph.store import Store
from graph.views.labels import part_words

__all__ = [
    "STRENGTHS",
    "front_page_tables",
    "handlingsrom_view",
    "overlaps_view",
    "recommendation_list_view",
    "target_groups_view",
]

STRENGTHS: tuple[tuple[str, str], ...] = tuple(
    (code, word) for code, word in STRENGTH_LABELS.items()
)
"""(URL code, word) of each strength, in the order skal, bør, kan, uavklart."""

PAGE_SIZE = 50


def _code(word: str | None) -> str:
    """The URL code of a strength word: ``bør`` → ``bor``."""
    for code, label in STRENGTHS:
        if label == word:
            return code
    return ""


def _strength_counts(rows: list[dict[str, Any]]) -> dict[str, Any]:
    total = sum(sum(r["counts"].values()) for r in rows)
    column = Counter[str]()
    for r in rows:
        column.update(r["counts"])
    return {"rows": rows, "column_totals": dict(column), "total": total}


def _strength_tables(
    store: Store,
) -> tuple[defaultdict[str, Counter[str]], defaultdict[str, Counter[str]]]:
    """Recommendations (with a strength) per product × strength and per target group ×
    strength: the tallies kept at load when they are current, else counted afresh."""
    by_product: defaultdict[str, Counter[str]] = defaultdict(Counter)
    by_target: defaultdict[str, Counter[str]] = defaultdict(Counter)
    product_tallies = stored_tallies(store, PRODUCT_STRENGTH_SET)
    target_tallies = stored_tallies(store, TARGET_STRENGTH_SET)
    if product_tallies is not None and target_tallies is not None:
        for tally in product_tallies:
            code = _code(strength_label(tally.strength))
            if tally.product is not None and code:
                by_product[str(tally.product)][code] += tally.count
        for tally in target_tallies:
            code = _code(strength_label(tally.strength))
            if tally.target is not None and code:
                by_target[str(tally.target)][code] += tally.count
        return by_product, by_target
    for row in run_query(store, "recommendations-search"):
        if "product" in row:
            by_product[str(row["product"])][_code(strength_label(row.get("strength")))] += 1
    for row in run_query(store, "target-groups"):
        code = _code(strength_label(row.get("strength")))
        if code:
            by_target[str(row["target"])][code] += int(str(row.get("recommendations", 0)))
    return by_product, by_target


def front_page_tables(store: Store) -> dict[str, Any]:
    """Recommendations per product × strength and per target group × strength, the skal
    recommendations without a legal basis, and the products due for revision."""
    titles = {str(r["product"]): text(r, "title") for r in run_query(store, "products")}
    by_product, by_target = _strength_tables(store)
    products: list[dict[str, Any]] = [
        {"id": id_of(iri), "iri": iri, "title": title or id_of(iri), "counts": by_product[iri]}
        for iri, title in titles.items()
    ]
    products.sort(key=lambda p: (-sum(p["counts"].values()), p["title"].lower()))
    targets: dict[str, dict[str, Any]] = {
        str(r["target"]): {
            "id": id_of(r["target"]),
            "iri": str(r["target"]),
            "title": text(r, "label") or id_of(r["target"]),
            "counts": by_target[str(r["target"])],
        }
        for r in run_query(store, "target-group-labels")
    }
    target_rows = sorted(
        targets.values(), key=lambda t: (-sum(t["counts"].values()), t["title"].lower())
    )
    without_basis = [
        {
            "iri": str(r["recommendation"]),
            "title": text(r, "title") or id_of(r["recommendation"]),
            "product": text(r, "product"),
            "product_title": text(r, "productTitle"),
            "targets": text(r, "targets") or "",
            "cites": int(str(r.get("cites", 0))),
        }
        for r in run_query(store, "skal-without-legal-basis")
    ]
    due = [
        {
            "iri": str(r["product"]),
            "title": text(r, "title") or id_of(r["product"]),
            "last_change": (text(r, "lastProfessionalChange") or "")[:10],
            "age": int(str(r.get("ageYears", 0))),
        }
        for r in run_query(store, "products-due-for-revision")
    ]
    return {
        "strengths": STRENGTHS,
        "by_product": _strength_counts(products),
        "by_target": _strength_counts(target_rows),
        "without_basis": without_basis,
        "due_for_revision": due,
    }


def _options(rows: dict[str, str]) -> list[dict[str, str]]:
    return [
        {"value": value, "label": label}
        for value, label in sorted(rows.items(), key=lambda kv: kv[1].lower())
    ]


def recommendation_list_view(
    store: Store,
    product: str = "",
    strength: str = "",
    target: str = "",
    without_legal_basis: bool = False,
    q: str = "",
    page: int = 1,
) -> dict[str, Any]:
    """One page of recommendations matching the filters, and what the filters may be.

    :raises NotFoundError: an unknown product or target group.
    :raises BadInputError: an unknown strength or a page below 1.
    """
    product_iri = resolve_product(store, product) if product else None
    target_iri = resolve_target(store, target) if target else None
    strength_node = strength_iri(strength) if strength else None
    page = max(page, 1)
    found = search_recommendations(
        store,
        q=q or None,
        strength=strength_node,
        target=target_iri,
        product=product_iri,
        without_legal_basis=without_legal_basis,
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
    )
    products = {
        id_of(r["product"]): text(r, "title") or "" for r in run_query(store, "products-page")
    }
    targets = {
        id_of(r["target"]): text(r, "label") or "" for r in run_query(store, "target-group-labels")
    }
    return {
        "total": found.total,
        "recommendations": [asdict(item) for item in found.items],
        "page": page,
        "pages": max(1, -(-found.total // PAGE_SIZE)),
        "filters": {
            "produkt": id_of(product_iri) if product_iri else "",
            "styrke": strength_node.rsplit("/", 1)[-1] if strength_node else "",
            "malgruppe": id_of(target_iri) if target_iri else "",
            "uten_hjemmel": without_legal_basis,
            "q": q,
        },
        "filter_labels": {
            "produkt": products.get(id_of(product_iri), "") if product_iri else "",
            "malgruppe": targets.get(id_of(target_iri), "") if target_iri else "",
        },
        "options": {
            "produkt": _options(products),
            "malgruppe": _options(targets),
            "styrke": [{"value": c, "label": w} for c, w in STRENGTHS],
        },
    }


def _kind(pair: Overlap) -> str:
    """``conflict`` (skal against bør or kan), ``different`` (other differing strengths) or
    ``same``."""
    strengths = {pair.a.strength, pair.b.strength}
    if "skal" in strengths and strengths & {"bør", "kan"}:
        return "conflict"
    return "different" if pair.conflict else "same"


def _provision_name(store: Store, iri: str, cache: dict[str, str]) -> str:
    """How a jurist cites a provision: «pasientjournalforskriften § 6»; the Lovdata
    reference when the act has no short title."""
    if iri not in cache:
        rows = run_query(store, "provision", provision=URIRef(iri))
        short = text(rows[0], "actShortTitle") if rows else None
        number = text(rows[0], "number") if rows else None
        cache[iri] = f"{short} § {number}" if short and number else legal_ref(iri)
    return cache[iri]


def _pair(store: Store, pair: Overlap, names: dict[str, str]) -> dict[str, Any]:
    reasons = [asdict(r) for r in pair.reasons]
    for reason in reasons:
        reason["ref"] = legal_ref(reason["shared"]) if reason["reason"] == "provision" else ""
        if reason["reason"] == "provision":
            reason["shared_label"] = _provision_name(store, reason["shared"], names)
    return {"a": asdict(pair.a), "b": asdict(pair.b), "kind": _kind(pair), "reasons": reasons}


def _provision_options(store: Store, pairs: list[Overlap], names: dict[str, str]) -> dict[str, str]:
    """The provisions overlaps share and, below each, the ledd and points guidance gives
    as its basis, labelled as cited («Pasientjournalforskriften § 6 første ledd bokstav g»),
    each after its provision once sorted."""
    options: dict[str, str] = {}
    for pair in pairs:
        for reason in pair.reasons:
            if reason.reason != "provision" or legal_ref(reason.shared) in options:
                continue
            name = _provision_name(store, reason.shared, names)
            options[legal_ref(reason.shared)] = name
            if "/ledd/" in reason.shared:
                continue
            for row in run_query(store, "guidance-parts", provision=URIRef(reason.shared)):
                part = str(row["part"])
                words = part_words(part)
                if words:
                    options.setdefault(legal_ref(part), f"{name} {words}")
    return options


def overlaps_view(
    store: Store, product: str = "", provision: str = "", target: str = "", page: int = 1
) -> dict[str, Any]:
    """One page of the overlapping pairs that match the filters, each marked conflict,
    different or same strength, and the choices of each filter (the products, the
    provisions the pairs on the page share, the target groups). Unfiltered, the page is cut
    in the query; a filtered list starts from the provision, target group or product.

    :raises NotFoundError: an unknown product, provision or target group.
    :raises BadInputError: a provision that is no Lovdata reference.
    """
    product_iri = resolve_product(store, product) if product else None
    provision_iri = resolve_legal(store, provision) if provision else None
    target_iri = resolve_target(store, target) if target else None
    filtered = bool(product_iri or provision_iri or target_iri)
    page = max(page, 1)
    start = (page - 1) * PAGE_SIZE
    everything_count = overlap_count(store)
    if filtered:
        found = overlaps(store, product=product_iri, provision=provision_iri, target=target_iri)
        total, pairs = len(found), found[start : start + PAGE_SIZE]
    else:
        pairs, total = overlap_page(store, PAGE_SIZE, start), everything_count
    names: dict[str, str] = {}
    provisions = _provision_options(store, pairs, names)
    if provision_iri is not None:
        provisions.setdefault(legal_ref(provision_iri), legal_ref(provision_iri))
    products = {id_of(r["product"]): text(r, "title") or "" for r in run_query(store, "products")}
    targets = {
        id_of(r["target"]): text(r, "label") or "" for r in run_query(store, "target-groups")
    }
    shown = [_pair(store, p, names) for p in pairs]
    shown.sort(key=lambda p: (p["kind"] != "conflict", p["kind"] != "different"))
    return {
        "pairs": shown,
        "total": total,
        "page": page,
        "pages": max(1, -(-total // PAGE_SIZE)),
        "conflicts": sum(p["kind"] == "conflict" for p in shown),
        "total_unfiltered": everything_count,
        "filters": {
            "produkt": id_of(product_iri) if product_iri else "",
            "bestemmelse": legal_ref(provision_iri) if provision_iri else "",
            "malgruppe": id_of(target_iri) if target_iri else "",
        },
        "options": {
            "produkt": _options(products),
            "bestemmelse": _options(provisions),
            "malgruppe": _options(targets),
        },
    }


def target_groups_view(store: Store) -> list[dict[str, Any]]:
    """Every target group with its number of recommendations by strength."""
    groups: dict[str, dict[str, Any]] = {}
    for row in run_query(store, "target-groups"):
        iri = str(row["target"])
        entry = groups.setdefault(
            iri,
            {"id": id_of(iri), "iri": iri, "title": text(row, "label") or id_of(iri), "counts": {}},
        )
        code = _code(strength_label(row.get("strength")))
        if code:
            entry["counts"][code] = int(str(row.get("recommendations", 0)))
    return sorted(groups.values(), key=lambda g: (-sum(g["counts"].values()), g["title"].lower()))


def handlingsrom_view(store: Store, target: str) -> dict[str, Any]:
    """The binding minimum (skal resting on law, by provision), skal without a legal basis
    and the advice (bør, kan) for one target group.

    :raises NotFoundError: no such target group.
    """
    found = handlingsrom(store, URIRef(resolve_target(store, target)))
    return asdict(found)
