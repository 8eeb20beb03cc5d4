"""Pages for the law as it changes: the list of imported amending acts (``/endringer``),
the reading page of one amending act (its changes grouped by the act they amend, and the
guidance each change touches), and the «Endringer» sections of the provision and
recommendation pages.

An amending act has the same IRI as the act it is (``lov/2025-06-20-72``): its reading page
is the amending act's page, with the act's own table of contents below when the store holds
its text. Everything is said in words, from the sentences of
:mod:`graph.questions.impact`; no page shows an IRI.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import URIRef

from graph.errors import BadInputError, NotFoundError
from graph.model.iris import legal_ref
from graph.model.results import ProductRef
from graph.model.strength import Strength
from graph.model.vocab import BASE
from graph.questions.absent import REASON_NB, AbsentBasis, absent_bases
from graph.questions.impact import (
    AmendmentDetail,
    AmendmentRef,
    ChangeDetail,
    ImpactItem,
    TouchKind,
    amendment,
    amendments,
    change_set,
    change_sets,
    describe_target,
    group_impact,
    impact_of_provision,
    is_amendment,
)
from graph.questions.lookup import text
from graph.questions.named import run_query
from graph.store import Store
from graph.views.labels import act_name, date_words, lower_first, refid_words
from graph.views.law_pages import (
    ActPage,
    LawPage,
    ProvisionPage,
    RecommendationPage,
    act_page,
    law_page,
    page_kind,
)

__all__ = [
    "KIND_LABELS",
    "PAGE_SIZE",
    "AbsentGroup",
    "AmendedActGroup",
    "AmendingActPage",
    "AmendmentListPage",
    "AmendmentListRow",
    "BasisWarning",
    "ChangeSetCard",
    "ChangeView",
    "ChangesSection",
    "TouchGroup",
    "TouchedItem",
    "amending_act_page",
    "amendment_list_page",
    "changes_for",
    "provision_changes",
    "reading_page",
    "recommendation_changes",
]

KIND_LABELS: dict[TouchKind, str] = {
    "innsatt": "Ny tekst",
    "erstattet": "Ny ordlyd",
    "opphevet": "Oppheves",
    "omnummerert": "Nytt nummer",
    "ny-overskrift": "Ny overskrift",
    "ulest": "Ulest endringsinstruks",
}
_RELATION_WORDS = {
    "legalBasis": "hjemmel i",
    "cites": "viser til",
    "empoweredBy": "utgiverens myndighet etter",
}
PAGE_SIZE = 20
"""Amending acts, and re-imports from Lovdata, per page of ``/endringer``: the page's cost
is bounded by it, never by how many there are in the store."""
_WARN_TOUCHES: dict[TouchKind, str] = {
    "opphevet": "Hjemmelen oppheves",
    "omnummerert": "Hjemmelen får nytt nummer",
}


# ---------------------------------------------------------------------------- parts


@dataclass(frozen=True)
class ChangeView:
    """One change in words: its sentence, the instruction as printed, the new wording (one
    string per ledd) and where the text it changes stands today."""

    anchor: str
    kind: TouchKind
    kind_label: str
    sentence: str
    instruction: str
    position: str
    unread: bool
    new_title: str | None
    new_wording: list[str]
    current_iri: str | None
    """The provision page (with a ledd or point anchor) of the text the change applies to,
    when the store holds it."""
    current_text: str | None
    amendment_iri: str
    amendment_name: str
    touched: int
    from_lovdata: bool = False
    """A change seen at a re-import from Lovdata, not an amending act's instruction."""


@dataclass(frozen=True)
class AmendedActGroup:
    """The changes an amending act makes to one act."""

    iri: str | None
    name: str
    citation: str
    anchor: str
    changes: list[ChangeView]


@dataclass(frozen=True)
class TouchedItem:
    """A recommendation or product a change touches, with how."""

    iri: str
    kind: str
    title: str
    strength: Strength | None
    product: ProductRef | None
    how: list[str]
    """One line per change touching it: what it rests on and what happens to it."""


@dataclass(frozen=True)
class TouchGroup:
    """Touched guidance of one kind of touch and one strength."""

    touch: TouchKind
    strength: Strength | None
    heading: str
    anchor: str
    items: list[TouchedItem]


@dataclass(frozen=True)
class BasisWarning:
    """A change that repeals or renumbers what a recommendation rests on."""

    lead: str
    sentence: str
    amendment_iri: str
    amendment_name: str


@dataclass(frozen=True)
class ChangesSection:
    """The «Endringer» section of a provision or recommendation page."""

    subject: str
    changes: list[ChangeView]
    impact: list[TouchGroup]
    warnings: list[BasisWarning] = field(default_factory=list)
    new_in_chapter: list[str] = field(default_factory=list)
    """«Ny bestemmelse i samme kapittel: § 12-7 …», one line per new provision in a chapter
    the recommendation rests on."""


# ---------------------------------------------------------------------------- words


def _iri(ref: str) -> str:
    """The IRI of a Lovdata reference as :func:`graph.model.iris.legal_ref` writes it
    (also a chapter: ``lov/1999-07-02-61/kapittel/3``).

    >>> _iri("lov/1999-07-02-61/§4-1/ledd/3")[len(BASE):]
    'lov/1999-07-02-61/paragraf/4-1/ledd/3'
    """
    return (
        ref if ref.startswith(("http://", "https://")) else BASE + ref.replace("/§", "/paragraf/")
    )


def _ref_href(ref: str) -> str:
    """A Lovdata reference → the IRI of its reading page with a ledd or point anchor."""
    iri = _iri(ref)
    m = re.match(r"^(.*?/paragraf/[^/]+)(/.*)?$", iri)
    if not m or not m.group(2):
        return iri
    return m.group(1) + "#" + m.group(2).strip("/").replace("/", "-")


def _anchor(iri: str) -> str:
    m = re.search(r"/endring/([^/]+)$", iri)
    return "endring-" + (m.group(1) if m else re.sub(r"[^A-Za-z0-9-]", "-", iri[-24:]))


def _act_of(ref: str) -> str:
    """The act IRI of a Lovdata reference (``lov/1999-07-02-61/§4-1`` → the act's IRI)."""
    return _iri("/".join(ref.split("/")[:2]))


def _new_number(target: str, renumbered_to: str) -> str:
    """What a renumbered target becomes, without the words it shares with the old number.

    >>> _new_number("§ 4-1 tredje ledd", "lov/1999-07-02-61/§4-1/ledd/4")
    'fjerde ledd'
    """
    old, new = target.split(), describe_target(_iri(renumbered_to)).split()
    same = 0
    while same < min(len(old), len(new)) - 1 and old[same] == new[same]:
        same += 1
    return " ".join(new[same:])


def _how(item: ImpactItem, change: ChangeDetail | None, names: dict[str, str]) -> str:
    """``hjemmel i spesialisthelsetjenesteloven § 4-1 tredje ledd, som blir fjerde ledd``
    and the like."""
    act = names.get(_act_of(item.basis)) or refid_words(_act_of(item.basis))
    basis = f"{act} {describe_target(_iri(item.basis))}".strip()
    rests = f"{_RELATION_WORDS.get(item.relation, 'hviler på')} {basis}"
    if change is None or change.target is None:
        return rests
    target = describe_target(_iri(change.target))
    # «…, som blir fjerde ledd» when the change is to the basis itself, else name the target.
    subject = "som" if change.target == item.basis else f"og {target}"
    if change.source == "lovdata-import":
        when = change.amendment.name
        if change.kind == "innsatt" and change.scope:
            where = describe_target(_iri(change.scope))
            return f"{rests}, og {where} har fått ny {target} ved {when}"
        if change.kind == "opphevet":
            return f"{rests}, {subject} finnes ikke lenger i gjeldende tekst etter {when}"
        return f"{rests}, {subject} er endret ved {when}"
    if change.kind == "omnummerert" and change.renumbered_to:
        return f"{rests}, {subject} blir {_new_number(target, change.renumbered_to)}"
    if change.kind == "opphevet":
        return f"{rests}, {subject} oppheves"
    if change.kind == "erstattet":
        return f"{rests}, {subject} får ny ordlyd"
    if change.kind == "innsatt":
        if change.target_level == "provision" and change.scope:
            where = describe_target(_iri(change.scope))
            return f"{rests}, og {where} får ny {target}"
        return f"{rests}, og {target} settes inn"
    if change.kind == "ny-overskrift":
        return f"{rests}, {subject} får ny overskrift"
    return f"{rests}, og en endringsinstruks kunne ikke leses"


def _change_view(change: ChangeDetail, amended: str) -> ChangeView:
    current = _ref_href(change.scope) if change.scope else None
    current_text = None
    if change.scope:
        current_text = f"{amended} {describe_target(_iri(change.scope))}".strip()
    wording = [w.strip() for w in (change.new_wording or "").split("\n") if w.strip()]
    dependents = {i.iri for i in change.impact}
    return ChangeView(
        anchor=_anchor(change.iri),
        kind=change.kind,
        kind_label=KIND_LABELS[change.kind],
        sentence=change.description,
        instruction=change.instruction,
        position=change.position[:1].upper() + change.position[1:],
        unread=change.kind == "ulest",
        new_title=change.new_title,
        new_wording=wording,
        current_iri=current,
        current_text=current_text,
        amendment_iri=change.amendment.iri,
        amendment_name=change.amendment.name,
        touched=len(dependents),
        from_lovdata=change.source == "lovdata-import",
    )


def _touch_groups(
    changes: list[ChangeDetail], names: dict[str, str], only: str | None = None
) -> list[TouchGroup]:
    """Touched guidance grouped by touch and strength (:func:`group_impact`), each
    recommendation or product once per group with every change that touches it."""
    by_iri = {c.iri: c for c in changes}
    items = [i for c in changes for i in c.impact if only is None or i.iri == only]
    groups = []
    for group in group_impact(items):
        merged: dict[str, TouchedItem] = {}
        for item in group.items:
            line = _how(item, by_iri.get(item.change), names)
            known = merged.get(item.iri)
            if known is None:
                merged[item.iri] = TouchedItem(
                    iri=item.iri,
                    kind=item.kind,
                    title=item.title
                    or ("Anbefaling" if item.kind == "recommendation" else "Produkt"),
                    strength=item.strength,
                    product=item.product,
                    how=[line],
                )
            elif line not in known.how:
                known.how.append(line)
        strength = (group.strength or "uten-styrke").replace("ø", "o")
        groups.append(
            TouchGroup(
                group.touch,
                group.strength,
                group.heading,
                f"berort-{group.touch}-{strength}",
                sorted(merged.values(), key=lambda i: (i.kind != "recommendation", i.title)),
            )
        )
    return groups


def _amended_names(store: Store, act: URIRef) -> dict[str, tuple[str, str]]:
    """The amended acts of an amending act: IRI → (name, formal name)."""
    names: dict[str, tuple[str, str]] = {}
    for row in run_query(store, "amendment", act=act):
        if "amended" not in row:
            continue
        iri = str(row["amended"])
        title, short = text(row, "amendedTitle"), text(row, "amendedShortTitle")
        formal = refid_words(iri)
        names[iri] = (act_name(short, title) if title or short else formal.capitalize(), formal)
    return names


# ---------------------------------------------------------------------------- list


@dataclass(frozen=True)
class AmendmentListRow:
    """An amending act in the list: name, date, the acts it amends, how much it touches."""

    iri: str
    name: str
    title: str | None
    date: str | None
    in_force: str
    amended: list[str]
    changes: int
    unread: int
    recommendations: int
    skal: int
    products: int


@dataclass(frozen=True)
class ChangeSetCard:
    """A re-import from Lovdata in the list: the act, when, the provisions it changed and
    the guidance they touch."""

    iri: str
    name: str
    title: str | None
    date: str | None
    in_force: str
    changes: list[ChangeView]
    impact: list[TouchGroup]
    touched: int


@dataclass(frozen=True)
class AbsentGroup:
    """The guidance resting on one provision absent from the current text."""

    absent: str
    """The absent provision in words."""
    reason: str
    items: list[AbsentBasis]


@dataclass(frozen=True)
class AmendmentListPage:
    rows: list[AmendmentListRow]
    touched: int
    """Recommendations and products touched by at least one act on this page."""
    page: int = 1
    pages: int = 1
    total: int = 0
    reimports: list[ChangeSetCard] = field(default_factory=list)
    reimports_total: int = 0
    absent: list[AbsentGroup] = field(default_factory=list)


def _row(store: Store, ref: AmendmentRef) -> tuple[AmendmentListRow, set[str]]:
    detail = amendment(store, ref.ref)
    names = _amended_names(store, URIRef(ref.iri))
    items = {i.iri: i for c in detail.changes for i in c.impact}
    recs = [i for i in items.values() if i.kind == "recommendation"]
    return (
        AmendmentListRow(
            iri=ref.iri,
            name=ref.name,
            title=ref.title,
            date=date_words(ref.date),
            in_force=ref.in_force,
            amended=[names[a][0] for a in sorted(names, key=lambda a: names[a][0])],
            changes=ref.changes,
            unread=sum(1 for c in detail.changes if c.kind == "ulest"),
            recommendations=len(recs),
            skal=sum(1 for i in recs if i.strength == "skal"),
            products=len(items) - len(recs),
        ),
        set(items),
    )


def _change_set_card(store: Store, ref: AmendmentRef) -> ChangeSetCard:
    detail = change_set(store, ref.ref)
    names = {
        _iri(c.amended_act): c.amended_name
        for c in detail.changes
        if c.amended_act and c.amended_name
    }
    return ChangeSetCard(
        iri=ref.iri,
        name=ref.name,
        title=ref.title,
        date=date_words(ref.date),
        in_force=ref.in_force,
        changes=[_change_view(c, names.get(_iri(c.amended_act or ""), "")) for c in detail.changes],
        impact=_touch_groups(detail.changes, names),
        touched=len({i.iri for c in detail.changes for i in c.impact}),
    )


def _absent_groups(store: Store) -> list[AbsentGroup]:
    groups: dict[str, AbsentGroup] = {}
    for item in absent_bases(store):
        words = refid_words(_act_of(item.absent))
        below = describe_target(_iri(item.absent))
        group = groups.setdefault(
            item.absent, AbsentGroup(f"{words} {below}".strip(), REASON_NB[item.reason], [])
        )
        group.items.append(item)
    return list(groups.values())


def amendment_list_page(store: Store, page: int = 1) -> AmendmentListPage:
    """One page of the amending acts in the store, the newest first, with how much guidance
    each touches; the same page of the re-imports from Lovdata; and the guidance resting on
    provisions absent from the current text. Only the acts and re-imports on the page are
    read in detail.

    :raises BadInputError: ``page`` is below 1.
    """
    if page < 1:
        raise BadInputError("side må være 1 eller mer / page must be 1 or more")
    start = (page - 1) * PAGE_SIZE
    refs = amendments(store)
    sets = change_sets(store)
    rows, touched = [], set()
    for ref in refs[start : start + PAGE_SIZE]:
        row, items = _row(store, ref)
        rows.append(row)
        touched |= items
    cards = [_change_set_card(store, ref) for ref in sets[start : start + PAGE_SIZE]]
    pages = max(1, -(-max(len(refs), len(sets)) // PAGE_SIZE))
    return AmendmentListPage(
        rows,
        len(touched),
        page=page,
        pages=pages,
        total=len(refs),
        reimports=cards,
        reimports_total=len(sets),
        absent=_absent_groups(store) if page == 1 else [],
    )


# ---------------------------------------------------------------------------- amending act


@dataclass(frozen=True)
class AmendingActPage:
    """The reading page of an amending act: its changes and the guidance they touch, and
    the act's own contents when the store holds its text."""

    iri: str
    kind: str
    name: str
    title: str | None
    date: str | None
    in_force: str
    lovdata_url: str | None
    groups: list[AmendedActGroup]
    impact: list[TouchGroup]
    touched: int
    unread: int
    act: ActPage | None


def _lower_names(names: dict[str, tuple[str, str]]) -> dict[str, str]:
    return {iri: lower_first(name) for iri, (name, _) in names.items()}


def amending_act_page(store: Store, iri: URIRef) -> AmendingActPage:
    """:raises NotFoundError: the store has no such amending act."""
    detail: AmendmentDetail = amendment(store, str(iri))
    names = _amended_names(store, iri)
    lower = _lower_names(names)
    groups: dict[str, list[ChangeView]] = {}
    for change in detail.changes:
        act = _iri(change.amended_act) if change.amended_act else ""
        groups.setdefault(act, []).append(_change_view(change, lower.get(act, "")))
    views = []
    for act, changes in groups.items():
        if act:
            name, formal = names.get(act) or (refid_words(act).capitalize(), refid_words(act))
            anchor = "lov-" + re.sub(r"[^A-Za-z0-9-]", "-", legal_ref(act))
        else:
            name, formal, anchor = "Endringer uten en bestemt lov", "", "lov-ukjent"
        views.append(AmendedActGroup(act or None, name, formal, anchor, changes))
    views.sort(key=lambda g: (g.iri is None, g.name))
    ref = detail.amendment
    lovdata = f"https://lovdata.no/{ref.ref}"
    act_view: ActPage | None
    try:
        act_view = act_page(store, iri)
        lovdata = act_view.lovdata_url or lovdata
    except NotFoundError:
        act_view = None
    if act_view is not None and not (act_view.chapters or act_view.loose):
        act_view = None
    return AmendingActPage(
        iri=str(iri),
        kind="Endringsforskrift" if ref.ref.startswith("forskrift/") else "Endringslov",
        name=ref.name,
        title=ref.title,
        date=date_words(ref.date),
        in_force=ref.in_force,
        lovdata_url=lovdata,
        groups=views,
        impact=_touch_groups(detail.changes, lower),
        touched=len({i.iri for c in detail.changes for i in c.impact}),
        unread=sum(1 for c in detail.changes if c.kind == "ulest"),
        act=act_view,
    )


def reading_page(store: Store, iri: str) -> LawPage | AmendingActPage:
    """The reading page of ``iri``: an amending act's page for an amending act (not for one
    of its chapters), else :func:`graph.views.law_pages.law_page`.

    :raises NotFoundError: the IRI has no reading page, or the store does not know it.
    """
    if page_kind(iri) == "act" and "/kapittel/" not in iri and "/seksjon/" not in iri:
        try:
            amending = is_amendment(store, iri)
        except NotFoundError:
            amending = False
        if amending:
            return amending_act_page(store, URIRef(iri))
    return law_page(store, iri)


# ---------------------------------------------------------------------------- sections


def _section_changes(store: Store, iri: str, beside: bool = True) -> list[ChangeDetail]:
    try:
        return impact_of_provision(store, iri, beside).changes
    except (BadInputError, NotFoundError):
        return []


def _section(
    store: Store, subject: str, changes: list[ChangeDetail], only: str | None = None
) -> ChangesSection:
    names: dict[str, str] = {}
    for amending in {c.amendment.iri for c in changes if c.source == "lovtidend"}:
        names.update(_lower_names(_amended_names(store, URIRef(amending))))
    for c in changes:
        if c.source == "lovdata-import" and c.amended_act and c.amended_name:
            names.setdefault(_iri(c.amended_act), c.amended_name)
    views = [
        _change_view(c, names.get(_iri(c.amended_act), "") if c.amended_act else "")
        for c in changes
    ]
    return ChangesSection(subject, views, _touch_groups(changes, names, only))


def provision_changes(store: Store, iri: str) -> ChangesSection:
    """The changes from imported amending acts that target the provision, something it is
    part of or anything inside it, and the guidance they touch."""
    return _section(store, "bestemmelsen", _section_changes(store, iri))


def recommendation_changes(store: Store, iri: str) -> ChangesSection:
    """The changes from imported amending acts that touch what the recommendation rests
    on; a warning for each that repeals or renumbers its legal basis."""
    bases = sorted(
        {
            str(row["basis"])
            for row in run_query(store, "legal-basis", recommendation=URIRef(iri))
            if str(row.get("relation")) == "legalBasis"
        }
    )
    seen: dict[str, ChangeDetail] = {}
    for basis in bases:
        # New provisions beside a basis have their own lines (``new_in_chapter``).
        for change in _section_changes(store, basis, beside=False):
            if any(i.iri == iri for i in change.impact):
                seen.setdefault(change.iri, change)
    changes = list(seen.values())
    new_in_chapter = _new_in_chapter(store, iri, bases)
    # The page is the touched guidance itself: its changes and warnings, no impact list.
    section = _section(store, "anbefalingen", changes, only=iri)
    section.impact.clear()
    section.warnings.extend(
        BasisWarning(_WARN_TOUCHES[c.kind], c.description, c.amendment.iri, c.amendment.name)
        for c in changes
        if c.kind in _WARN_TOUCHES
        and any(i.iri == iri and i.relation == "legalBasis" for i in c.impact)
    )
    section.new_in_chapter.extend(new_in_chapter)
    return section


def _new_in_chapter(store: Store, iri: str, bases: list[str]) -> list[str]:
    """The new provisions, from amending acts and re-imports from Lovdata, in a chapter the
    recommendation rests on, in words; read from the changes to the acts of its legal
    basis (their impact names the recommendation)."""
    details: list[ChangeDetail] = []
    for act in sorted({_act_of(legal_ref(b)) for b in bases}):
        for ref in amendments(store, amended=URIRef(act)):
            details += amendment(store, ref.ref).changes
        for ref in change_sets(store, URIRef(act)):
            details += change_set(store, ref.ref).changes
    lines: list[str] = []
    for c in details:
        if c.kind != "innsatt" or c.target_level != "provision" or not c.target:
            continue
        if not any(i.iri == iri for i in c.impact):
            continue
        title = f" «{c.new_title}»" if c.new_title else ""
        if c.source == "lovdata-import":
            by = f"ved {c.amendment.name}"
        else:
            by = f"ved {c.amendment.name}; i kraft: {c.amendment.in_force}"
        where = c.amended_name or refid_words(_act_of(c.target))
        line = (
            f"Ny bestemmelse i samme kapittel: {where} {describe_target(_iri(c.target))}"
            f"{title} ({by})"
        )
        if line not in lines:
            lines.append(line)
    return lines


def changes_for(store: Store, page: object) -> ChangesSection | None:
    """The «Endringer» section of a provision or recommendation page, else None."""
    if isinstance(page, ProvisionPage):
        return provision_changes(store, page.iri)
    if isinstance(page, RecommendationPage):
        return recommendation_changes(store, page.iri)
    return None
