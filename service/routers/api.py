"""The REST API under ``/api``: recommendations, provisions, acts, products, overlaps,
handlingsrom, statistics, validation and citation finding.

Handlers are plain ``def`` so the blocking store calls run in the thread pool; each calls
one function of ``graph/`` and returns its result as it is: the result dataclasses of
``graph/questions`` are the response models, and their field descriptions document the API.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import TypeAdapter

from graph import search as search_mod
from graph.citations import find_citations
from graph.importers.helsedir import document_to_graph
from graph.model.strength import strength_iri
from graph.questions import absent as absent_mod
from graph.questions import handlingsrom as handlingsrom_mod
from graph.questions import impact as impact_mod
from graph.questions import legislation, lookup, products, recommendations
from graph.questions import overlaps as overlaps_mod
from graph.questions import stats as stats_mod
from graph.store import Store
from graph.validation.shacl import ValidationOutcome, ValidationReport, validate_graph
from graph.validation.submitted import parse_submitted
from service.citation_bodies import CitationList, CitationsRequest
from service.deps import SettingsDep, StoreDep
from service.json_body import json_body
from service.negotiation import choose
from service.openapi_examples import EXAMPLES, PRODUCT_ID, TARGET_ID
from service.paging import (
    AbsentBasisPage,
    AmendmentPage,
    ChangeSetPage,
    Limit,
    Offset,
    OverlapPage,
    ProductPage,
    link_header,
    page_of,
)

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["api"])

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
        examples=[TARGET_ID],
    ),
]


@router.get(
    "/search",
    response_model=search_mod.SearchPage,
    responses=_example("search", 400),
    summary="Søk i hele grafen / search the whole graph",
    description="Fulltekstsøk med norsk stamming og skrivefeiltoleranse i anbefalinger, "
    "produkter, paragrafer, lover og forskrifter, aktører og målgrupper, gruppert etter type; "
    "treff er merket med <mark>. Et søk som er en lovhenvisning (hol § 12-5) gir "
    "bestemmelsen i reference.",
)
def search_all(
    store: StoreDep,
    settings: SettingsDep,
    q: Annotated[str, Query(description="søketekst / query", examples=["prioriteringer"])],
    kind: Annotated[
        str | None, Query(description=f"bare én type: {', '.join(search_mod.KINDS)}")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=200, description="treff per gruppe")] = 10,
) -> search_mod.SearchPage:
    result = search_mod.search(store, q, kind=kind or None, limit=limit, settings=settings)
    return search_mod.as_json(result)


@router.get(
    "/recommendations",
    response_model=recommendations.RecommendationPage,
    summary="Søk i anbefalinger / search recommendations",
    responses=_example("recommendations", 400, 404),
)
def list_recommendations(
    store: StoreDep,
    request: Request,
    q: Annotated[str | None, Query(description="tekst i tittelen", examples=["praksis"])] = None,
    strength: Annotated[
        str | None, Query(description="skal, bør (bor) eller kan", examples=["skal"])
    ] = None,
    target: Annotated[str | None, Query(examples=[TARGET_ID])] = None,
    product: Annotated[str | None, Query(examples=[PRODUCT_ID])] = None,
    without_legal_basis: Annotated[bool, Query(description="bare uten hjemmel")] = False,
    limit: Annotated[int, Query(ge=1, le=recommendations.MAX_LIMIT)] = 20,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
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
    return json_body(page, link_header(request, page.total, limit, offset))


@router.get(
    "/recommendations/{id:path}",
    response_model=recommendations.RecommendationDetail,
    summary="Én anbefaling med kilde og hjemmelskjede / one recommendation, source and chain",
    responses=_example("recommendation", 404),
)
def get_recommendation(id: str, store: StoreDep) -> recommendations.RecommendationDetail:
    iri = lookup.resolve_recommendation(store, id)
    return recommendations.recommendation(store, iri)


@router.get(
    "/provisions/{ref:path}",
    response_model=legislation.ProvisionDetail,
    summary="En bestemmelse og det som hviler på den / a provision and its dependents",
    description="ref: lov/2011-06-24-30/§12-5, forskrift/2019-03-01-168/§6/bokstav/g, "
    "LOV-2011-06-24-30/§12-5, prosentkodet § eller en lovdata.no-URL.",
    responses=_example("provision", 400, 404),
)
def get_provision(ref: str, request: Request, store: StoreDep) -> legislation.ProvisionDetail:
    return legislation.provision(store, _full_ref(ref, request))


@router.get(
    "/acts/{ref:path}",
    response_model=legislation.ActDetail,
    summary="En lov eller forskrift med kapitler og paragrafer / an act with its provisions",
    responses=_example("act", 400, 404),
)
def get_act(ref: str, request: Request, store: StoreDep) -> legislation.ActDetail:
    return legislation.act(store, _full_ref(ref, request))


def _full_ref(ref: str, request: Request) -> str:
    """The reference as sent; a lovdata.no URL whose ``//`` a client folded is mended."""
    del request
    if ref.startswith(("https:/", "http:/")) and "://" not in ref:
        return ref.replace(":/", "://", 1)
    return ref


@router.get(
    "/amendments",
    response_model=AmendmentPage,
    summary="Endringslover og endringsforskrifter / amending acts",
    description="Endringsdokumentene fra Norsk Lovtidend i lagringen, nyeste først; act gir bare "
    "dem som endrer den loven, since og until avgrenser på dokumentets dato (ÅÅÅÅ-MM-DD).",
    responses=_example("amendments", 400, 404),
)
def list_amendments(
    store: StoreDep,
    request: Request,
    act: Annotated[
        str | None,
        Query(description="endret lov eller forskrift", examples=["lov/1999-07-02-61"]),
    ] = None,
    since: Annotated[
        date | None, Query(description="fra og med dato / from", examples=["2025-01-01"])
    ] = None,
    until: Annotated[
        date | None, Query(description="til og med dato / through", examples=["2025-12-31"])
    ] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Response:
    found, total = impact_mod.amendments_page(
        store,
        limit,
        offset,
        amended=lookup.resolve_legal(store, act) if act else None,
        since=since.isoformat() if since else None,
        until=until.isoformat() if until else None,
    )
    page = AmendmentPage(items=found, total=total, limit=limit, offset=offset)
    return json_body(page, link_header(request, total, limit, offset))


@router.get(
    "/amendments/{ref:path}",
    response_model=impact_mod.AmendmentDetail,
    summary="Et endringsdokument, endringene og hva de berører / an amending act and its impact",
    description="ref: lov/2025-06-20-72, LOV-2025-06-20-72 eller IRI-en.",
    responses=_example("amendment", 400, 404),
)
def get_amendment(ref: str, store: StoreDep) -> impact_mod.AmendmentDetail:
    return impact_mod.amendment(store, ref)


@router.get(
    "/lovdata-imports",
    response_model=ChangeSetPage,
    summary="Endringer ved nye importer fra Lovdata / changes at re-imports from Lovdata",
    description="Hver ny import av en Lovdata-fil over en eldre, per lov, nyeste først: "
    "antall endrede, nye og forsvunne paragrafer; act gir bare dem for den loven.",
    responses=_example("lovdata-imports", 400, 404),
)
def list_lovdata_imports(
    store: StoreDep,
    request: Request,
    response: Response,
    act: Annotated[
        str | None,
        Query(description="importert lov eller forskrift", examples=["lov/2011-06-24-30"]),
    ] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> ChangeSetPage:
    found = impact_mod.change_sets(store, lookup.resolve_legal(store, act) if act else None)
    return page_of(ChangeSetPage, found, request, response, limit, offset)


@router.get(
    "/lovdata-imports/{ref:path}",
    response_model=impact_mod.AmendmentDetail,
    summary="En ny import fra Lovdata og veiledningen den berører / a re-import from Lovdata "
    "and the guidance it touches",
    description="ref: lovdata-import/ÅÅÅÅMMDDTttmmssffffffZ/lov/… eller IRI-en, som i listen.",
    responses=_example("lovdata-import", 400, 404),
)
def get_lovdata_import(ref: str, store: StoreDep) -> impact_mod.AmendmentDetail:
    return impact_mod.change_set(store, ref)


@router.get(
    "/impact/absent",
    response_model=AbsentBasisPage,
    summary="Veiledning som hviler på bestemmelser som ikke finnes i gjeldende tekst / "
    "guidance resting on provisions absent from the current text",
    description="Bare der loven er kjent: importert fra Lovdata uten bestemmelsen "
    "(missing-from-current-text), eller bare kjent som henvisningsmål uten tekst "
    "(act-without-current-text).",
    responses=_example("absent-bases", 400),
)
def list_absent_bases(
    store: StoreDep,
    request: Request,
    response: Response,
    limit: Limit = 100,
    offset: Offset = 0,
) -> AbsentBasisPage:
    return page_of(
        AbsentBasisPage, absent_mod.absent_bases(store), request, response, limit, offset
    )


@router.get(
    "/impact",
    response_model=impact_mod.ProvisionImpact,
    summary="Endringer som berører en bestemmelse, og veiledningen de berører / impact of "
    "changes on a provision",
    responses=_example("impact", 400, 404),
)
def get_impact(
    store: StoreDep,
    provision: Annotated[
        str,
        Query(
            description="lov, paragraf, ledd eller bokstav (Lovdata-referanse eller IRI)",
            examples=["lov/1999-07-02-61/§4-1"],
        ),
    ],
) -> impact_mod.ProvisionImpact:
    return impact_mod.impact_of_provision(store, provision)


@router.get(
    "/products",
    response_model=ProductPage,
    summary="Normerende produkter med antall / normative products with counts",
    responses=_example("products", 400),
)
def list_products(
    store: StoreDep, request: Request, limit: Limit = 100, offset: Offset = 0
) -> Response:
    items, total = products.products_page(store, limit, offset)
    page = ProductPage(items=items, total=total, limit=limit, offset=offset)
    return json_body(page, link_header(request, total, limit, offset))


@router.get(
    "/products/{id}",
    response_model=products.ProductDetail,
    summary="Ett produkt med aktører og antall / one product with actors and counts",
    responses=_example("product", 404),
)
def get_product(id: str, store: StoreDep) -> products.ProductDetail:
    iri = lookup.resolve_product(store, id)
    return products.product(store, iri)


@router.get(
    "/overlaps",
    response_model=OverlapPage,
    summary="Overlapp mellom produkter / overlaps between products",
    responses=_example("overlaps", 400, 404),
)
def list_overlaps(
    store: StoreDep,
    request: Request,
    response: Response,
    product: Annotated[str | None, Query(examples=[PRODUCT_ID])] = None,
    provision: Annotated[str | None, Query(examples=["forskrift/2019-03-01-168/§6"])] = None,
    target: Annotated[str | None, Query(examples=[TARGET_ID])] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Response:
    if not (product or provision or target):
        total = overlaps_mod.overlap_count(store)
        items = overlaps_mod.overlap_page(store, limit, offset)
        page = OverlapPage(items=items, total=total, limit=limit, offset=offset)
        return json_body(page, link_header(request, total, limit, offset))
    found = overlaps_mod.overlaps(
        store,
        product=lookup.resolve_product(store, product) if product else None,
        provision=lookup.resolve_legal(store, provision) if provision else None,
        target=lookup.resolve_target(store, target) if target else None,
    )
    return json_body(
        page_of(OverlapPage, found, request, response, limit, offset), response.headers.get("Link")
    )


@router.get(
    "/handlingsrom",
    response_model=handlingsrom_mod.Handlingsrom,
    summary="Hva binder en målgruppe, og hva er råd / what binds a target group",
    responses=_example("handlingsrom", 404),
)
def get_handlingsrom(target: Ref, store: StoreDep) -> Response:
    iri = lookup.resolve_target(store, target)
    return json_body(handlingsrom_mod.handlingsrom(store, iri))


@router.get(
    "/stats",
    response_model=stats_mod.Stats,
    summary="Statistikk / statistics",
    responses=_example("stats"),
)
def get_stats(store: StoreDep) -> stats_mod.Stats:
    return stats_mod.stats(store)


@router.post(
    "/validate",
    response_model=ValidationOutcome,
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
    return Response(_OUTCOME.dump_json(report.outcome), media_type="application/json")


_OUTCOME = TypeAdapter(ValidationOutcome)


def _validate(body: bytes, media_type: str, store: Store) -> ValidationReport:
    if media_type == "application/json":
        data = document_to_graph(body, "forespørsel")
    else:
        data = parse_submitted(body, media_type)
    return validate_graph(data, store)


@router.post(
    "/citations",
    response_model=CitationList,
    summary="Finn lovhenvisninger i en tekst / find legal citations in a text",
    responses=_example("citations", 400),
)
def citations(body: CitationsRequest) -> CitationList:
    return CitationList(find_citations(body.text))
