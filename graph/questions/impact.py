"""When the law changes: the amending acts in the store, their changes in words, and the
recommendations and products each change touches.

A change touches guidance whose legal basis, citation or empowering provision is the
changed resource or anything inside it. A target the store does not hold (a punktum, or a
provision or ledd being inserted) is taken at the nearest level above it that the store
holds; a new provision is taken at the chapter it goes into, read from its number
(``§ 12-7`` goes into chapter 12). Guidance is grouped by how it is touched and by
strength, a ``skal`` resting on a repealed or renumbered resource first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Annotated, Literal, cast
from urllib.parse import unquote

from pydantic import Field
from rdflib import URIRef
from rdflib.term import Identifier

from graph.errors import BadInputError, NotFoundError
from graph.model.iris import act_iri, chapter_iri, id_of, legal_ref
from graph.model.results import Iri, LegalLevel, LovdataRef, ProductRef, StrengthField
from graph.model.strength import Strength, strength_label
from graph.model.vocab import BASE
from graph.questions.lookup import resolve_legal, text, types_of
from graph.questions.named import run_for_each, run_page, run_query
from graph.store import Row, Store

__all__ = [
    "TOUCH_ORDER",
    "AmendmentDetail",
    "AmendmentRef",
    "ChangeDetail",
    "ImpactGroup",
    "ImpactItem",
    "ProvisionImpact",
    "TouchKind",
    "amendment",
    "amendments",
    "amendments_page",
    "change_set",
    "change_sets",
    "describe_target",
    "impact_of_provision",
    "ordinal",
]

TouchKind = Literal["opphevet", "omnummerert", "erstattet", "innsatt", "ny-overskrift", "ulest"]
"""How a change touches what rests on its target: the kind of change (``endringstype/…``)."""

TOUCH_ORDER: tuple[TouchKind, ...] = (
    "opphevet",
    "omnummerert",
    "erstattet",
    "innsatt",
    "ny-overskrift",
    "ulest",
)
_STRENGTH_ORDER: tuple[Strength | None, ...] = ("skal", "bør", "kan", "uavklart", None)

Relation = Literal["legalBasis", "cites", "empoweredBy"]
"""How the guidance rests on the changed resource: its legal basis, a citation, or the
provision that empowers the product's publisher."""

DependentKind = Literal["recommendation", "product"]

Source = Literal["lovtidend", "lovdata-import"]
"""Where a change comes from: an amending act in Norsk Lovtidend, or a newer Lovdata file
imported over an older one (a ``hj:LovdataChangeSet``)."""

_ORDINALS = (
    "første",
    "andre",
    "tredje",
    "fjerde",
    "femte",
    "sjette",
    "sjuende",
    "åttende",
    "niende",
    "tiende",
    "ellevte",
    "tolvte",
)
_MONTHS = (
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
)
_TOUCH_NB: dict[TouchKind, str] = {
    "opphevet": "hviler på noe som oppheves",
    "omnummerert": "hviler på noe som får nytt nummer",
    "erstattet": "hviler på tekst som får ny ordlyd",
    "innsatt": "hviler på noe der ny tekst settes inn",
    "ny-overskrift": "hviler på noe som får ny overskrift",
    "ulest": "hviler på noe en ulest endringsinstruks gjelder",
}
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


# -- results ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AmendmentRef:
    """Et endringsdokument fra Norsk Lovtidend / an amending act from Norsk Lovtidend."""

    ref: Annotated[str, Field(description="Lovdata-refid", examples=["lov/2025-06-20-72"])]
    iri: Iri
    name: Annotated[
        str,
        Field(description="navn i tekst / name in words", examples=["lov 20. juni 2025 nr. 72"]),
    ]
    title: Annotated[str | None, Field(description="tittel / title")]
    date: Annotated[str | None, Field(description="dokumentets dato / date of the act")]
    in_force: Annotated[
        str,
        Field(
            description="ikrafttredelse i tekst / entry into force in words",
            examples=["fra den tid Kongen bestemmer"],
        ),
    ]
    amends: Annotated[list[LovdataRef], Field(description="lovene den endrer / the acts it amends")]
    changes: Annotated[int, Field(description="antall endringer / number of changes")]
    in_force_date: Annotated[
        str | None, Field(description="første dag i kraft / first day in force")
    ] = None
    source: Annotated[
        Source,
        Field(
            description="endringslov fra Norsk Lovtidend, eller ny import fra Lovdata / an "
            "amending act from Norsk Lovtidend, or a re-import from Lovdata"
        ),
    ] = "lovtidend"


@dataclass(frozen=True)
class ImpactItem:
    """En anbefaling eller et produkt som en endring berører / a recommendation or product
    a change touches."""

    kind: Annotated[
        DependentKind, Field(description="anbefaling eller produkt / recommendation or product")
    ]
    id: Annotated[str, Field(description="siste ledd av IRI-en / last segment of the IRI")]
    iri: Iri
    title: Annotated[str | None, Field(description="tittel / title")]
    strength: StrengthField
    product: Annotated[
        ProductRef | None, Field(description="produktet den står i / the product it is in")
    ]
    last_professional_change: Annotated[
        str | None,
        Field(description="produktets siste faglige endring / the product's last revision"),
    ]
    relation: Annotated[
        Relation,
        Field(description="hjemmel, henvisning eller myndighet / legalBasis, cites, empoweredBy"),
    ]
    basis: Annotated[LovdataRef, Field(description="det den hviler på / what it rests on")]
    touch: Annotated[TouchKind, Field(description="hvordan den berøres / how it is touched")]
    change: Annotated[str, Field(description="endringen (IRI) / the change")]
    description: Annotated[str, Field(description="endringen i tekst / the change in words")]


@dataclass
class ImpactGroup:
    """Berørt veiledning med samme berøring og styrke / touched guidance of one touch kind
    and strength."""

    touch: Annotated[TouchKind, Field(description="hvordan den berøres / how it is touched")]
    strength: StrengthField
    heading: Annotated[str, Field(description="overskrift i tekst / heading in words")]
    items: Annotated[list[ImpactItem], Field(description="det som berøres / what is affected")]


@dataclass
class ChangeDetail:
    """Én endring, i tekst og med veiledningen den berører / one change, in words and with
    the guidance it touches."""

    iri: Iri
    position: Annotated[
        str, Field(description="plass i dokumentet / position", examples=["del I, endring 3"])
    ]
    kind: Annotated[TouchKind, Field(description="endringstype / kind of change")]
    kind_label: Annotated[str | None, Field(description="endringstypen i tekst / kind in words")]
    instruction: Annotated[str, Field(description="instruksen slik den står / as printed")]
    amended_act: Annotated[LovdataRef | None, Field(description="endret lov / amended act")]
    target: Annotated[LovdataRef | None, Field(description="målet / target")]
    target_level: Annotated[
        Literal["act", "chapter", "provision", "ledd", "punktum", "point"] | None,
        Field(description="målets nivå / level of the target"),
    ]
    old_number: Annotated[
        str | None, Field(description="nummer før omnummerering / number before renumbering")
    ]
    new_number: Annotated[
        str | None, Field(description="nummer etter omnummerering / number after renumbering")
    ]
    renumbered_to: Annotated[LovdataRef | None, Field(description="nytt mål / new target")]
    new_title: Annotated[str | None, Field(description="ny overskrift / new heading")]
    new_wording: Annotated[str | None, Field(description="ny ordlyd / new wording")]
    in_force_date: Annotated[
        str | None,
        Field(
            description="endringens første dag i kraft, når dokumentet gir den / the change's "
            "first day in force, when the act gives it",
            examples=["2025-04-04"],
        ),
    ]
    amendment: Annotated[
        AmendmentRef,
        Field(
            description="endringsdokumentet endringen står i / the amending act making the change"
        ),
    ]
    description: Annotated[
        str,
        Field(
            description="endringen i tekst / the change in words",
            examples=[
                "spesialisthelsetjenesteloven § 4-1 tredje ledd blir fjerde ledd ved lov "
                "20. juni 2025 nr. 72; i kraft: fra den tid Kongen bestemmer"
            ],
        ),
    ]
    scope: Annotated[
        LovdataRef | None,
        Field(
            description="det veiledningen må hvile i for å berøres / where touched guidance rests"
        ),
    ]
    impact: Annotated[
        list[ImpactItem], Field(description="berørt veiledning / touched guidance")
    ] = field(default_factory=list)
    source: Annotated[
        Source, Field(description="hvor endringen kommer fra / where the change comes from")
    ] = "lovtidend"
    amended_name: Annotated[
        str | None,
        Field(description="den endrede lovens navn / the amended act's name"),
    ] = None


@dataclass
class AmendmentDetail:
    """Et endringsdokument med endringene og veiledningen de berører / an amending act with
    its changes and the guidance they touch."""

    amendment: Annotated[AmendmentRef, Field(description="endringsdokumentet / the amending act")]
    changes: Annotated[
        list[ChangeDetail], Field(description="endringene det gjør / the changes it makes")
    ]
    impact: Annotated[
        list[ImpactGroup],
        Field(description="berørt veiledning, gruppert / touched guidance, grouped"),
    ]


@dataclass
class ProvisionImpact:
    """Endringene som berører en bestemmelse, og veiledningen de berører / the changes
    touching a provision and the guidance they touch."""

    ref: LovdataRef
    iri: Iri
    level: Annotated[LegalLevel, Field(description="nivå / level")]
    changes: Annotated[
        list[ChangeDetail],
        Field(
            description="endringene som berører bestemmelsen / the changes affecting the provision"
        ),
    ]
    impact: Annotated[
        list[ImpactGroup],
        Field(description="berørt veiledning, gruppert / touched guidance, grouped"),
    ]


# -- words --------------------------------------------------------------------------------


def ordinal(n: int) -> str:
    """A small ordinal in Norwegian words.

    >>> ordinal(3), ordinal(13)
    ('tredje', '13.')
    """
    return _ORDINALS[n - 1] if 1 <= n <= len(_ORDINALS) else f"{n}."


def norwegian_date(iso: str | None) -> str | None:
    """``2025-06-20`` → ``20. juni 2025``.

    >>> norwegian_date("2025-04-04")
    '4. april 2025'
    """
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})", iso or "")
    if not m:
        return None
    return f"{int(m[3])}. {_MONTHS[int(m[2]) - 1]} {m[1]}"


def act_name(refid: str) -> str:
    """The formal name of an act or regulation from its refid.

    >>> act_name("lov/2025-06-20-72"), act_name("forskrift/2025-04-04-599")
    ('lov 20. juni 2025 nr. 72', 'forskrift 4. april 2025 nr. 599')
    """
    m = re.match(r"^(lov|forskrift)/(\d{4}-\d{2}-\d{2})(?:-(\d+))?$", refid)
    if not m:
        return refid
    name = f"{m[1]} {norwegian_date(m[2])}"
    return f"{name} nr. {m[3]}" if m[3] else name


def _popular_name(title: str | None, short_title: str | None, refid: str) -> str:
    """``Lov om spesialisthelsetjenesten m.m. (spesialisthelsetjenesteloven)`` →
    ``spesialisthelsetjenesteloven``; the formal name when the store has no title."""
    if title and (m := re.search(r"\(([^()]+)\)\s*$", title)):
        return m[1].strip()
    if short_title:
        head = short_title.split(" – ")[0].strip()
        return head[:1].lower() + head[1:]
    return act_name(refid)


def _number(value: str) -> str:
    """``3-8a`` → ``3-8 a`` as the law writes it."""
    return re.sub(r"(\d)([a-zæøå])$", r"\1 \2", unquote(value))


_SEGMENT = re.compile(r"(paragraf|kapittel|seksjon|ledd|punktum|bokstav|nummer)/([^/]+)")


def _segments(iri: str) -> tuple[str, list[tuple[str, str]]]:
    """The act refid and the (kind, number) steps below it of a legal IRI."""
    rest = iri[len(BASE) :] if iri.startswith(BASE) else iri
    m = re.match(r"^((?:lov|forskrift)/[^/]+)(.*)$", rest)
    if not m:
        return rest, []
    return m[1], [(k, unquote(v)) for k, v in _SEGMENT.findall(m[2])]


def _level(iri: str) -> Literal["act", "chapter", "provision", "ledd", "punktum", "point"]:
    _, steps = _segments(iri)
    if not steps:
        return "act"
    kind = steps[-1][0]
    return cast(
        Literal["act", "chapter", "provision", "ledd", "punktum", "point"],
        {
            "paragraf": "provision",
            "kapittel": "chapter",
            "seksjon": "chapter",
            "ledd": "ledd",
            "punktum": "punktum",
            "bokstav": "point",
            "nummer": "point",
        }[kind],
    )


def _step_words(kind: str, value: str) -> str:
    if kind == "paragraf":
        return f"§ {_number(value)}"
    if kind in ("kapittel", "seksjon"):
        return f"kapittel {value}"
    if kind in ("ledd", "punktum"):
        return f"{ordinal(int(value))} {kind}" if value.isdigit() else f"{kind} {value}"
    if kind == "bokstav":
        return f"bokstav {value}"
    return f"nr. {value}"


def describe_target(iri: str) -> str:
    """A legal resource below an act in words, without the act.

    >>> describe_target(BASE + "lov/2011-06-24-30/paragraf/1-2/ledd/1/punktum/2")
    '§ 1-2 første ledd andre punktum'
    >>> describe_target(BASE + "lov/1999-07-02-61/paragraf/3-8a")
    '§ 3-8 a'
    """
    _, steps = _segments(iri)
    return " ".join(_step_words(k, v) for k, v in steps)


def _in_force(label: str | None, date: str | None, until: str | None) -> str:
    words = label or "ikke oppgitt"
    if date:
        words += f" ({norwegian_date(date)})"
    if until:
        words += f", gjelder til og med {norwegian_date(until)}"
    return words


@dataclass(frozen=True)
class _ActNames:
    """The popular name of each amended act, by IRI."""

    names: dict[str, str]

    def of(self, iri: str | None) -> str:
        if not iri:
            return ""
        refid, _ = _segments(iri)
        return self.names.get(str(act_iri(refid)), act_name(refid))


def _sentence(
    kind: TouchKind,
    target: str | None,
    renumbered_to: str | None,
    new_title: str | None,
    instruction: str,
    amended: str,
    amendment: AmendmentRef,
    in_force: str | None = None,
) -> str:
    by = f"ved {amendment.name}; i kraft: {in_force or amendment.in_force}"
    if kind == "ulest" or not target:
        where = f" i {amended}" if amended else ""
        return f"En endring{where} {by} kunne ikke leses: «{instruction}»"
    _, steps = _segments(target)
    whole = f"{amended} {describe_target(target)}".strip()
    titled = f" «{new_title}»" if new_title else ""
    if kind == "innsatt" and steps:
        last_kind, last = steps[-1]
        parent = f"{amended} {' '.join(_step_words(k, v) for k, v in steps[:-1])}".strip()
        if last_kind == "paragraf":
            return f"{parent} får ny § {_number(last)}{titled} {by}"
        if last_kind in ("ledd", "punktum") and last.isdigit():
            return f"{parent} får nytt {ordinal(int(last))} {last_kind} {by}"
        return f"{whole} settes inn {by}"
    if kind == "omnummerert" and renumbered_to:
        _, new_steps = _segments(renumbered_to)
        new = _step_words(*new_steps[-1]) if new_steps else legal_ref(renumbered_to)
        return f"{whole} blir {new} {by}"
    if kind == "opphevet":
        return f"{whole} oppheves {by}"
    if kind == "ny-overskrift":
        return f"{whole} får ny overskrift{titled} {by}"
    if new_title:
        return f"{whole} får ny ordlyd og overskriften{titled} {by}"
    return f"{whole} får ny ordlyd {by}"


# -- amending acts ------------------------------------------------------------------------


def _amendment_ref(row: Row, amends: list[str], changes: int) -> AmendmentRef:
    iri = str(row["act"])
    refid = text(row, "refid") or legal_ref(iri)
    return AmendmentRef(
        ref=refid,
        iri=iri,
        name=act_name(refid),
        title=text(row, "title"),
        date=text(row, "date"),
        in_force=_in_force(
            text(row, "inForceLabel"), text(row, "inForceDate"), text(row, "validUntil")
        ),
        amends=sorted(amends),
        changes=changes,
        in_force_date=text(row, "inForceDate"),
    )


def amendments(
    store: Store,
    amended: URIRef | None = None,
    since: str | None = None,
    until: str | None = None,
) -> list[AmendmentRef]:
    """The amending acts in the store, the newest first; with ``amended``, only those
    amending that act; with ``since`` and ``until`` (ISO dates), only those dated in that
    span."""
    return amendments_page(store, None, 0, amended=amended, since=since, until=until)[0]


def amendments_page(
    store: Store,
    limit: int | None,
    offset: int = 0,
    *,
    amended: URIRef | None = None,
    since: str | None = None,
    until: str | None = None,
) -> tuple[list[AmendmentRef], int]:
    """The amending acts ``offset`` … ``offset + limit`` of :func:`amendments` (cut by the
    store), and how many there are in all."""
    filters = {"amended": amended, "since": since, "until": until}
    rows = run_page(store, "amendments", limit, offset, **filters)
    total = len(rows)
    if offset or total == limit:  # a first page that is not full is all there is
        total = int(str(run_query(store, "amendments-count", **filters)[0]["total"]))
    found = [
        _amendment_ref(
            row,
            [legal_ref(a) for a in (text(row, "amends") or "").split()],
            int(str(row.get("changes", 0))),
        )
        for row in rows
    ]
    return found, total


def _header(store: Store, act: URIRef) -> tuple[AmendmentRef, _ActNames]:
    rows = run_query(store, "amendment", act=act)
    if not rows:
        raise NotFoundError(f"ukjent endringsdokument / unknown amending act: {legal_ref(act)}")
    names: dict[str, str] = {}
    for row in rows:
        if "amended" in row:
            iri = str(row["amended"])
            names[iri] = _popular_name(
                text(row, "amendedTitle"), text(row, "amendedShortTitle"), legal_ref(iri)
            )
    changes = len(run_query(store, "amendment-changes", act=act))
    return _amendment_ref(rows[0], [legal_ref(a) for a in names], changes), _ActNames(names)


def _roman(value: str) -> int:
    total = 0
    for a, b in zip(value, value[1:] + " ", strict=True):
        v = _ROMAN.get(a, 0)
        total += -v if _ROMAN.get(b, 0) > v else v
    return total


def _change_key(iri: str) -> tuple[int, int, int]:
    m = re.search(r"/endring/([IVXLC]+)-(\d+)-(\d+)$", iri)
    if not m:
        return (0, 0, 0)
    return (_roman(m[1]), int(m[2]), int(m[3]))


def _scope(store: Store, kind: TouchKind, target: str | None) -> str | None:
    """Where guidance must rest to be touched by a change of ``kind`` to ``target``: the
    target, or the nearest level above it that the store holds; for a new provision, the
    chapter it goes into."""
    if not target:
        return None
    if kind == "innsatt" and _level(target) == "provision":
        return _chapter_of(store, target)
    node = target
    while not types_of(store, URIRef(node)):
        parent = _PARENT.sub("", node)
        if parent == node:
            return None
        node = parent
    return None if _level(node) == "act" else node


_PARENT = re.compile(r"/(paragraf|kapittel|seksjon|ledd|punktum|bokstav|nummer)/[^/]+$")


def _chapter_of(store: Store, provision: str) -> str | None:
    """The chapter a provision is in: its ``hj:partOf`` parent when the store holds it (the
    consolidated text may already have it), else read from its number (``12-7`` → 12)."""
    parents = {
        str(row["parent"])
        for row in run_query(store, "legal-node", resource=URIRef(provision))
        if "parent" in row
    }
    chapters = sorted(p for p in parents if _level(p) == "chapter")
    if chapters:
        return chapters[0]
    refid, steps = _segments(provision)
    if parents or not steps or "-" not in steps[0][1]:
        return None
    chapter = chapter_iri(refid, "kap" + steps[0][1].split("-", 1)[0])
    return str(chapter) if types_of(store, chapter) else None


def _items(
    store: Store,
    scope: str,
    touch: TouchKind,
    change: str,
    description: str,
    below: list[str] | None = None,
) -> list[ImpactItem]:
    """The guidance resting on ``scope`` or anything in it (``hj:partOf``), and on each of
    ``below`` (resources inside ``scope`` that no longer say so)."""
    items: dict[tuple[str, str, str], ImpactItem] = {}
    scopes: list[Identifier] = [URIRef(x) for x in dict.fromkeys([scope, *(below or [])])]
    for row in run_for_each(store, "impact-of-change", "resource", scopes):
        dependent, relation = str(row["dependent"]), str(row["relation"])
        basis = legal_ref(row["basis"])
        product = ProductRef.of(row.get("product"), row.get("productTitle"))
        key = (dependent, relation, basis)
        last = text(row, "lastChange")
        known = items.get(key)
        if known and (known.last_professional_change or "") >= (last or ""):
            continue
        items[key] = ImpactItem(
            kind=cast(DependentKind, str(row["kind"])),
            id=id_of(dependent),
            iri=dependent,
            title=text(row, "title"),
            strength=strength_label(row.get("strength")),
            product=product,
            last_professional_change=last,
            relation=cast(Relation, relation),
            basis=basis,
            touch=touch,
            change=change,
            description=description,
        )
    return sorted(items.values(), key=lambda i: (i.kind, i.title or "", i.iri, i.basis))


def _changes(
    store: Store, act: URIRef, only: set[str] | None = None
) -> tuple[AmendmentRef, list[ChangeDetail]]:
    ref, names = _header(store, act)
    details = []
    for row in run_query(store, "amendment-changes", act=act):
        iri = str(row["change"])
        if only is not None and iri not in only:
            continue
        kind = cast(TouchKind, str(row["kind"]).rsplit("/", 1)[-1])
        target = text(row, "target")
        renumbered = text(row, "renumberedTo")
        amended_iri = text(row, "amendedAct")
        own_date = text(row, "inForceDate")
        own = None
        if own_date and own_date != ref.in_force_date:
            own = _in_force("fastsatt dato", own_date, text(row, "validUntil"))
        description = _sentence(
            kind,
            target,
            renumbered,
            text(row, "newTitle"),
            text(row, "instruction") or "",
            names.of(amended_iri or target),
            ref,
            own,
        )
        scope = _scope(store, kind, target)
        old = new = None
        if renumbered and target:
            old, new = _segments(target)[1][-1][1], _segments(renumbered)[1][-1][1]
        details.append(
            ChangeDetail(
                iri=iri,
                position=f"del {text(row, 'part')}, endring {text(row, 'number')}",
                kind=kind,
                kind_label=text(row, "kindLabel"),
                instruction=text(row, "instruction") or "",
                amended_act=legal_ref(amended_iri) if amended_iri else None,
                target=legal_ref(target) if target else None,
                target_level=_level(target) if target else None,
                old_number=old,
                new_number=new,
                renumbered_to=legal_ref(renumbered) if renumbered else None,
                new_title=text(row, "newTitle"),
                new_wording=text(row, "newWording"),
                in_force_date=own_date,
                amendment=ref,
                description=description,
                scope=legal_ref(scope) if scope else None,
                impact=_items(store, scope, kind, iri, description) if scope else [],
                amended_name=names.of(amended_iri or target) or None,
            )
        )
    details.sort(key=lambda c: _change_key(c.iri))
    return ref, details


def _priority(touch: TouchKind, strength: Strength | None) -> tuple[int, int, int]:
    """A ``skal`` resting on something repealed or renumbered first, then by touch and
    strength."""
    first = 0 if strength == "skal" and touch in ("opphevet", "omnummerert") else 1
    return (first, TOUCH_ORDER.index(touch), _STRENGTH_ORDER.index(strength))


def group_impact(items: Iterable[ImpactItem]) -> list[ImpactGroup]:
    """Touched guidance grouped by touch kind and strength, the most urgent group first."""
    groups: dict[tuple[TouchKind, Strength | None], list[ImpactItem]] = {}
    for item in items:
        groups.setdefault((item.touch, item.strength), []).append(item)
    ordered = sorted(groups, key=lambda k: _priority(*k))
    result = []
    for touch, strength in ordered:
        who = (
            f"{strength.capitalize()}-anbefalinger"
            if strength
            else "Produkter og anbefalinger uten styrke"
        )
        heading = f"{who} som {_TOUCH_NB[touch]}"
        result.append(ImpactGroup(touch, strength, heading, groups[(touch, strength)]))
    return result


def amendment(store: Store, ref: str) -> AmendmentDetail:
    """An amending act (``lov/2025-06-20-72``, its IRI or a lovdata.no reference) with its
    changes in words and the guidance they touch.

    :raises BadInputError: not a reference to an act.
    :raises NotFoundError: the store has no such amending act.
    """
    act = _act_iri(ref)
    header, changes = _changes(store, act)
    return AmendmentDetail(header, changes, group_impact(i for c in changes for i in c.impact))


def _act_iri(ref: str) -> URIRef:
    text_ = unquote(ref.strip())
    if text_.startswith(BASE):
        text_ = text_[len(BASE) :]
    text_ = re.sub(r"^(https?://(www\.)?lovdata\.no/)?(dokument/(NL|SF|LTI)/)?", "", text_)
    m = re.match(r"^(LOV|FOR)-(.*)$", text_, re.IGNORECASE)
    if m:
        text_ = ("lov/" if m[1].upper() == "LOV" else "forskrift/") + m[2]
    return act_iri(text_.rstrip("/"))


def is_amendment(store: Store, ref: str) -> bool:
    """Whether ``ref`` names an amending act in the store."""
    try:
        act = _act_iri(ref)
    except BadInputError:
        return False
    return bool(run_query(store, "amendment", act=act))


def impact_of_provision(store: Store, ref: str, beside: bool = True) -> ProvisionImpact:
    """The changes touching a legal resource (the resource itself, what it is part of, or
    anything inside it), and the new provisions beside it in its chapter (by an amending act
    or a re-import from Lovdata; not with ``beside`` false), and the guidance they touch.

    :raises BadInputError: not a Lovdata reference.
    :raises NotFoundError: the store does not hold the resource.
    """
    iri = resolve_legal(store, ref)
    wanted: dict[str, set[str]] = {}
    for row in run_query(store, "changes-touching", resource=iri):
        wanted.setdefault(str(row["act"]), set()).add(str(row["change"]))
    changes: list[ChangeDetail] = []
    for act in sorted(wanted):
        changes += _changes(store, URIRef(act), wanted[act])[1]
    changes += reimport_changes_touching(store, iri)
    if beside:
        seen = {c.iri for c in changes}
        changes += [c for c in _new_in_its_chapter(store, str(iri)) if c.iri not in seen]
    level = _level(str(iri))
    return ProvisionImpact(
        ref=legal_ref(iri),
        iri=str(iri),
        level="point" if level == "punktum" else level,
        changes=changes,
        impact=group_impact(i for c in changes for i in c.impact),
    )


_PROVISION = re.compile(r"^(.*/paragraf/[^/]+)")


def _new_in_its_chapter(store: Store, iri: str) -> list[ChangeDetail]:
    """The new provisions beside a provision (or the provision a ledd or point is in): those
    an amending act inserts, or a re-import from Lovdata added, in the same chapter. Only
    the amending acts and re-imports of its act are read."""
    m = _PROVISION.match(iri)
    if m is None:
        return []
    provision = m[1]
    chapter = _chapter_of(store, provision)
    if chapter is None:
        return []
    act = act_iri(_segments(provision)[0])

    def beside(target: str | None) -> bool:
        return (
            target is not None
            and target != provision
            and _level(target) == "provision"
            and _chapter_of(store, target) == chapter
        )

    details: list[ChangeDetail] = []
    for ref in amendments(store, amended=act):
        amending = _act_iri(ref.ref)
        wanted = {
            str(row["change"])
            for row in run_query(store, "amendment-changes", act=amending)
            if str(row["kind"]).endswith("/innsatt") and beside(text(row, "target"))
        }
        if wanted:
            details += _changes(store, amending, wanted)[1]
    for row in _change_set_rows(store, act):
        added = [
            (str(r["provision"]), "ny")
            for r in run_query(store, "lovdata-change-set", changeSet=URIRef(row.ref.iri))
            if str(r["how"]) == "ny" and beside(str(r["provision"]))
        ]
        details += _change_set_changes(store, row, added)
    return details


# -- re-imports from Lovdata --------------------------------------------------------------

_REIMPORT_KIND: dict[str, TouchKind] = {"endret": "erstattet", "ny": "innsatt", "borte": "opphevet"}
_REIMPORT_LABEL = {
    "endret": "Endret ved ny import fra Lovdata",
    "ny": "Ny ved ny import fra Lovdata",
    "borte": "Borte ved ny import fra Lovdata",
}
_REIMPORT_VERB = {
    "endret": "er endret",
    "ny": "er ny",
    "borte": "finnes ikke lenger i gjeldende tekst",
}
_CHANGE_SET = re.compile(r"^lovdata-import/(\d{8}T\d{12}Z)/((?:lov|forskrift)/[^/]+)$")


@dataclass(frozen=True)
class _ChangeSetRow:
    ref: AmendmentRef
    act_name: str
    source_file: str


def _change_set_rows(store: Store, act: URIRef | None = None) -> list[_ChangeSetRow]:
    out = []
    for row in run_query(store, "lovdata-change-sets", act=act):
        iri = str(row["changeSet"])
        imported = str(row["importedAct"])
        created = text(row, "created") or ""
        version = text(row, "versionDate")
        counts = [int(str(row.get(k, 0))) for k in ("changed", "added", "disappeared")]
        name = _popular_name(text(row, "title"), text(row, "shortTitle"), legal_ref(imported))
        ref = AmendmentRef(
            ref=iri[len(BASE) :] if iri.startswith(BASE) else iri,
            iri=iri,
            name=f"ny import fra Lovdata {norwegian_date(created)}",
            title=f"{name}: {counts[0]} endret, {counts[1]} nye, {counts[2]} borte",
            date=created[:10] or None,
            in_force="gjeldende tekst"
            + (f" per {norwegian_date(version)}" if version else ", dato ikke oppgitt"),
            amends=[legal_ref(imported)],
            changes=sum(counts),
            in_force_date=version,
            source="lovdata-import",
        )
        out.append(_ChangeSetRow(ref, name, text(row, "sourceFile") or ""))
    return out


def change_sets(store: Store, act: URIRef | None = None) -> list[AmendmentRef]:
    """The change-sets of re-imports from Lovdata, the newest first; with ``act``, only
    those of that act."""
    return [r.ref for r in _change_set_rows(store, act)]


def _change_set_iri(ref: str) -> tuple[URIRef, URIRef]:
    """A change-set reference (``lovdata-import/{stamp}/{refid}`` or its IRI) → (its IRI,
    the imported act's IRI).

    :raises BadInputError: not a change-set reference.
    """
    value = unquote(ref.strip())
    value = value[len(BASE) :] if value.startswith(BASE) else value
    m = _CHANGE_SET.match(value.strip("/"))
    if m is None:
        raise BadInputError(
            f"ikke en import fra Lovdata / not a re-import reference: {ref!r} "
            "(lovdata-import/ÅÅÅÅMMDDTttmmssffffffZ/lov/…)"
        )
    return URIRef(BASE + m[0]), act_iri(m[2])


def is_change_set(ref: str) -> bool:
    """Whether ``ref`` has the form of a change-set reference."""
    try:
        _change_set_iri(ref)
    except BadInputError:
        return False
    return True


def _change_set_changes(
    store: Store, row: _ChangeSetRow, provisions: list[tuple[str, str]]
) -> list[ChangeDetail]:
    ref, act = row.ref, (row.ref.amends[0] if row.ref.amends else None)
    details = []
    for provision, how in provisions:
        kind = _REIMPORT_KIND[how]
        if how == "endret":
            scope: str | None = provision
        elif how == "ny":
            scope = _chapter_of(store, provision)
        else:
            scope = provision
        target = describe_target(provision)
        description = (
            f"{row.act_name} {target} {_REIMPORT_VERB[how]} ved {ref.name}; {ref.in_force}"
        )
        iri = f"{ref.iri}#{how}-{provision.rsplit('/paragraf/', 1)[-1]}"
        # A provision gone at a re-import took the hj:partOf of its ledd and points along:
        # what rests on them is found from the guidance by the IRI.
        below = _guidance_bases_below(store, provision) if how == "borte" else None
        details.append(
            ChangeDetail(
                iri=iri,
                position=_REIMPORT_LABEL[how].lower(),
                kind=kind,
                kind_label=_REIMPORT_LABEL[how],
                instruction=f"Lovdata-fila {row.source_file}: {target} {_REIMPORT_VERB[how]}",
                amended_act=act,
                target=legal_ref(provision),
                target_level=_level(provision),
                old_number=None,
                new_number=None,
                renumbered_to=None,
                new_title=None,
                new_wording=None,
                in_force_date=ref.in_force_date,
                amendment=ref,
                description=description,
                scope=legal_ref(scope) if scope else None,
                impact=_items(store, scope, kind, iri, description, below) if scope else [],
                source="lovdata-import",
                amended_name=row.act_name,
            )
        )
    return details


def _guidance_bases_below(store: Store, provision: str) -> list[str]:
    """What guidance rests on below ``provision`` (its ledd, points …), by IRI; read from the
    guidance, so the cost follows the guidance, not the legislation."""
    prefix = provision + "/"
    return sorted(
        {
            str(row["basis"])
            for row in run_query(store, "guidance-bases")
            if str(row["basis"]).startswith(prefix)
        }
    )


def _change_set_row(store: Store, cs: URIRef, act: URIRef) -> _ChangeSetRow:
    for row in _change_set_rows(store, act):
        if row.ref.iri == str(cs):
            return row
    raise NotFoundError(f"ukjent import fra Lovdata / unknown re-import: {legal_ref(cs)}")


def change_set(store: Store, ref: str) -> AmendmentDetail:
    """One re-import of an act from Lovdata (``lovdata-import/{stamp}/{refid}`` or its IRI)
    with its changed, added and disappeared provisions and the guidance they touch.

    :raises BadInputError: not a change-set reference.
    :raises NotFoundError: the store has no such change-set.
    """
    cs, act = _change_set_iri(ref)
    row = _change_set_row(store, cs, act)
    provisions = [
        (str(r["provision"]), str(r["how"]))
        for r in run_query(store, "lovdata-change-set", changeSet=cs)
    ]
    changes = _change_set_changes(store, row, provisions)
    return AmendmentDetail(row.ref, changes, group_impact(i for c in changes for i in c.impact))


def reimport_changes_touching(store: Store, resource: URIRef) -> list[ChangeDetail]:
    """The changed, added and disappeared provisions of re-imports from Lovdata that are
    the resource, something it is part of, or inside it."""
    wanted: dict[str, list[tuple[str, str]]] = {}
    for row in run_query(store, "lovdata-changes-touching", resource=resource):
        wanted.setdefault(str(row["changeSet"]), []).append(
            (str(row["provision"]), str(row["how"]))
        )
    details: list[ChangeDetail] = []
    for cs in sorted(wanted, reverse=True):
        cs_iri, act = _change_set_iri(cs)
        details += _change_set_changes(store, _change_set_row(store, cs_iri, act), wanted[cs])
    return details
