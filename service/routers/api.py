"""The REST API under ``/api``: recommendations, provisions, acts, products, overlaps,
handlingsrom, statistics, validation and citation finding.

Handlers are plain ``def`` so the blocking store calls run in the thread pool; each calls
one function of ``graph/`` and returns a model of :mod:`service.models`.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from graph.citations import find_citations
from graph.importers.helsedir import document_to_graph
from graph.model.strength import strength_iri
from graph.questions import handlingsrom as handlingsrom_mod
from graph.questions import legislation, lookup, products, recommendations
from graph.questions import overlaps as overlaps_mod
from graph.questions import stats as stats_mod
from graph.store import Store
from graph.validation.shacl import ValidationReport, validate_graph
from graph.validation.submitted import parse_submitted
from service import models
from service.deps import StoreDep
from service.negotiation import choose

__all__ = ["EXAMPLES", "router"]

router = APIRouter(prefix="/api", tags=["api"])

_B = "https://w3id.org/hjemmel/"
_REC_ID = (
    "virksomhetsleder-skal-sorge-for-at-praksis-i-egen-virksomhet-regelmessig-vurderes-"
    "opp-mot-nasjonale-faglige-rad-og-anbefalinger"
)
_PRODUCT = {
    "id": "implementering-av-nasjonale-faglige-rad-og-anbefalinger",
    "iri": _B + "produkt/implementering-av-nasjonale-faglige-rad-og-anbefalinger",
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
    "id": "virksomhetsleder",
    "iri": _B + "malgruppe/virksomhetsleder",
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


_ERR = {"description": 'feil / error: {"error": {"code", "message"}}'}


def _example(name: str, *errors: int) -> dict[int | str, dict[str, Any]]:
    """The 200 response with its example, and the error statuses the endpoint can answer."""
    responses: dict[int | str, dict[str, Any]] = {
        200: {"content": {"application/json": {"example": EXAMPLES[name]}}}
    }
    responses.update({status: _ERR for status in errors})
    return responses


Ref = Annotated[
    str,
    Query(
        description="målgruppens id, IRI eller navn / target group id, IRI or label",
        examples=["virksomhetsleder"],
    ),
]


@router.get(
    "/recommendations",
    response_model=models.RecommendationPage,
    summary="Søk i anbefalinger / search recommendations",
    responses=_example("recommendations", 400, 404),
)
def list_recommendations(
    store: StoreDep,
    q: Annotated[str | None, Query(description="tekst i tittelen", examples=["praksis"])] = None,
    strength: Annotated[
        str | None, Query(description="skal, bør (bor) eller kan", examples=["skal"])
    ] = None,
    target: Annotated[str | None, Query(examples=["virksomhetsleder"])] = None,
    product: Annotated[str | None, Query(examples=[_PRODUCT["id"]])] = None,
    without_legal_basis: Annotated[bool, Query(description="bare uten hjemmel")] = False,
    limit: Annotated[int, Query(ge=1, le=recommendations.MAX_LIMIT)] = 20,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> models.RecommendationPage:
    page = recommendations.search_recommendations(
        store,
        q=q or None,
        strength=strength_iri(strength) if strength else None,
        target=lookup.resolve_target(store, target) if target else None,
        product=lookup.resolve_product(store, product) if product else None,
        without_legal_basis=without_legal_basis,
        limit=limit,
        offset=offset,
    )
    return models.RecommendationPage.model_validate(page)


@router.get(
    "/recommendations/{id:path}",
    response_model=models.RecommendationDetail,
    summary="Én anbefaling med kilde og hjemmelskjede / one recommendation, source and chain",
    responses=_example("recommendation", 404),
)
def get_recommendation(id: str, store: StoreDep) -> models.RecommendationDetail:
    iri = lookup.resolve_recommendation(store, id)
    return models.RecommendationDetail.model_validate(recommendations.recommendation(store, iri))


@router.get(
    "/provisions/{ref:path}",
    response_model=models.ProvisionDetail,
    summary="En bestemmelse og det som hviler på den / a provision and its dependents",
    description="ref: lov/2011-06-24-30/§12-5, forskrift/2019-03-01-168/§6/bokstav/g, "
    "LOV-2011-06-24-30/§12-5, prosentkodet § eller en lovdata.no-URL.",
    responses=_example("provision", 400, 404),
)
def get_provision(ref: str, request: Request, store: StoreDep) -> models.ProvisionDetail:
    return models.ProvisionDetail.model_validate(
        legislation.provision(store, _full_ref(ref, request))
    )


@router.get(
    "/acts/{ref:path}",
    response_model=models.ActDetail,
    summary="En lov eller forskrift med kapitler og paragrafer / an act with its provisions",
    responses=_example("act", 400, 404),
)
def get_act(ref: str, request: Request, store: StoreDep) -> models.ActDetail:
    return models.ActDetail.model_validate(legislation.act(store, _full_ref(ref, request)))


def _full_ref(ref: str, request: Request) -> str:
    """The reference as sent; a lovdata.no URL whose ``//`` a client folded is mended."""
    del request
    if ref.startswith(("https:/", "http:/")) and "://" not in ref:
        return ref.replace(":/", "://", 1)
    return ref


@router.get(
    "/products",
    response_model=list[models.ProductSummary],
    summary="Normerende produkter med antall / normative products with counts",
    responses=_example("products"),
)
def list_products(store: StoreDep) -> list[models.ProductSummary]:
    return [models.ProductSummary.model_validate(p) for p in products.products(store)]


@router.get(
    "/products/{id}",
    response_model=models.ProductDetail,
    summary="Ett produkt med aktører og antall / one product with actors and counts",
    responses={
        200: {
            "content": {
                "application/json": {
                    "example": {
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
                }
            }
        },
        404: _ERR,
    },
)
def get_product(id: str, store: StoreDep) -> models.ProductDetail:
    iri = lookup.resolve_product(store, id)
    return models.ProductDetail.model_validate(products.product(store, iri))


@router.get(
    "/overlaps",
    response_model=list[models.Overlap],
    summary="Overlapp mellom produkter / overlaps between products",
    responses=_example("overlaps", 400, 404),
)
def list_overlaps(
    store: StoreDep,
    product: Annotated[str | None, Query(examples=[_PRODUCT["id"]])] = None,
    provision: Annotated[str | None, Query(examples=["forskrift/2019-03-01-168/§6"])] = None,
    target: Annotated[str | None, Query(examples=["virksomhetsleder"])] = None,
) -> list[models.Overlap]:
    found = overlaps_mod.overlaps(
        store,
        product=lookup.resolve_product(store, product) if product else None,
        provision=lookup.resolve_legal(store, provision) if provision else None,
        target=lookup.resolve_target(store, target) if target else None,
    )
    return [models.Overlap.model_validate(o) for o in found]


@router.get(
    "/handlingsrom",
    response_model=models.Handlingsrom,
    summary="Hva binder en målgruppe, og hva er råd / what binds a target group",
    responses=_example("handlingsrom", 404),
)
def get_handlingsrom(target: Ref, store: StoreDep) -> models.Handlingsrom:
    iri = lookup.resolve_target(store, target)
    return models.Handlingsrom.model_validate(handlingsrom_mod.handlingsrom(store, iri))


@router.get(
    "/stats",
    response_model=models.Stats,
    summary="Statistikk / statistics",
    responses=_example("stats"),
)
def get_stats(store: StoreDep) -> models.Stats:
    return models.Stats.model_validate(stats_mod.stats(store))


_VALIDATE_TYPES = [
    "text/turtle",
    "application/n-triples",
    "application/ld+json",
    "application/json",
]


@router.post(
    "/validate",
    response_model=models.ValidationOut,
    summary="Valider data mot reglene (lagres ikke) / validate data against the shapes",
    description="Brødtekst: Turtle, N-Triples, JSON-LD eller et JSON-dokument fra "
    "Helsedirektoratets innholds-API (application/json). Accept: text/turtle gir "
    "SHACL-rapportgrafen. Ingenting lagres.",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "text/turtle": {
                    "schema": {"type": "string"},
                    "example": "@prefix hj: <https://w3id.org/hjemmel/ontology#> .\n"
                    "<https://w3id.org/hjemmel/anbefaling/ny> a hj:Recommendation .\n",
                },
                "application/n-triples": {"schema": {"type": "string"}},
                "application/ld+json": {"schema": {"type": "object"}},
                "application/json": {"schema": {"type": "object"}},
            },
        }
    },
    responses={
        200: {
            "content": {
                "application/json": {"example": EXAMPLES["validate"]},
                "text/turtle": {"example": "[] a sh:ValidationReport ; sh:conforms true ."},
            }
        },
        400: _ERR,
        415: _ERR,
    },
)
async def validate(request: Request, store: StoreDep) -> Response:
    body = await request.body()
    media_type = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    accept = choose(request.headers.get("accept"), ["application/json", "text/turtle"])
    report = await run_in_threadpool(_validate, body, media_type, store)
    if accept == "text/turtle":
        return Response(report.to_turtle(), media_type="text/turtle")
    out = models.ValidationOut.model_validate(report.to_json())
    return Response(out.model_dump_json(), media_type="application/json")


def _validate(body: bytes, media_type: str, store: Store) -> ValidationReport:
    if media_type == "application/json":
        data = document_to_graph(body, "forespørsel")
    else:
        data = parse_submitted(body, media_type)
    return validate_graph(data, store)


@router.post(
    "/citations",
    response_model=models.CitationsOut,
    summary="Finn lovhenvisninger i en tekst / find legal citations in a text",
    responses=_example("citations", 400),
)
def citations(body: models.CitationsRequest) -> models.CitationsOut:
    found = find_citations(body.text)
    return models.CitationsOut(
        citations=[
            models.CitationOut(
                text=c.text,
                start=c.start,
                end=c.end,
                refs=list(c.refs),
                ambiguous=list(c.ambiguous),
            )
            for c in found
        ]
    )
