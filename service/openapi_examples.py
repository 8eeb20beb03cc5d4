"""Examples of the REST API's answers, shown in ``/openapi.json``: one per endpoint, keyed
by a short name of the endpoint."""

from __future__ import annotations

from typing import Any

__all__ = ["EXAMPLES", "PRODUCT_ID", "TARGET_ID"]

_B = "https://w3id.org/hjemmel/"
_REC_ID = (
    "virksomhetsleder-skal-sorge-for-at-praksis-i-egen-virksomhet-regelmessig-vurderes-"
    "opp-mot-nasjonale-faglige-rad-og-anbefalinger"
)
PRODUCT_ID = "implementering-av-nasjonale-faglige-rad-og-anbefalinger"
TARGET_ID = "virksomhetsleder"
_PRODUCT = {
    "id": PRODUCT_ID,
    "iri": _B + "produkt/" + PRODUCT_ID,
    "title": "Implementering av nasjonale faglige råd og anbefalinger",
}
_REC_REF = {
    "id": _REC_ID,
    "iri": _B + "anbefaling/" + _REC_ID,
    "title": "Virksomhetsleder skal sørge for at praksis i egen virksomhet regelmessig vurderes "
    "opp mot nasjonale faglige råd og anbefalinger",
    "strength": "skal",
    "product": _PRODUCT,
}
_TARGET = {
    "id": TARGET_ID,
    "iri": _B + "malgruppe/" + TARGET_ID,
    "label": "virksomhetsleder",
}
_PJF6G = {
    "ref": "forskrift/2019-03-01-168/§6/ledd/1/bokstav/g",
    "iri": _B + "forskrift/2019-03-01-168/paragraf/6/ledd/1/bokstav/g",
    "title": "Journalens innhold",
    "act_short_title": "pasientjournalforskriften",
    "level": "point",
}
_HOL = {
    "ref": "lov/2011-06-24-30",
    "iri": _B + "lov/2011-06-24-30",
    "title": "Lov om kommunale helse- og omsorgstjenester m.m. (helse- og omsorgstjenesteloven)",
    "short_title": "helse- og omsorgstjenesteloven",
}
_HOL125 = {
    "ref": "lov/2011-06-24-30/§12-5",
    "iri": _B + "lov/2011-06-24-30/paragraf/12-5",
    "number": "12-5",
    "title": "Nasjonale faglige retningslinjer",
}
_ITEM = {**_REC_REF, "target_groups": [_TARGET], "legal_basis": [], "cites": []}
_HELSEDIR = {
    "id": "helsedirektoratet",
    "iri": _B + "aktor/helsedirektoratet",
    "name": "Helsedirektoratet",
}

EXAMPLES: dict[str, Any] = {
    "recommendations": {"total": 1, "items": [_ITEM]},
    "recommendation": {
        **_ITEM,
        "provenance": [
            {
                "source": _B + "kilde/000_aa27acb256f578c0",
                "source_file": "000_aa27acb256f578c0.txt",
                "quote": "Virksomhetsleder skal sørge for at praksis i egen virksomhet regelmessig "
                "vurderes opp mot nasjonale faglige råd og anbefalinger",
            }
        ],
        "trace": {
            "legal_basis": [],
            "product_legal_basis": [],
            "empowerment": [
                {
                    "relation": "empowerment",
                    "iri": _HOL125["iri"],
                    "ref": _HOL125["ref"],
                    "chain": [
                        {**_HOL, "level": "act", "number": None},
                        {**_HOL125, "level": "provision", "short_title": None},
                    ],
                    "act_based_on": [],
                    "publisher": _HELSEDIR,
                }
            ],
        },
    },
    "provision": {
        **_HOL125,
        "level": "provision",
        "text": "Helsedirektoratet skal utvikle, formidle og vedlikeholde nasjonale faglige "
        "retningslinjer …",
        "act": _HOL,
        "chapter": _B + "lov/2011-06-24-30/kapittel/12",
        "chapter_title": "Kapittel 12. Statlige myndigheters ansvar",
        "lovdata_url": "https://lovdata.no/lov/2011-06-24-30/§12-5",
        "parts": [],
        "dependents": {
            "recommendations": [],
            "products": [],
            "regulations": [],
            "actors": [_HELSEDIR],
        },
    },
    "act": {
        **_HOL,
        "kind": "lov",
        "based_on": [],
        "lovdata_url": "https://lovdata.no/lov/2011-06-24-30",
        "chapters": [
            {
                "iri": _B + "lov/2011-06-24-30/kapittel/12",
                "number": "12",
                "title": "Kapittel 12. Statlige myndigheters ansvar",
                "parent": None,
                "provisions": [_HOL125],
            }
        ],
        "provisions": [_HOL125],
    },
    "products": [
        {
            **_PRODUCT,
            "type": "NationalAdvice",
            "status": "horingsutkast",
            "publisher": _HELSEDIR,
            "first_published": None,
            "last_professional_change": None,
            "recommendations": 3,
            "by_strength": {"bør": 2, "skal": 1},
            "by_target": [{**_TARGET, "count": 3}],
        }
    ],
    "overlaps": [
        {
            "a": {**_REC_REF, "id": "a", "iri": _B + "anbefaling/a"},
            "b": {**_REC_REF, "id": "b", "iri": _B + "anbefaling/b", "strength": "bør"},
            "conflict": True,
            "reasons": [
                {
                    "reason": "provision",
                    "shared": _B + "forskrift/2019-03-01-168/paragraf/6",
                    "shared_label": "forskrift/2019-03-01-168/§6",
                    "topic": None,
                }
            ],
        }
    ],
    "handlingsrom": {
        "target": _TARGET,
        "binding": [{"provision": _PJF6G, "recommendations": [_REC_REF]}],
        "advice": [],
        "lacking_legal_basis": [_REC_REF],
        "unclear": [],
        "counts": {
            "binding": 1,
            "provisions": 1,
            "advice": 0,
            "lacking_legal_basis": 1,
            "unclear": 0,
        },
    },
    "stats": {
        "acts": 40,
        "regulations": 20,
        "provisions": 5000,
        "products": 8,
        "recommendations": 120,
        "by_strength": {"skal": 10, "bør": 90, "kan": 15, "uavklart": 5},
        "skal_without_legal_basis": 4,
        "objections": 2,
    },
    "validate": {
        "conforms": False,
        "counts": {"Violation": 1, "Warning": 0, "Info": 0},
        "results": [
            {
                "focus": _B + "anbefaling/ny",
                "severity": "Violation",
                "shape": _B + "shapes#RecommendationShape",
                "path": "https://w3id.org/hjemmel/ontology#strength",
                "value": None,
                "message": {
                    "nb": "Anbefalingen mangler styrke.",
                    "en": "The recommendation lacks a strength.",
                },
            }
        ],
    },
    "citations": {
        "citations": [
            {
                "text": "helse- og omsorgstjenesteloven § 12-5",
                "start": 39,
                "end": 76,
                "refs": ["lov/2011-06-24-30/§12-5"],
                "ambiguous": [],
            }
        ]
    },
}
EXAMPLES["product"] = {
    **EXAMPLES["products"][0],
    "helsedir_url": None,
    "legal_basis": [],
    "chapters": [],
    "actors": [
        {
            "role": "publisher",
            "actor": _HELSEDIR,
            "empowered_by": [_HOL125["ref"]],
        }
    ],
}
_LAW_72: dict[str, Any] = {
    "ref": "lov/2025-06-20-72",
    "iri": _B + "lov/2025-06-20-72",
    "name": "lov 20. juni 2025 nr. 72",
    "title": "Lov om endringer i spesialisthelsetjenesteloven og helse- og "
    "omsorgstjenesteloven (godkjenning av virksomheter og bruk av betegnelser)",
    "date": "2025-06-20",
    "in_force": "fra den tid Kongen bestemmer",
    "amends": ["lov/1999-07-02-61", "lov/2011-06-24-30"],
    "changes": 8,
}
_RENUMBERED: dict[str, Any] = {
    "iri": _B + "lov/2025-06-20-72/endring/I-3-1",
    "position": "del I, endring 3",
    "kind": "omnummerert",
    "kind_label": "omnummerert",
    "instruction": "Nåværende tredje og fjerde ledd blir fjerde og nytt femte ledd.",
    "amended_act": "lov/1999-07-02-61",
    "target": "lov/1999-07-02-61/§4-1/ledd/3",
    "target_level": "ledd",
    "old_number": "3",
    "new_number": "4",
    "renumbered_to": "lov/1999-07-02-61/§4-1/ledd/4",
    "new_title": None,
    "new_wording": None,
    "in_force_date": None,
    "amendment": _LAW_72,
    "description": "spesialisthelsetjenesteloven § 4-1 tredje ledd blir fjerde ledd ved lov "
    "20. juni 2025 nr. 72; i kraft: fra den tid Kongen bestemmer",
    "scope": "lov/1999-07-02-61/§4-1/ledd/3",
    "impact": [],
}
EXAMPLES["amendments"] = [_LAW_72]
_REIMPORT: dict[str, Any] = {
    "ref": "lovdata-import/20261129T153000000000Z/lov/2011-06-24-30",
    "iri": _B + "lovdata-import/20261129T153000000000Z/lov/2011-06-24-30",
    "name": "ny import fra Lovdata 29. november 2026",
    "title": "helse- og omsorgstjenesteloven: 1 endret, 0 nye, 0 borte",
    "date": "2026-11-29",
    "in_force": "gjeldende tekst per 1. juli 2025",
    "amends": ["lov/2011-06-24-30"],
    "changes": 1,
    "in_force_date": "2025-07-01",
    "source": "lovdata-import",
}
EXAMPLES["lovdata-imports"] = [_REIMPORT]
EXAMPLES["lovdata-import"] = {"amendment": _REIMPORT, "changes": [], "impact": []}
EXAMPLES["absent-bases"] = [
    {
        "dependent": _B + "produkt/0006-0021-f3a4e42b-e872-4b68-a111-6b96faf0cd42",
        "kind": "product",
        "title": "Veileder til forskrift om ledelse og kvalitetsforbedring i helse- og "
        "omsorgstjenesten",
        "strength": None,
        "product": None,
        "relation": "cites",
        "basis": "forskrift/2016-10-28-1250",
        "via": "forskrift/2016-10-28-1250",
        "absent": "lov/1984-03-30-15/§7",
        "act": "lov/1984-03-30-15",
        "reason": "act-without-current-text",
        "description": "Veileder til forskrift om ledelse og kvalitetsforbedring i helse- og "
        "omsorgstjenesten viser til forskrift 28. oktober 2016 nr. 1250, som har hjemmel i "
        "lov 30. mars 1984 nr. 15 § 7: loven har ingen gjeldende tekst (opphevet)",
    }
]
EXAMPLES["amendment"] = {"amendment": _LAW_72, "changes": [_RENUMBERED], "impact": []}
EXAMPLES["impact"] = {
    "ref": "lov/1999-07-02-61/§4-1",
    "iri": _B + "lov/1999-07-02-61/paragraf/4-1",
    "level": "provision",
    "changes": [_RENUMBERED],
    "impact": [],
}
EXAMPLES["search"] = {
    "query": "forsvarilg",
    "reference": None,
    "matched_all_words": True,
    "groups": [
        {
            "kind": "provision",
            "label": "Bestemmelser",
            "total": 55,
            "items": [
                {
                    "id": "lov/2011-06-24-30/§4-1",
                    "iri": _B + "lov/2011-06-24-30/paragraf/4-1",
                    "title": "helse- og omsorgstjenesteloven § 4-1 Forsvarlighet",
                    "title_html": "helse- og omsorgstjenesteloven § 4-1 Forsvarlighet",
                    "snippet": "…omsorgstjenester som tilbys eller ytes etter loven her skal "
                    "være <mark>forsvarlige</mark>. Kommunen skal tilrettelegge tjenestene slik "
                    "at: …",
                    "score": 0.6143,
                }
            ],
        }
    ],
}
# The answer of POST /api/check for the request example in service/routers/check.py.
EXAMPLES["check"] = {
    "format": "text",
    "conforms": False,
    "text": "Kommunen skal ha rutiner for oppfølging, jf. helse- og omsorgstjenesteloven "
    "§ 3-1 første ledd.\n"
    "Virksomhetsleder skal sørge for at praksis vurderes jevnlig.\n"
    "Tjenesten bør ha en plan.",
    "sections": [{"label": None, "start": 0, "end": 181}],
    "statements": [
        {
            "n": 1,
            "text": "Kommunen skal ha rutiner for oppfølging, jf. helse- og "
            "omsorgstjenesteloven § 3-1 første ledd.",
            "start": 0,
            "end": 94,
            "paragraph": 0,
            "item": None,
            "section": None,
            "strength": "skal",
            "evidence": "Kommunen skal ha rutiner for",
            "negated": False,
            "refs": [
                {
                    "text": "helse- og omsorgstjenesteloven § 3-1 første ledd",
                    "start": 45,
                    "end": 93,
                    "ref": "lov/2011-06-24-30/§3-1/ledd/1",
                    "resolved": True,
                    "iri": "https://w3id.org/hjemmel/lov/2011-06-24-30/paragraf/3-1/ledd/1",
                    "act_short_title": "Helse- og omsorgstjenesteloven – hol",
                    "title": "Kommunens overordnede ansvar for helse- og omsorgstjenester",
                    "level": "ledd",
                    "where": "statement",
                    "via": "sitat",
                    "cue": "jf.",
                    "basis": True,
                }
            ],
            "legal_basis": [
                {
                    "ref": "lov/2011-06-24-30/§3-1/ledd/1",
                    "iri": "https://w3id.org/hjemmel/lov/2011-06-24-30/paragraf/3-1/ledd/1",
                    "act_short_title": "Helse- og omsorgstjenesteloven – hol",
                    "title": "Kommunens overordnede ansvar for helse- og omsorgstjenester",
                    "level": "ledd",
                    "cue": "jf.",
                }
            ],
            "conforms": True,
            "findings": [],
        },
        {
            "n": 2,
            "text": "Virksomhetsleder skal sørge for at praksis vurderes jevnlig.",
            "start": 95,
            "end": 155,
            "paragraph": 1,
            "item": None,
            "section": None,
            "strength": "skal",
            "evidence": "Virksomhetsleder skal sørge for at",
            "negated": False,
            "refs": [],
            "legal_basis": [],
            "conforms": False,
            "findings": [
                {
                    "focus": "https://w3id.org/hjemmel/sjekk/2",
                    "severity": "Violation",
                    "shape": "https://w3id.org/hjemmel/shapes#SkalHasLegalBasis",
                    "path": None,
                    "value": "https://w3id.org/hjemmel/sjekk/2",
                    "message": {
                        "nb": "Skal-anbefalingen mangler hjemmel i lov eller forskrift",
                        "en": "The shall-recommendation lacks a "
                        "legal basis in an act or "
                        "regulation",
                    },
                }
            ],
        },
        {
            "n": 3,
            "text": "Tjenesten bør ha en plan.",
            "start": 156,
            "end": 181,
            "paragraph": 2,
            "item": None,
            "section": None,
            "strength": "bør",
            "evidence": "Tjenesten bør ha en plan",
            "negated": False,
            "refs": [],
            "legal_basis": [],
            "conforms": None,
            "findings": [],
        },
    ],
    "summary": {
        "sentences": 3,
        "statements": 3,
        "by_strength": {"skal": 2, "bør": 1, "kan": 0, "uavklart": 0},
        "skal": 2,
        "skal_with_basis": 1,
        "skal_without_basis": 1,
        "skal_not_conforming": 1,
        "unresolved_refs": 0,
        "provisions": [
            {
                "ref": "lov/2011-06-24-30/§3-1/ledd/1",
                "iri": "https://w3id.org/hjemmel/lov/2011-06-24-30/paragraf/3-1/ledd/1",
                "act_short_title": "Helse- og omsorgstjenesteloven – hol",
                "title": "Kommunens overordnede ansvar for helse- og omsorgstjenester",
                "statements": 1,
            }
        ],
    },
}


def _page(items: list[Any], total: int | None = None) -> dict[str, Any]:
    return {
        "items": items,
        "total": len(items) if total is None else total,
        "limit": 100,
        "offset": 0,
    }


# The lists come in the paging envelope (service/paging.py).
EXAMPLES["recommendations"] = {**EXAMPLES["recommendations"], "limit": 20, "offset": 0}
EXAMPLES["products"] = _page(EXAMPLES["products"])
EXAMPLES["overlaps"] = _page(EXAMPLES["overlaps"])
EXAMPLES["amendments"] = _page(EXAMPLES["amendments"])
EXAMPLES["lovdata-imports"] = _page(EXAMPLES["lovdata-imports"])
EXAMPLES["absent-bases"] = _page(EXAMPLES["absent-bases"])
