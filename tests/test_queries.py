"""The named queries: headers, and the rows each returns on the synthetic test graph, on the
embedded store (parameters substituted) and on a real Oxigraph server (parameters injected
as VALUES), with optional parameters bound and unbound."""

from __future__ import annotations

import pytest
from mini_graph import rows, short
from rdflib import URIRef

from graph.model.strength import strength_iri
from graph.model.vocab import BASE
from graph.questions.named import get_query, list_queries, run_query
from graph.questions.overlaps import overlaps, recommendation_overlaps
from graph.questions.trace import legal_chain, trace
from graph.store import Store

OWNED = {
    "legal-basis",
    "legal-chain",
    "legal-node",
    "dependents",
    "skal-without-legal-basis",
    "requirements-for-target",
    "products-sharing-provision",
    "counts",
    "products-due-for-revision",
    "product-actors",
    "overlaps",
    "overlaps-count",
    "overlap-facts",
    "overlap-resting-on",
    "overlap-same-target-topic",
    "overlap-product-recommendations",
    "overlap-target-recommendations",
    "recommendations-search",
    "provision",
    "provision-parts",
    "act",
    "act-chapters",
    "act-guidance",
    "guidance-parts",
    "void-graph-sizes",
    "void-statistics",
    "product",
    "products",
    "recommendation",
    "objections",
    "stats",
    "target-groups",
    "point-in-provision",
    "resource",
}

L = "lov/1900-01-01-1"
F = "forskrift/1900-01-02-2"
A1, A2, A3 = "anbefaling/test-a1", "anbefaling/test-a2", "anbefaling/test-a3"
B1, B2, C1 = "anbefaling/test-b1", "anbefaling/test-b2", "anbefaling/test-c1"
PA, PB, PC = "produkt/testveileder-a", "produkt/testretningslinje-b", "produkt/testrad-c"


@pytest.fixture(scope="module")
def mini(mini_store: Store) -> Store:
    return mini_store


def test_every_owned_query_exists_with_a_full_header() -> None:
    names = {q.name for q in list_queries()}
    assert names >= OWNED
    for name in OWNED:
        q = get_query(name)
        assert " / " in q.title, name
        assert "(nb)" in q.description and "(en)" in q.description, name
        assert q.columns, name
        for param in q.params:
            assert f"?{param.name}" in q.text, (name, param.name)


def test_legal_basis_and_the_publishers_mandate(mini: Store) -> None:
    got = rows(mini, "legal-basis", "relation", "basis", "publisher", recommendation=A1)
    assert got == [
        ("empowerment", f"{L}/paragraf/1-2", "aktor/testdirektoratet"),
        ("legalBasis", f"{F}/paragraf/6/ledd/1/bokstav/g", ""),
    ]


def test_legal_node_gives_one_level_up(mini: Store) -> None:
    point = f"{F}/paragraf/6/ledd/1/bokstav/g"
    assert rows(mini, "legal-node", "parent", "number", resource=point) == [
        (f"{F}/paragraf/6/ledd/1", "g")
    ]
    assert rows(mini, "legal-node", "parent", "lovdataRef", resource=f"{F}/paragraf/6") == [
        (F, f"{F}/§6")
    ]
    assert rows(mini, "legal-node", "parent", "actBasedOn", resource=F) == [
        ("", f"{L}/paragraf/1-2")
    ]


def test_trace_walks_up_to_the_act(mini: Store) -> None:
    t = trace(mini, URIRef(BASE + A1))
    [basis] = t.legal_basis
    assert [short(link.iri) for link in basis.chain] == [
        F,
        f"{F}/paragraf/6",
        f"{F}/paragraf/6/ledd/1",
        f"{F}/paragraf/6/ledd/1/bokstav/g",
    ]
    assert basis.act_based_on == [f"{L}/§1-2"]
    [mandate] = t.empowerment
    assert [link.level for link in mandate.chain] == ["act", "chapter", "provision"]
    assert mandate.act_based_on == []


def test_legal_basis_of_a_product_is_reported_separately(mini: Store) -> None:
    got = rows(mini, "legal-basis", "relation", "basis", recommendation=B1)
    assert got == [
        ("empowerment", f"{L}/paragraf/1-2"),
        ("legalBasis", f"{F}/paragraf/6"),
        ("productLegalBasis", f"{L}/paragraf/1-1"),
    ]


def test_legal_chain_orders_levels_from_the_act(mini: Store) -> None:
    got = rows(mini, "legal-chain", "depth", "node", resource=f"{F}/paragraf/6/ledd/1/bokstav/g")
    assert got == [
        ("0", F),
        ("1", f"{F}/paragraf/6"),
        ("2", f"{F}/paragraf/6/ledd/1"),
        ("3", f"{F}/paragraf/6/ledd/1/bokstav/g"),
    ]


def test_legal_chain_walk_matches_the_named_query(mini: Store) -> None:
    for resource in (f"{F}/paragraf/6/ledd/1/bokstav/g", f"{L}/paragraf/1-2", L):
        walked = [
            (link.iri, link.number, link.title, link.ref)
            for link in legal_chain(mini, URIRef(BASE + resource))
        ]
        queried = [
            (
                str(r["node"]),
                *(str(r[c]) if c in r else None for c in ("number", "title")),
                str(r["lovdataRef"]) if "lovdataRef" in r else None,
            )
            for r in run_query(mini, "legal-chain", resource=URIRef(BASE + resource))
        ]
        assert [w[:3] for w in walked] == [q[:3] for q in queried], resource
        assert all(q[3] in (None, w[3]) for w, q in zip(walked, queried, strict=True))


def test_dependents_reach_through_ledd_and_points(mini: Store) -> None:
    got = rows(
        mini, "dependents", "kind", "relation", "dependent", "via", provision=f"{F}/paragraf/6"
    )
    assert got == [
        ("product", "cites", PB, f"{F}/paragraf/6"),
        ("recommendation", "legalBasis", A1, f"{F}/paragraf/6/ledd/1/bokstav/g"),
        ("recommendation", "legalBasis", B1, f"{F}/paragraf/6"),
    ]
    got = rows(mini, "dependents", "kind", "dependent", provision=f"{L}/paragraf/2-1")
    assert got == [("recommendation", A3), ("recommendation", C1)]


def test_dependents_of_an_empowering_provision(mini: Store) -> None:
    got = rows(mini, "dependents", "kind", "dependent", provision=f"{L}/paragraf/1-2")
    assert got == [("actor", "aktor/testdirektoratet"), ("regulation", F)]


def test_skal_without_legal_basis(mini: Store) -> None:
    assert rows(mini, "skal-without-legal-basis", "recommendation", "targets") == [
        (A2, "Testledere")
    ]
    assert rows(mini, "skal-without-legal-basis", "recommendation", product=PB) == []
    assert rows(mini, "skal-without-legal-basis", "recommendation", product=PA) == [(A2,)]


def test_requirements_for_target_classifies_binding_and_advice(mini: Store) -> None:
    got = rows(
        mini,
        "requirements-for-target",
        "kind",
        "recommendation",
        "provision",
        target="malgruppe/testledere",
    )
    assert got == [
        ("advisory", B1, f"{F}/paragraf/6"),
        ("binding", A1, f"{F}/paragraf/6"),
        ("lacks_basis", A2, ""),
    ]
    got = rows(
        mini, "requirements-for-target", "kind", "recommendation", target="malgruppe/testpersonell"
    )
    assert got == [("advisory", A3), ("advisory", B2), ("binding", C1)]


def test_products_sharing_provision(mini: Store) -> None:
    got = rows(mini, "products-sharing-provision", "provision", "product", "productCount")
    assert got == sorted(
        [
            (f"{F}/paragraf/6", PA, "2"),
            (f"{F}/paragraf/6", PB, "2"),
            (f"{L}/paragraf/2-1", PA, "2"),
            (f"{L}/paragraf/2-1", PC, "2"),
        ]
    )
    got = rows(mini, "products-sharing-provision", "product", provision=f"{L}/paragraf/2-1")
    assert got == sorted([(PA,), (PC,)])
    assert rows(mini, "products-sharing-provision", "product", provision=f"{L}/paragraf/1-1") == []


def test_counts_by_product_strength_and_target(mini: Store) -> None:
    got = rows(mini, "counts", "product", "strength", "target", "recommendations")
    assert got == sorted(
        [
            (PB, "styrke/bor", "malgruppe/testledere", "1"),
            (PB, "styrke/kan", "malgruppe/testpersonell", "1"),
            (PC, "styrke/skal", "malgruppe/testpersonell", "1"),
            (PA, "styrke/bor", "malgruppe/testpersonell", "1"),
            (PA, "styrke/skal", "malgruppe/testledere", "2"),
        ]
    )
    assert rows(mini, "counts", "strength", "recommendations", product=PC) == [("styrke/skal", "1")]


def test_products_due_for_revision_counts_from_a_given_date(mini: Store) -> None:
    got = rows(
        mini, "products-due-for-revision", "product", "ageYears", years="3", today="1907-01-01"
    )
    assert got == [(PA, "4")]
    got = rows(mini, "products-due-for-revision", "product", years="1", today="1907-01-01")
    assert got == sorted([(PA,), (PB,)])
    # the default is four years back from the current date: both test products are due
    assert rows(mini, "products-due-for-revision", "product") == sorted([(PA,), (PB,)])


def test_product_actors_with_roles(mini: Store) -> None:
    got = rows(mini, "product-actors", "role", "actorName", "empoweredBy", product=PA)
    assert got == [
        ("commissionedBy", "Testdepartementet", ""),
        ("consultedBody", "Testforbundet", ""),
        ("publisher", "Testdirektoratet", f"{L}/paragraf/1-2"),
        ("referenceGroup", "Testrådet", ""),
    ]


def _overlap_rows(store: Store, *columns: str, **params: str) -> list[tuple[str, ...]]:
    """The overlaps as rows of the old single query's columns: one per pair and reason."""
    bound = {k: URIRef(BASE + v) for k, v in params.items()}
    found = []
    for pair in overlaps(store, **bound):
        for reason in pair.reasons:
            values = {
                "a": pair.a.iri,
                "aStrength": str(strength_iri(pair.a.strength)) if pair.a.strength else "",
                "aProduct": pair.a.product.iri if pair.a.product else "",
                "b": pair.b.iri,
                "bStrength": str(strength_iri(pair.b.strength)) if pair.b.strength else "",
                "bProduct": pair.b.product.iri if pair.b.product else "",
                "reason": reason.reason,
                "shared": reason.shared,
                "conflict": str(pair.conflict).lower(),
            }
            found.append(tuple(short(values[c]) for c in columns))
    return sorted(found)


def test_overlaps_with_reasons_and_conflicts(mini: Store) -> None:
    got = _overlap_rows(mini, "a", "b", "reason", "shared", "conflict")
    assert got == [
        (A1, B1, "provision", f"{F}/paragraf/6", "true"),
        (A3, B2, "target-topic", "malgruppe/testpersonell", "true"),
    ]
    assert rows(mini, "overlaps", "a", "b", "conflict") == [(A1, B1, "true"), (A3, B2, "true")]
    assert rows(mini, "overlaps-count", "pairs") == [("2",)]


@pytest.mark.parametrize(
    ("recommendation", "expected"),
    [(A1, [(A1, B1)]), (B2, [(A3, B2)]), (A2, []), (C1, [])],
)
def test_overlaps_of_one_recommendation(mini: Store, recommendation: str, expected: list) -> None:
    found = recommendation_overlaps(mini, URIRef(BASE + recommendation))
    assert [(short(p.a.iri), short(p.b.iri)) for p in found] == expected


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"target": "malgruppe/testpersonell"}, [(A3, B2)]),
        ({"target": "malgruppe/testledere"}, [(A1, B1)]),
        ({"provision": f"{F}/paragraf/6"}, [(A1, B1)]),
        ({"provision": f"{L}/paragraf/2-1"}, []),
        ({"product": PB}, [(A1, B1), (A3, B2)]),
        ({"product": PC}, []),
    ],
)
def test_overlaps_filters(mini: Store, params: dict[str, str], expected: list) -> None:
    assert sorted(set(_overlap_rows(mini, "a", "b", **params))) == expected


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, [A1, A2, A3, B1, B2, C1]),
        ({"q": "TESTJOURNAL"}, [A1, B1]),
        ({"q": "opplæring"}, [A3, B2]),
        ({"strength": "styrke/skal"}, [A1, A2, C1]),
        ({"strength": "styrke/skal", "target": "malgruppe/testledere"}, [A1, A2]),
        ({"product": PB}, [B1, B2]),
        ({"q": "ingen slik tittel"}, []),
    ],
)
def test_recommendations_search(mini: Store, params: dict[str, str], expected: list) -> None:
    got = rows(mini, "recommendations-search", "recommendation", **params)
    assert got == [(e,) for e in expected]


def test_recommendations_search_reports_legal_basis(mini: Store) -> None:
    got = rows(
        mini, "recommendations-search", "recommendation", "hasLegalBasis", "targets", product=PA
    )
    assert got == [
        (A1, "true", "Testledere"),
        (A2, "false", "Testledere"),
        (A3, "false", "Testpersonell"),
    ]


def test_provision_and_its_parts(mini: Store) -> None:
    got = rows(mini, "provision", "act", "number", "chapter", provision=f"{L}/paragraf/2-1")
    assert got == [(L, "2-1", f"{L}/kapittel/2")]
    got = rows(mini, "provision", "act", "number", provision=f"{F}/paragraf/6/ledd/1/bokstav/g")
    assert got == [(F, "g")]
    assert rows(mini, "provision", "act", provision=L) == []
    got = rows(mini, "provision-parts", "part", "number", provision=f"{F}/paragraf/6")
    assert got == [
        (f"{F}/paragraf/6/ledd/1", "1"),
        (f"{F}/paragraf/6/ledd/1/bokstav/a", "a"),
        (f"{F}/paragraf/6/ledd/1/bokstav/g", "g"),
    ]


def test_act_with_chapters_and_provisions(mini: Store) -> None:
    got = rows(mini, "act", "provision", "chapter", act=L)
    assert got == [
        (f"{L}/paragraf/1-1", f"{L}/kapittel/1"),
        (f"{L}/paragraf/1-2", f"{L}/kapittel/1"),
        (f"{L}/paragraf/2-1", f"{L}/kapittel/2"),
    ]
    assert rows(mini, "act", "actType", "basedOnLaw", "provision", act=F) == [
        ("Regulation", f"{L}/paragraf/1-2", f"{F}/paragraf/6")
    ]
    assert rows(mini, "act-chapters", "chapter", act=L) == [
        (f"{L}/kapittel/1",),
        (f"{L}/kapittel/2",),
    ]
    assert rows(mini, "act", "title", act=f"{L}/paragraf/1-1") == []


def test_products_and_product(mini: Store) -> None:
    got = rows(mini, "products", "product", "type", "status", "recommendations")
    assert got == sorted(
        [
            (PA, "NationalGuide", "status/gjeldende", "3"),
            (PB, "NationalGuideline", "status/gjeldende", "2"),
            (PC, "NationalAdvice", "status/horingsutkast", "1"),
        ]
    )
    got = rows(mini, "product", "type", "chapter", "publisherName", product=PA)
    assert got == [("NationalGuide", "produktkapittel/testveileder-a-1", "Testdirektoratet")]
    assert rows(mini, "product", "type", product=A1) == []


def test_recommendation_parts(mini: Store) -> None:
    got = rows(
        mini, "recommendation", "part", "strength", "target", "legal", "quote", recommendation=A1
    )
    assert got == [
        ("basis", "", "", f"{F}/paragraf/6/ledd/1/bokstav/g", ""),
        ("main", "styrke/skal", "", "", ""),
        ("source", "", "", "", "Testleder skal føre testjournal."),
        ("target", "", "malgruppe/testledere", "", ""),
    ]
    assert ("cites", f"{L}/paragraf/2-1/ledd/2") in rows(
        mini, "recommendation", "part", "legal", recommendation=A3
    )


def test_objections(mini: Store) -> None:
    got = rows(mini, "objections", "actorName", "objectsTo", "product", "invokes")
    assert got == [("Testforbundet", A2, PA, "lov/1900-01-01-1/§1-1")]
    assert rows(mini, "objections", "objection", product=PB) == []


def test_stats(mini: Store) -> None:
    got = rows(
        mini,
        "stats",
        "acts",
        "regulations",
        "provisions",
        "products",
        "recommendations",
        "skal",
        "bor",
        "kan",
        "skalWithoutLegalBasis",
        "objections",
    )
    assert got == [("1", "1", "4", "3", "6", "3", "2", "1", "1", "1")]


def test_target_groups(mini: Store) -> None:
    got = rows(mini, "target-groups", "label", "strength", "recommendations")
    assert got == [
        ("Testledere", "styrke/bor", "1"),
        ("Testledere", "styrke/skal", "2"),
        ("Testpersonell", "styrke/bor", "1"),
        ("Testpersonell", "styrke/kan", "1"),
        ("Testpersonell", "styrke/skal", "1"),
    ]


def test_point_in_provision_and_resource(mini: Store) -> None:
    got = rows(
        mini, "point-in-provision", "point", provision=f"{F}/paragraf/6", suffix="/bokstav/g"
    )
    assert got == [(f"{F}/paragraf/6/ledd/1/bokstav/g",)]
    assert (
        rows(mini, "point-in-provision", "point", provision=f"{F}/paragraf/6", suffix="/bokstav/z")
        == []
    )
    assert rows(mini, "resource", "type", resource=A1) == [("Recommendation",)]
    assert rows(mini, "resource", "type", resource="anbefaling/finnes-ikke") == []


# -- the bundled graph (curated graph, Helsedirektoratet documents), on every store kind ---

V = (
    "anbefaling/virksomhetsleder-skal-sorge-for-at-praksis-i-egen-virksomhet-regelmessig-"
    "vurderes-opp-mot-nasjonale-faglige-rad-og-anbefalinger"
)
D = (
    "anbefaling/dersom-tjenestene-velger-en-annen-praksis-enn-anbefalt-bor-dette-vaere-basert-"
    "pa-en-konkret-og-begrunnet-vurdering-som-dokumenteres"
)
IMPL = "produkt/implementering-av-nasjonale-faglige-rad-og-anbefalinger"
PRIO = "produkt/nasjonal-veileder-for-prioriteringer-i-kommunale-helse-og-omsorgstjenester"
HOL125 = "lov/2011-06-24-30/paragraf/12-5"
PJF = "forskrift/2019-03-01-168"
PJF6G = f"{PJF}/paragraf/6/ledd/1/bokstav/g"
SOURCE_SKAL = (
    "anbefaling/dersom-helsepersonell-eller-institusjoner-velger-a-fravike-anbefalinger-i-"
    "en-retningslinje-skal-dette-dokumenteres-og-begrunnes"
)
PRODUCT_BOR = (
    "anbefaling/dersom-tjenestene-velger-en-annen-praksis-enn-anbefalt-bor-dette-vaere-"
    "basert-pa-en-konkret-og-begrunnet-vurdering-som-dokumenteres"
)
MANDATES = {
    ("empowerment", "lov/1994-08-05-55/paragraf/7-10"),
    ("empowerment", "lov/1999-07-02-61/paragraf/7-3"),
    ("empowerment", "lov/2011-06-24-29/paragraf/24"),
    ("empowerment", HOL125),
}


def test_curated_legal_basis(store: Store) -> None:
    assert set(rows(store, "legal-basis", "relation", "basis", recommendation=V)) == MANDATES
    got = rows(store, "legal-basis", "relation", "basis", recommendation=D)
    assert ("legalBasis", PJF6G) in got
    assert ("productLegalBasis", HOL125) in got
    t = trace(store, URIRef(BASE + D))
    chains = {
        (b.relation, short(b.iri)): [short(link.iri) for link in b.chain]
        for b in (t.legal_basis + t.product_legal_basis)
    }
    assert chains[("legalBasis", PJF6G)][:2] == [PJF, f"{PJF}/paragraf/6"]
    assert chains[("productLegalBasis", HOL125)][0] == "lov/2011-06-24-30"
    assert chains[("productLegalBasis", HOL125)][-1] == HOL125


def test_curated_legal_chain(store: Store) -> None:
    assert rows(store, "legal-chain", "depth", "node", resource=PJF6G) == [
        ("0", PJF),
        ("1", f"{PJF}/paragraf/6"),
        ("2", f"{PJF}/paragraf/6/ledd/1"),
        ("3", PJF6G),
    ]


def test_curated_dependents(store: Store) -> None:
    got = set(
        rows(store, "dependents", "kind", "relation", "dependent", provision=f"{PJF}/paragraf/6")
    )
    assert ("recommendation", "legalBasis", D) in got
    assert ("product", "cites", PRIO) in got
    got = set(rows(store, "dependents", "kind", "dependent", provision=HOL125))
    assert {("actor", "aktor/helsedirektoratet"), ("product", PRIO)} <= got


def test_curated_skal_without_legal_basis(store: Store) -> None:
    got = rows(store, "skal-without-legal-basis", "recommendation", "product", product=IMPL)
    assert got == [(V, IMPL)]
    assert (V, IMPL) in rows(store, "skal-without-legal-basis", "recommendation", "product")


def test_curated_requirements_for_target(store: Store) -> None:
    got = rows(
        store,
        "requirements-for-target",
        "kind",
        "recommendation",
        "provision",
        target="malgruppe/tjenestene",
    )
    assert ("advisory", D, f"{PJF}/paragraf/6") in got
    got = rows(
        store,
        "requirements-for-target",
        "kind",
        "recommendation",
        target="malgruppe/virksomhetsleder",
    )
    assert ("lacks_basis", V) in got


def test_curated_products_sharing_provision_are_shared(store: Store) -> None:
    result = rows(store, "products-sharing-provision", "provision", "product", "productCount")
    per_provision: dict[str, set[str]] = {}
    for provision, product, count in result:
        per_provision.setdefault(provision, set()).add(product)
        assert int(count) >= 2
    assert all(len(products) >= 2 for products in per_provision.values())


def test_curated_counts(store: Store) -> None:
    assert rows(store, "counts", "strength", "target", "recommendations", product=IMPL) == [
        ("styrke/bor", "malgruppe/ledere-i-helse-og-omsorgstjenestene", "1"),
        ("styrke/skal", "malgruppe/ledere-i-helse-og-omsorgstjenestene", "1"),
        ("styrke/skal", "malgruppe/virksomhetsleder", "1"),
    ]


def test_curated_products_due_for_revision(store: Store) -> None:
    got = rows(store, "products-due-for-revision", "product", years="4", today="2026-01-01")
    assert (PRIO,) not in got  # last professional change 10 April 2025
    got = rows(store, "products-due-for-revision", "product", years="0", today="2026-01-01")
    assert (PRIO,) in got


def test_curated_product_actors(store: Store) -> None:
    got = rows(store, "product-actors", "role", "actor", product=IMPL)
    assert ("publisher", "aktor/helsedirektoratet") in got
    assert ("consultedBody", "aktor/ks") in got
    assert len(got) == len(set(got))


def test_curated_overlaps_pair_different_products(store: Store) -> None:
    result = run_query(store, "overlaps")
    assert result
    for row in result:
        assert row["aProduct"] != row["bProduct"]
        conflict = str(row["conflict"]) == "true"
        assert conflict == (row.get("aStrength") != row.get("bStrength"))


# The slides (003) say a deviation «skal» be documented, the prioriteringsveileder (004) that
# it «bør» be: both jf. pasientjournalforskriften § 6 bokstav g — a conflict of strengths.
SLIDES_SKAL = (
    "anbefaling/dersom-helsepersonell-eller-institusjoner-velger-a-fravike-anbefalinger-i-en-"
    "retningslinje-skal-dette-dokumenteres-og-begrunnes"
)


def test_curated_overlaps_expected_rows(store: Store) -> None:
    expected = [
        (
            SLIDES_SKAL,
            "styrke/skal",
            "kilde/003_6098b77de78b624a",
            D,
            "styrke/bor",
            PRIO,
            "provision",
            f"{PJF}/paragraf/6",
            "true",
        ),
    ]
    columns = (
        "a",
        "aStrength",
        "aProduct",
        "b",
        "bStrength",
        "bProduct",
        "reason",
        "shared",
        "conflict",
    )
    assert _overlap_rows(store, *columns) == expected
    assert _overlap_rows(store, *columns, provision=PJF6G) == expected
    assert _overlap_rows(store, *columns, product=PRIO) == expected
    assert _overlap_rows(store, *columns, product=IMPL) == []


def test_curated_recommendations_search(store: Store) -> None:
    got = rows(store, "recommendations-search", "recommendation", q="virksomhetsleder skal")
    assert got == [(V,)]
    got = rows(store, "recommendations-search", "recommendation", "hasLegalBasis", product=PRIO)
    assert (D, "true") in got


def test_curated_provision_and_act(store: Store) -> None:
    got = rows(store, "provision", "act", "number", "lovdataRef", provision=HOL125)
    assert got == [("lov/2011-06-24-30", "12-5", "lov/2011-06-24-30/§12-5")]
    acts = rows(store, "act", "actType", "provision", act="lov/2011-06-24-30")
    assert ("Act", HOL125) in acts
    chapters = rows(store, "act-chapters", "chapter", act="lov/2011-06-24-30")
    assert all(c.startswith("lov/2011-06-24-30/") for (c,) in chapters)
    assert rows(store, "provision-parts", "part", provision=f"{PJF}/paragraf/6") >= [
        (f"{PJF}/paragraf/6/ledd/1",)
    ]
    got = rows(
        store, "point-in-provision", "point", provision=f"{PJF}/paragraf/6", suffix="/bokstav/g"
    )
    assert got == [(PJF6G,)]


def test_act_guidance_leaves_out_other_acts_citing_it(store: Store) -> None:
    got = set(rows(store, "act-guidance", "kind", "dependent", act="lov/2011-06-24-30"))
    assert ("regulation", "forskrift/2016-10-28-1250") in got
    assert {kind for kind, _ in got} <= {"recommendation", "product", "regulation"}
    citing = rows(store, "dependents", "kind", "dependent", provision="lov/2011-06-24-30")
    assert any(kind == "other" for kind, _ in citing), "other acts cite hol"
    pjf = set(rows(store, "act-guidance", "kind", "dependent", act=PJF))
    assert ("recommendation", SOURCE_SKAL) in pjf  # a recommendation in a source document
    assert ("recommendation", PRODUCT_BOR) in pjf


def test_guidance_parts_are_the_points_guidance_rests_on(store: Store) -> None:
    assert rows(store, "guidance-parts", "part", provision=f"{PJF}/paragraf/6") == [(PJF6G,)]


def test_curated_products_and_product(store: Store) -> None:
    products = set(rows(store, "products", "product", "type", "status"))
    assert (IMPL, "NationalAdvice", "status/horingsutkast") in products
    assert (PRIO, "NationalGuide", "status/gjeldende") in products
    assert rows(store, "product", "publisher", "type", product=IMPL) == [
        ("aktor/helsedirektoratet", "NationalAdvice")
    ]


def test_curated_recommendation(store: Store) -> None:
    got = set(
        rows(store, "recommendation", "part", "strength", "product", "target", recommendation=V)
    )
    assert ("main", "styrke/skal", IMPL, "") in got
    assert ("target", "", "", "malgruppe/virksomhetsleder") in got
    files = {
        f
        for (p, f) in rows(store, "recommendation", "part", "sourceFile", recommendation=V)
        if p == "source"
    }
    assert files == {"000_aa27acb256f578c0.txt"}


def test_curated_objections(store: Store) -> None:
    got = rows(store, "objections", "actorName", "objectsTo", product=IMPL)
    assert got == sorted([("KS", IMPL), ("KS", V)])
    [invoked] = {i for (i,) in rows(store, "objections", "invokes", product=IMPL)}
    # what KS's response (000) names: kommuneloven and the regulation's § 5, no paragraph of
    # kommuneloven (those are named by the joint report, 001)
    assert set(invoked.split("; ")) == {"lov/2018-06-22-83", "forskrift/2016-10-28-1250/§5"}


def test_curated_stats_and_target_groups(store: Store) -> None:
    [stats] = run_query(store, "stats")
    assert int(stats["skalWithoutLegalBasis"]) >= 1
    assert int(stats["objections"]) >= 1
    assert int(stats["skal"]) + int(stats["bor"]) + int(stats["kan"]) + int(
        stats["uavklart"]
    ) == int(stats["recommendations"])
    labels = {label for (label,) in rows(store, "target-groups", "label")}
    assert {"virksomhetsleder", "tjenestene"} <= labels
    assert rows(store, "resource", "type", resource=V) == [("Recommendation",)]
