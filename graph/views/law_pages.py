"""The law pages: a recommendation with its legal-basis trace, a provision with what rests
on it, a product with its recommendations by strength, an act with its table of contents.

Each builder starts from the page's own resource and runs only the named queries bound to
it (and to the few resources it links), so a page costs the same whether the store holds
the bundled acts or all of Lovdata.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from rdflib import URIRef

from graph.errors import NotFoundError
from graph.model.iris import id_of, legal_ref, ref_to_iri
from graph.model.results import (
    ActorRef,
    ProductRef,
    RecommendationRef,
    TargetRef,
    legal_level,
    natural_key,
)
from graph.questions.legislation import act as act_detail
from graph.questions.legislation import act_dependents
from graph.questions.legislation import provision as provision_detail
from graph.questions.lookup import text
from graph.questions.named import run_query
from graph.questions.overlaps import overlaps, recommendation_overlaps
from graph.questions.products import product as product_detail
from graph.questions.recommendations import recommendation as recommendation_detail
from graph.questions.trace import BasisTrace, ChainLink, legal_chain
from graph.store import Store
from graph.views.labels import (
    act_citation,
    act_name,
    chain_citation,
    chapter_heading,
    date_words,
    lower_first,
    ordinal,
    part_words,
    provision_citation,
    refid_words,
)
from graph.views.trace_svg import Diagram, NodeSpec, layout_chains

__all__ = [
    "STRENGTH_ORDER",
    "ActPage",
    "LawLink",
    "ProductPage",
    "ProvisionPage",
    "RecommendationPage",
    "act_page",
    "law_link",
    "page_kind",
    "product_page",
    "provision_page",
    "recommendation_page",
    "revision_status",
]

SKAL_SHAPE = URIRef("https://w3id.org/hjemmel/shapes#SkalHasLegalBasis")
STRENGTH_ORDER = ("skal", "bør", "kan", "uavklart")
STRENGTH_HEADINGS = {
    "skal": "Skal – plikt som krever hjemmel i lov eller forskrift",
    "bør": "Bør – sterk anbefaling",
    "kan": "Kan – svak anbefaling",
    "uavklart": "Uavklart styrke",
}
PRODUCT_TYPES = {
    "NationalGuideline": "Nasjonal faglig retningslinje",
    "NationalGuide": "Nasjonal veileder",
    "NationalAdvice": "Nasjonale faglige råd",
    "Circular": "Rundskriv",
    "LegalGuide": "Veileder til lov og forskrift",
}
PRODUCT_STATUS = {
    "horingsutkast": "Høringsutkast",
    "gjeldende": "Gjeldende",
    "avpublisert": "Avpublisert",
}
ROLE_HEADINGS = {
    "publisher": "Utgiver",
    "commissionedBy": "Oppdragsgiver",
    "consultedBody": "Høringsinstanser",
    "participant": "Deltakere",
    "referenceGroup": "Referansegruppe",
    "projectGroup": "Prosjektgruppe",
}
REVISION_YEARS = 4
COLLAPSE_OVER = 8
"""Actor lists longer than this are folded (``<details>``)."""


# ---------------------------------------------------------------------------- shared parts


@dataclass(frozen=True)
class LawLink:
    """A link to a legal resource as a jurist writes it: ``hol. § 12-5`` and its title."""

    iri: str
    citation: str
    title: str | None = None
    fragment: str = ""

    @property
    def text(self) -> str:
        return f"{self.citation} {self.title}" if self.title else self.citation


@dataclass(frozen=True)
class StrengthGroup:
    """Recommendations of one strength."""

    strength: str
    heading: str
    items: list[RecommendationRow]


@dataclass(frozen=True)
class RecommendationRow:
    """A recommendation in a list, with the state of its legal basis."""

    ref: RecommendationRef
    basis: list[LawLink] = field(default_factory=list)
    status: str = "none"
    """``ok`` (has a basis), ``missing`` (a skal without one) or ``none`` (bør/kan without)."""


@dataclass(frozen=True)
class ObjectionView:
    iri: str
    actor: ActorRef | None
    arguments: list[str]
    invokes: list[LawLink]


def _fragment(iri: str) -> tuple[str, str]:
    """A ledd or point IRI → its provision's IRI and the anchor on the provision page."""
    m = re.match(r"^(.*?/paragraf/[^/]+)(/.*)?$", iri)
    if not m or not m.group(2):
        return iri, ""
    return m.group(1), "#" + m.group(2).strip("/").replace("/", "-")


def _link_from_chain(chain: list[ChainLink]) -> LawLink:
    last = chain[-1]
    provision = next((c for c in chain if c.level == "provision"), None)
    if last.level in ("ledd", "point") and provision is not None:
        base, fragment = _fragment(last.iri)
        return LawLink(base, chain_citation(chain), provision.title, fragment)
    title = None if last.level == "act" else last.title
    if last.level == "chapter":
        title = chapter_heading(last.number, last.title)
    return LawLink(last.iri, chain_citation(chain), title)


def law_link(store: Store, iri: str) -> LawLink:
    """The link to a legal resource, named by act and number (a few ``legal-node`` queries
    up the hierarchy)."""
    chain = legal_chain(store, URIRef(iri))
    if not chain or chain[0].level != "act":
        return LawLink(iri, legal_ref(iri))
    return _link_from_chain(chain)


def _group(rows: Iterable[RecommendationRow]) -> list[StrengthGroup]:
    by: dict[str, list[RecommendationRow]] = {}
    for row in rows:
        by.setdefault(row.ref.strength or "uavklart", []).append(row)
    return [
        StrengthGroup(s, STRENGTH_HEADINGS[s], sorted(by[s], key=lambda r: r.ref.title or ""))
        for s in STRENGTH_ORDER
        if s in by
    ]


def _objections(store: Store, product: str | None, objects_to: set[str]) -> list[ObjectionView]:
    if product is None:
        return []
    out: dict[str, ObjectionView] = {}
    for row in run_query(store, "objections", product=URIRef(product)):
        if str(row["objectsTo"]) not in objects_to or str(row["objection"]) in out:
            continue
        actor = None
        if "actor" in row:
            actor = ActorRef(id_of(row["actor"]), str(row["actor"]), text(row, "actorName"))
        invokes = [
            law_link(store, str(ref_to_iri(r.strip())))
            for r in (text(row, "invokes") or "").split(";")
            if r.strip()
        ]
        arguments = [a.strip() for a in (text(row, "arguments") or "").split("\n\n") if a.strip()]
        out[str(row["objection"])] = ObjectionView(str(row["objection"]), actor, arguments, invokes)
    return list(out.values())


def shape_message(store: Store, shape: URIRef = SKAL_SHAPE) -> str:
    rows = run_query(store, "shape-message", shape=shape)
    return text(rows[0], "message") or "" if rows else ""


def _regulation_link(iri: str, title: str | None) -> LawLink:
    name = act_name(None, title) if title else refid_words(iri)
    return LawLink(iri, name, title if title and title != name else None)


# ---------------------------------------------------------------------------- recommendation


@dataclass(frozen=True)
class Lane:
    """One relation of the trace: its heading, its chains (each drawn wide and narrow) and
    what to say when it has none."""

    heading: str
    diagrams: list[tuple[Diagram, Diagram]]
    empty: str | None = None


@dataclass(frozen=True)
class Quote:
    text: str
    source_iri: str | None
    source_file: str | None


@dataclass(frozen=True)
class OverlapView:
    other: RecommendationRef
    conflict: bool
    reasons: list[str]


@dataclass(frozen=True)
class RecommendationPage:
    iri: str
    title: str
    strength: str | None
    product: ProductRef | None
    target_groups: list[TargetRef]
    chapter_title: str | None
    practical_text: str | None
    rationale: str | None
    topic: str | None
    basis: list[LawLink]
    cites: list[LawLink]
    missing_basis: str | None
    lanes: list[Lane]
    quotes: list[Quote]
    objections: list[ObjectionView]
    overlaps: list[OverlapView]


_LEVEL_KIND = {"ledd": "Ledd", "point": "Bokstav", "chapter": "Kapittel"}


def _chain_specs(basis: BasisTrace, disputed: bool = False) -> list[NodeSpec]:
    """The law of one basis, the most specific level first and the act last."""
    chain = basis.chain
    specs = []
    for i in range(len(chain) - 1, -1, -1):
        link = chain[i]
        upto = chain[: i + 1]
        if link.level == "act":
            kind = "Forskrift" if "/forskrift/" in link.iri else "Lov"
            specs.append(NodeSpec(kind, act_name(link.short_title, link.title), link.iri, "act"))
            continue
        target = _link_from_chain(upto)
        if link.level == "provision":
            specs.append(
                NodeSpec(target.citation, link.title or "", target.iri, "legal", target.fragment)
            )
        elif link.level == "chapter":
            specs.append(
                NodeSpec(
                    f"Kapittel {link.number}" if link.number else "Kapittel",
                    chapter_heading(link.number, link.title),
                    link.iri,
                )
            )
        else:
            specs.append(
                NodeSpec(
                    part_words(link.iri).capitalize() or _LEVEL_KIND[link.level],
                    target.citation,
                    target.iri,
                    "conflict" if disputed else "legal",
                    target.fragment,
                )
            )
    return specs


def _diagrams(
    ident: str, title: str, chains: list[list[NodeSpec]]
) -> list[tuple[Diagram, Diagram]]:
    """The chains of one lane as one picture, drawn wide and narrow; none without chains."""
    if not chains:
        return []
    return [
        (
            layout_chains(ident, title, chains, "horizontal"),
            layout_chains(ident, title, chains, "vertical"),
        )
    ]


def recommendation_page(store: Store, iri: URIRef) -> RecommendationPage:
    """:raises NotFoundError: the store has no such recommendation."""
    rec = recommendation_detail(store, iri)
    trace = rec.trace
    assert trace is not None
    title = rec.title or "Anbefaling uten tittel"
    start = NodeSpec(
        f"Anbefaling · {rec.strength or 'uavklart'}",
        title,
        str(iri),
        "missing" if rec.strength == "skal" and not rec.legal_basis else "start",
    )
    missing = shape_message(store) if rec.strength == "skal" and not rec.legal_basis else None
    lanes: list[Lane] = []
    own_chains = [[start, *_chain_specs(b)] for b in trace.legal_basis]
    if not own_chains and missing:
        own_chains = [[start, NodeSpec("Mangler hjemmel", missing, None, "missing")]]
    own_title = (
        "Hjemmel for anbefalingen: " + "; ".join(b.ref for b in trace.legal_basis)
        if trace.legal_basis
        else "Anbefalingen mangler hjemmel"
    )
    lanes.append(
        Lane(
            "Anbefalingens hjemmel",
            _diagrams("basis", own_title, own_chains),
            None if own_chains else "Ingen hjemmel er oppgitt; det kreves ikke for bør og kan.",
        )
    )
    product_start = (
        NodeSpec("Produkt", rec.product.title or rec.product.id, rec.product.iri, "start")
        if rec.product
        else None
    )
    lanes.append(
        Lane(
            "Produktets hjemmel",
            _diagrams(
                "product",
                "Hjemmel for produktet: " + "; ".join(b.ref for b in trace.product_legal_basis),
                [
                    [*([product_start] if product_start else []), *_chain_specs(b)]
                    for b in trace.product_legal_basis
                ],
            ),
            "Produktet har ingen registrert hjemmel.",
        )
    )
    publishers = {b.publisher.name for b in trace.empowerment if b.publisher and b.publisher.name}
    lanes.append(
        Lane(
            "Utgiverens myndighet",
            _diagrams(
                "empowerment",
                f"Bestemmelser som gir {' og '.join(sorted(publishers)) or 'utgiveren'} "
                "myndighet: " + "; ".join(b.ref for b in trace.empowerment),
                [
                    [
                        *(
                            [NodeSpec("Utgiver", b.publisher.name or "", b.publisher.iri, "start")]
                            if b.publisher
                            else []
                        ),
                        *_chain_specs(b),
                    ]
                    for b in trace.empowerment
                ],
            ),
            "Ingen bestemmelse gir utgiveren myndighet i grafen.",
        )
    )
    overlap_views = []
    if rec.product is not None:
        for pair in recommendation_overlaps(store, iri):
            other = pair.b if pair.a.iri == str(iri) else pair.a
            reasons = []
            for reason in pair.reasons:
                if reason.reason == "provision":
                    reasons.append(f"samme bestemmelse: {law_link(store, reason.shared).citation}")
                else:
                    reasons.append(
                        f"samme målgruppe ({reason.shared_label or id_of(reason.shared)})"
                        + (f" og tema ({reason.topic})" if reason.topic else "")
                    )
            overlap_views.append(OverlapView(other, pair.conflict, reasons))
    return RecommendationPage(
        iri=str(iri),
        title=title,
        strength=rec.strength,
        product=rec.product,
        target_groups=rec.target_groups,
        chapter_title=rec.chapter_title,
        practical_text=rec.practical_text,
        rationale=rec.rationale,
        topic=rec.topic,
        basis=[law_link(store, b.iri) for b in rec.legal_basis],
        cites=[law_link(store, c.iri) for c in rec.cites],
        missing_basis=missing,
        lanes=lanes,
        quotes=[Quote(p.quote, p.source, p.source_file) for p in rec.provenance if p.quote],
        objections=_objections(store, rec.product.iri if rec.product else None, {str(iri)}),
        overlaps=overlap_views,
    )


# ---------------------------------------------------------------------------- provision


@dataclass(frozen=True)
class PointView:
    iri: str
    anchor: str
    marker: str
    text: str
    current: bool


@dataclass(frozen=True)
class LeddView:
    iri: str
    anchor: str
    number: int
    name: str
    text: str
    points: list[PointView]
    current: bool


@dataclass(frozen=True)
class ProvisionPage:
    iri: str
    heading: str
    citation: str
    title: str | None
    act: LawLink
    act_title: str | None
    chapter: LawLink | None
    lovdata_url: str
    ledd: list[LeddView]
    plain_text: str | None
    current: str | None
    products: list[ProductRef]
    recommendations: list[StrengthGroup]
    regulations: list[LawLink]
    citing: list[LawLink]
    actors: list[ActorRef]
    amendments: list[str]


def _ledd_views(parts: list, current: str | None) -> list[LeddView]:
    ledd: dict[int, LeddView] = {}
    points: dict[int, list[PointView]] = {}
    for part in parts:
        m = re.search(r"/ledd/(\d+)(/(bokstav|nummer)/([^/]+))?$", part.iri)
        if not m:
            continue
        n = int(m.group(1))
        anchor = part.iri.split("/paragraf/", 1)[1].split("/", 1)[1].replace("/", "-")
        if m.group(2):
            marker = f"{m.group(4)})" if m.group(3) == "bokstav" else f"{m.group(4)}."
            points.setdefault(n, []).append(
                PointView(part.iri, anchor, marker, part.text or "", part.iri == current)
            )
        else:
            ledd[n] = LeddView(
                part.iri, anchor, n, f"{ordinal(n)} ledd", part.text or "", [], part.iri == current
            )
    for n, items in points.items():
        if n in ledd:
            items.sort(key=lambda p: natural_key(p.marker))
            ledd[n].points.extend(items)
            # Lovdata's ledd text runs on through its points; keep the words before them.
            cut = ledd[n].text.find(items[0].text) if items[0].text else -1
            if cut >= 0:
                ledd[n] = replace(ledd[n], text=ledd[n].text[:cut].strip())
    return [ledd[n] for n in sorted(ledd)]


def _amendment_sentences(store: Store, iri: URIRef) -> list[str]:
    out = []
    for row in run_query(store, "provision-amendments", provision=iri):
        act = refid_words(str(row["amendingAct"]))
        when = date_words(text(row, "inForce"))
        sentence = f"Endret ved {act}" + (f", i kraft {when}" if when else "") + "."
        if sentence not in out:
            out.append(sentence)
    return out


def provision_page(store: Store, iri: URIRef, current: str | None = None) -> ProvisionPage:
    """A provision with its text by ledd and point, what rests on it and its amendments.

    :raises NotFoundError: not a provision in the store.
    """
    detail = provision_detail(store, str(iri))
    if detail.level != "provision":
        raise NotFoundError(f"ikke en paragraf / not a provision: {iri}")
    abbreviation = act_citation(detail.act.short_title, detail.act.title)
    name = lower_first(act_name(detail.act.short_title, detail.act.title))
    number = f"§ {detail.number}" if detail.number else ""
    heading = " ".join(x for x in (name, number, detail.title or "") if x)
    deps = detail.dependents
    rows = [RecommendationRow(r, status="ok") for r in deps.recommendations]
    regulations = [_regulation_link(r.iri, r.title) for r in deps.regulations]
    citing = []
    for row in run_query(store, "citing-provisions", provision=iri):
        act_abbr = act_citation(text(row, "actShortTitle"), text(row, "actTitle"))
        citing.append(
            LawLink(
                str(row["citing"]),
                provision_citation(act_abbr, text(row, "number")),
                text(row, "title"),
            )
        )
    chapter = (
        LawLink(detail.chapter, "Kapittel", chapter_heading(None, detail.chapter_title))
        if detail.chapter
        else None
    )
    if chapter and detail.chapter:
        m = re.search(r"/kapittel/([^/]+)$", detail.chapter)
        chapter = LawLink(
            detail.chapter,
            f"Kapittel {m.group(1)}" if m else "Kapittel",
            chapter_heading(None, detail.chapter_title),
        )
    ledd = _ledd_views(detail.parts, current)
    return ProvisionPage(
        iri=str(iri),
        heading=heading,
        citation=provision_citation(abbreviation, detail.number),
        title=detail.title,
        act=LawLink(detail.act.iri, act_name(detail.act.short_title, detail.act.title)),
        act_title=detail.act.title,
        chapter=chapter,
        lovdata_url=detail.lovdata_url,
        ledd=ledd,
        plain_text=None if ledd else detail.text,
        current=current,
        products=deps.products,
        recommendations=_group(rows),
        regulations=regulations,
        citing=citing,
        actors=deps.actors,
        amendments=_amendment_sentences(store, iri),
    )


# ---------------------------------------------------------------------------- product


@dataclass(frozen=True)
class ActorView:
    actor: ActorRef
    empowered_by: list[LawLink]


@dataclass(frozen=True)
class RoleGroup:
    role: str
    heading: str
    actors: list[ActorView]
    collapsed: bool


@dataclass(frozen=True)
class Revision:
    due: bool | None
    text: str


@dataclass(frozen=True)
class ProductOverlap:
    other: ProductRef | None
    mine: RecommendationRef
    theirs: RecommendationRef
    conflict: bool
    reasons: list[str]


@dataclass(frozen=True)
class ProductPage:
    iri: str
    title: str
    type: str | None
    status: str | None
    publisher: ActorRef | None
    helsedir_url: str | None
    first_published: str | None
    last_change: str | None
    revision: Revision
    basis: list[LawLink]
    groups: list[StrengthGroup]
    total: int
    actors: list[RoleGroup]
    overlaps: list[ProductOverlap]
    objections: list[ObjectionView]
    chapters: list[tuple[str, str]]


def revision_status(last_change: str | None, today: dt.date | None = None) -> Revision:
    """The four-year rule: a product is due for revision when its last professional change
    is four years old or more.

    >>> revision_status("2012-06-01T00:00:00", dt.date(2025, 1, 1)).due
    True
    >>> revision_status("2024-12-30", dt.date(2025, 1, 1)).text
    'Sist faglig endret 30. desember 2024 (0 år siden); innenfor fireårsregelen.'
    """
    if not last_change:
        return Revision(
            None, "Dato for siste faglige endring mangler; fireårsregelen kan ikke vurderes."
        )
    today = today or dt.date.today()
    try:
        changed = dt.date.fromisoformat(last_change[:10])
    except ValueError:
        return Revision(None, f"Sist faglig endret {last_change}.")
    years = today.year - changed.year - ((today.month, today.day) < (changed.month, changed.day))
    when = f"Sist faglig endret {date_words(changed.isoformat())} ({years} år siden)"
    if years >= REVISION_YEARS:
        return Revision(True, f"{when}; skal revideres etter fireårsregelen.")
    return Revision(False, f"{when}; innenfor fireårsregelen.")


def product_page(store: Store, iri: URIRef, today: dt.date | None = None) -> ProductPage:
    """:raises NotFoundError: the store has no such product."""
    detail = product_detail(store, iri)
    links: dict[str, LawLink] = {}

    def link(ref_or_iri: str) -> LawLink:
        target = ref_or_iri if ref_or_iri.startswith("http") else str(ref_to_iri(ref_or_iri))
        if target not in links:
            links[target] = law_link(store, target)
        return links[target]

    rows = []
    for r in run_query(store, "recommendations-search", product=iri):
        ref = RecommendationRef.of(
            r["recommendation"], r.get("title"), r.get("strength"), r.get("product"), None
        )
        basis = [link(b.strip()) for b in (text(r, "legalBasis") or "").split(";") if b.strip()]
        status = "ok" if basis else ("missing" if ref.strength == "skal" else "none")
        rows.append(RecommendationRow(ref, basis, status))
    groups: dict[str, list[ActorView]] = {}
    for role in detail.actors:
        groups.setdefault(role.role, []).append(
            ActorView(role.actor, [link(e) for e in role.empowered_by])
        )
    actor_groups = [
        RoleGroup(
            role,
            ROLE_HEADINGS.get(role, role),
            sorted(views, key=lambda v: v.actor.name or ""),
            len(views) > COLLAPSE_OVER,
        )
        for role, views in sorted(groups.items(), key=lambda kv: list(ROLE_HEADINGS).index(kv[0]))
    ]
    pairs = []
    for pair in overlaps(store, product=iri):
        mine, theirs = (
            (pair.a, pair.b)
            if pair.a.product and pair.a.product.iri == str(iri)
            else (
                pair.b,
                pair.a,
            )
        )
        reasons = [
            f"samme bestemmelse: {link(r.shared).citation}"
            if r.reason == "provision"
            else f"samme målgruppe ({r.shared_label or id_of(r.shared)})"
            + (f" og tema ({r.topic})" if r.topic else "")
            for r in pair.reasons
        ]
        pairs.append(ProductOverlap(theirs.product, mine, theirs, pair.conflict, reasons))
    objects_to = {str(iri), *(r.ref.iri for r in rows)}
    return ProductPage(
        iri=str(iri),
        title=detail.title or detail.id,
        type=PRODUCT_TYPES.get(detail.type or "", detail.type),
        status=PRODUCT_STATUS.get(detail.status or "", detail.status),
        publisher=detail.publisher,
        helsedir_url=detail.helsedir_url,
        first_published=date_words(detail.first_published),
        last_change=date_words(detail.last_professional_change),
        revision=revision_status(detail.last_professional_change, today),
        basis=[link(b) for b in detail.legal_basis],
        groups=_group(rows),
        total=len(rows),
        actors=actor_groups,
        overlaps=pairs,
        objections=_objections(store, str(iri), objects_to),
        chapters=[(c.iri, c.title or c.id) for c in detail.chapters],
    )


# ---------------------------------------------------------------------------- act


@dataclass
class ChapterView:
    iri: str
    anchor: str
    number: str | None
    heading: str
    provisions: list[LawLink]
    children: list[ChapterView] = field(default_factory=list)
    open: bool = False


@dataclass(frozen=True)
class ActPage:
    iri: str
    name: str
    title: str | None
    kind: str
    citation: str
    lovdata_url: str
    based_on: list[LawLink]
    chapters: list[ChapterView]
    loose: list[LawLink]
    provision_count: int
    products: list[ProductRef]
    recommendations: list[StrengthGroup]
    regulations: list[LawLink]


def act_page(store: Store, iri: URIRef, current_chapter: str | None = None) -> ActPage:
    """An act or regulation: its chapters (each folded), what rests on it.

    :raises NotFoundError: not an act or regulation in the store.
    """
    detail = act_detail(store, str(iri))
    views: dict[str, ChapterView] = {}
    for chapter in detail.chapters:
        views[chapter.iri] = ChapterView(
            chapter.iri,
            "kapittel-" + chapter.iri.rsplit("/", 1)[-1],
            chapter.number,
            chapter_heading(chapter.number, chapter.title),
            [
                LawLink(p.iri, f"§ {p.number}" if p.number else legal_ref(p.iri), p.title)
                for p in chapter.provisions
            ],
            open=chapter.iri == current_chapter,
        )
    roots = []
    for chapter in detail.chapters:
        view = views[chapter.iri]
        if chapter.parent and chapter.parent in views:
            views[chapter.parent].children.append(view)
            if view.open:
                views[chapter.parent].open = True
        else:
            roots.append(view)
    in_chapter = {p.iri for c in views.values() for p in c.provisions}
    loose = [
        LawLink(p.iri, f"§ {p.number}" if p.number else legal_ref(p.iri), p.title)
        for p in detail.provisions
        if p.iri not in in_chapter
    ]
    deps = act_dependents(store, iri)
    return ActPage(
        iri=str(iri),
        name=act_name(detail.short_title, detail.title),
        title=detail.title,
        kind="Forskrift" if detail.kind == "forskrift" else "Lov",
        citation=refid_words(str(iri)),
        lovdata_url=detail.lovdata_url,
        based_on=[law_link(store, str(ref_to_iri(b))) for b in detail.based_on],
        chapters=roots,
        loose=loose,
        provision_count=len(detail.provisions),
        products=deps.products,
        recommendations=_group(RecommendationRow(r) for r in deps.recommendations),
        regulations=[_regulation_link(r.iri, r.title) for r in deps.regulations],
    )


def page_kind(iri: str) -> str | None:
    """Which law page an IRI has: ``recommendation``, ``product``, ``provision`` (also for
    its ledd and points), ``act`` (also for its chapters), or None."""
    path = iri.split("/hjemmel/", 1)[-1]
    if path.startswith("anbefaling/"):
        return "recommendation"
    if path.startswith("produkt/"):
        return "product"
    if path.startswith(("lov/", "forskrift/")):
        level = legal_level(iri)
        return "act" if level in ("act", "chapter") else "provision"
    return None


LawPage = RecommendationPage | ProductPage | ProvisionPage | ActPage


def law_page(store: Store, iri: str) -> LawPage:
    """The reading page of ``iri``: a recommendation's, a product's, a provision's (a ledd
    or point opens its provision with that part marked) or an act's (a chapter opens its
    act with that chapter unfolded).

    :raises NotFoundError: the IRI has no reading page, or the store does not know it.
    """
    kind = page_kind(iri)
    if kind == "recommendation":
        return recommendation_page(store, URIRef(iri))
    if kind == "product":
        return product_page(store, URIRef(iri))
    if kind == "provision":
        provision = iri.split("/ledd/", 1)[0]
        return provision_page(store, URIRef(provision), iri if provision != iri else None)
    if kind == "act":
        act = iri.split("/kapittel/", 1)[0].split("/seksjon/", 1)[0]
        return act_page(store, URIRef(act), iri if act != iri else None)
    raise NotFoundError(f"ingen leseside / no reading page: {iri}")
