"""Finding and resolving references to Norwegian law in text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.citations.acts import SNAPSHOT, ActIndex, Node, act_index
from graph.citations.eu import Article, EuAct, eu_name, parse_articles
from graph.citations.legislation_index import legislation
from graph.citations.links import link_ref
from graph.citations.model import Citation
from graph.citations.provisions import CHAPTER_WORDS, Item, parse_chapters, parse_sections
from graph.citations.resolve import between, resolve_item
from graph.citations.tokens import Token, tokenize
from graph.model.dates import MONTHS

__all__ = ["find_citations"]

# Words before a date and number that say which series it belongs to. A royal resolution,
# a decision or an announcement is published (and linked by Lovdata) as a regulation.
KIND_WORDS = {
    "lov": "lov", "lover": "lov", "lova": "lov", "lovene": "lov", "loven": "lov",
    "forskrift": "forskrift", "forskrifter": "forskrift", "forskriften": "forskrift",
    "res": "forskrift", "resolusjon": "forskrift", "vedtak": "forskrift",
    "meddelelse": "forskrift", "kunngjøring": "forskrift",
}  # fmt: skip
SELF_WORDS = {
    "loven": "lov", "lovens": "lov", "lova": "lov", "lovas": "lov",
    "forskriften": "forskrift", "forskriftens": "forskrift", "forskrifta": "forskrift",
    "forskriftas": "forskrift", "lovs": "lov", "forskrifts": "forskrift",
}  # fmt: skip
TITLE_HEADS = {"lov": "lov", "loven": "lov", "lova": "lov", "forskrift": "forskrift",
               "forskriften": "forskrift", "forskrifta": "forskrift"}  # fmt: skip
# "Kongen kan gi forskrift om …" authorises a regulation; it does not cite one.
ENABLING = {"gi", "gis", "gir", "gitt", "gav", "fastsette", "fastsettes", "fastsetter",
            "fastsatt", "utferdige", "nærmere", "utfyllende", "egen", "egne", "særskilt",
            "særskilte", "utarbeide"}  # fmt: skip
_LIST_GAP = re.compile(r"^\s*[,;]?\s*(?:(?:og|eller|samt|og/eller)\s+)?$")
# "forurensningsloven § 29, jf. § 11": a bare § after "jf." is in the act just cited
_JF_GAP = re.compile(r"^\s*[,;]?\s*(?:jf|jfr|jamfør|jf\.|jfr\.)\s*$")
_DATED_GAP = re.compile(r"^[\s,;]*(?:og\s*)?$")
_IDENT = re.compile(
    r"\b(?:(?P<legacy>LOV|FOR)-|(?P<kind>lov|forskrift)/)(?P<date>\d{4}-\d{2}-\d{2})"
    r"(?:-(?P<nr>\d+))?(?:/§\s?(?P<par>\d+[A-Za-z]?(?:-\d+[A-Za-z]?)?))?(?![\w-])"
)
_YEAR = re.compile(r"1[6-9]\d\d|20\d\d")


# A word that names an act, treaty or EU act by its form.
_FOREIGN = re.compile(
    r"(lov|loven|lova|lovs|lovens|lovas|forskriften|forskrifta|forskriftens|forordningen|"
    r"forordningens|konvensjonen|konvensjonens|direktivet|direktivets|avtalen|avtalens)$"
)


@dataclass(frozen=True, slots=True)
class _Ref:
    """An act named at some place in the text (not yet emitted)."""

    start: int  # character offset
    end: int  # token index after it
    act: str | None
    ambiguous: tuple[str, ...]
    standalone: bool


@dataclass(frozen=True, slots=True)
class _Name:
    """A name found in the act index."""

    end: int  # token index after it
    acts: frozenset[str]
    standalone: bool
    last: str  # its last word


def _named(node: Node, end: int, last: str) -> _Name | None:
    """The name that ends at ``node`` of the index, if one does."""
    if not node.entries:
        return None
    refids = frozenset(e.refid for e in node.entries)
    return _Name(end, refids, any(e.standalone for e in node.entries), last)


class _Parse:
    def __init__(self, text: str, context_act: str | None) -> None:
        self.text = text
        self.context = context_act
        self.index: ActIndex = act_index()
        self.tokens: list[Token] = tokenize(text)
        self.out: list[Citation] = []
        self.recent: list[str] = []  # acts cited so far, latest last
        self.last_end = -1  # end of the previous citation …
        self.last_act: tuple[str | None, tuple[str, ...]] = (None, ())  # … and its act
        self.dated_items: list[tuple[int, str]] = []  # (end, kind) of dated references
        self.last_eu: tuple[int, EuAct] | None = None  # end and act of the last EU citation

    # -- output --------------------------------------------------------------

    def emit(self, start: int, end: int, refs: list[str], act: str | None,
             ambiguous: tuple[str, ...] = (), unresolved: list[str] | None = None
             ) -> None:  # fmt: skip
        self.out.append(Citation(self.text[start:end], start, end, tuple(refs), ambiguous,
                                 tuple(unresolved or ())))  # fmt: skip
        self.last_end = end
        self.last_act = (act, ambiguous)
        if act:
            self.recent.append(act)

    def emit_act(self, start: int, j: int, act: str | None, ambiguous: tuple[str, ...] = (),
                 *, standalone: bool = True) -> int:  # fmt: skip
        """Emit the act named by tokens up to ``j`` and the provisions that follow it."""
        t = self.tokens
        end = t[j - 1].end
        k = j
        if self.word(k) in ("hhv", "henholdsvis"):
            k = self.skip_dot(k + 1)
        if k < len(t) and t[k].kind == "sec":
            j = k
            items, k = parse_sections(t, j)
            if items:
                items[0].start = start
                self.emit_items(items, act, ambiguous)
                return k
        if j < len(t) and t[j].kind == "word" and t[j].norm in CHAPTER_WORDS:
            items, k = parse_chapters(t, j)
            if items:
                items[0].start = start
                self.emit_chapters(items, act, ambiguous)
                return k
        if not standalone:
            return -1
        self.emit(start, end, [act] if act else [], act, ambiguous)
        return j

    def emit_items(self, items: list[Item], act: str | None, ambiguous: tuple[str, ...]) -> None:
        prev: Item | None = None
        for it in items:
            if act is None:
                self.emit(it.start, it.end, [], act, ambiguous)
                prev = it
                continue
            if it.range_end and prev is not None:
                self.emit_range(prev, it, act)
            refs, unresolved = resolve_item(it, act)
            self.emit(it.start, it.end, refs, act, ambiguous, unresolved)
            prev = it

    def emit_range(self, first: Item, last: Item, act: str) -> None:
        """The provisions strictly inside ``§§ 28 til 34``, as a citation spanning the
        ``til`` or dash between the ends."""
        inner = between(act, first, last)
        if not inner:
            return
        start, end = first.end, last.start
        gap = self.text[start:end]
        start += len(gap) - len(gap.lstrip())
        end -= len(gap) - len(gap.rstrip())
        if start < end:
            self.emit(start, end, inner, act)

    def emit_chapters(self, items: list[Item], act: str | None,
                      ambiguous: tuple[str, ...]) -> None:  # fmt: skip
        for it in items:
            self.emit(it.start, it.end, [act] if act else [], act, ambiguous)

    # -- helpers -------------------------------------------------------------

    def word(self, j: int) -> str | None:
        t = self.tokens
        return t[j].norm if 0 <= j < len(t) and t[j].kind == "word" else None

    def skip_dot(self, j: int) -> int:
        t = self.tokens
        if j < len(t) and t[j].text == "." and t[j].start == t[j - 1].end:
            return j + 1
        return j

    def resolve(self, refids: frozenset[str], name_last: str, year: int | None
                ) -> tuple[str | None, tuple[str, ...]]:  # fmt: skip
        cands = set(refids)
        if year is not None:
            cands = {r for r in cands if r.split("/")[1].startswith(str(year))}
            if not cands:
                return None, ()
        if year is None and cands - self.index.repealed:
            cands -= self.index.repealed  # a repealed law is meant only with its year
        if len(cands) > 1 and re.search(r"(lov|loven|lova|lovens|lovas)$", name_last):
            cands = {r for r in cands if r.startswith("lov/")} or cands
        if len(cands) > 1 and re.search(r"(forskriften|forskrifta)s?$", name_last):
            cands = {r for r in cands if r.startswith("forskrift/")} or cands
        if len(cands) == 1:
            return next(iter(cands)), ()
        if self.context in cands:
            return self.context, ()
        for act in reversed(self.recent):
            if act in cands:
                return act, ()
        in_force = {r for r in cands if not self.index.pending(r, SNAPSHOT)}
        if len(in_force) == 1:
            return next(iter(in_force)), ()
        return None, tuple(sorted(cands))

    # -- rules ---------------------------------------------------------------

    def identifiers(self) -> list[tuple[int, int]]:
        """``LOV-2011-06-24-30``, ``lov/2011-06-24-30/§12-5`` written out in the text."""
        spans = []
        urls = [(t.start, t.end) for t in self.tokens if t.kind == "url"]
        for m in _IDENT.finditer(self.text):
            if any(s <= m.start() < e for s, e in urls):
                continue
            kind = m["kind"] or ("lov" if m["legacy"] == "LOV" else "forskrift")
            act = f"{kind}/{m['date']}" + (f"-{int(m['nr'])}" if m["nr"] else "")
            self.emit_checked(m.start(), m.end(), act, m["par"])
            spans.append(m.span())
        return spans

    def url(self, i: int) -> int | None:
        tok = self.tokens[i]
        if tok.kind != "url":
            return None
        ref = link_ref(tok.text)
        if ref is None:
            return i + 1
        act = "/".join(ref.split("/")[:2])
        par = ref[len(act) + 2 :] if ref.startswith(act + "/§") else None
        self.emit_checked(tok.start, tok.end, act, par)
        return i + 1

    def emit_checked(self, start: int, end: int, act: str, par: str | None) -> None:
        """An identifier or link, its provision as the act writes it (``§4a-4`` → ``§4A-4``);
        unresolved when the act has no such provision."""
        if not par:
            self.emit(start, end, [act], act)
            return
        refs, unresolved = resolve_item(Item(start, end, par), act)
        self.emit(start, end, refs, act, unresolved=unresolved)

    def date_at(self, j: int) -> tuple[str, int | None, int] | None:
        """``24. juni 2011 nr. 30`` at ``j``: (ISO date, number or None, index after)."""
        t = self.tokens
        if j >= len(t) or t[j].kind != "num" or not t[j].text.isdigit():
            return None
        day = int(t[j].text)
        k = self.skip_dot(j + 1)
        month = MONTHS.get(self.word(k) or "")
        if not (1 <= day <= 31 and month):
            return None
        k = self.skip_dot(k + 1)
        if k >= len(t) or not _YEAR.fullmatch(t[k].text):
            return None
        iso = f"{t[k].text}-{month:02d}-{day:02d}"
        k += 1
        if self.word(k) == "nr":
            n = self.skip_dot(k + 1)
            if n < len(t) and t[n].kind == "num" and t[n].text.isdigit():
                return iso, int(t[n].text), n + 1
        return iso, None, k

    def dated_ref(self, i: int) -> _Ref | None:
        """``lov 24. juni 2011 nr. 30``, ``res. 15 juni 2012 nr. 522``, ``forskrift av …``
        and, in a list, a bare ``7 mai 2021 nr. 34``."""
        kind, j = self.kind_word(i)
        found = self.date_at(j)
        if found is None:
            return None
        iso, nr, k = found
        t = self.tokens
        start, end = t[i].start, t[k - 1].end
        kind = kind or self.inherited_kind(start)
        if kind is None:
            if nr is None:
                return None
            self.dated_items.append((end, ""))
            acts = tuple(sorted((f"lov/{iso}-{nr}", f"forskrift/{iso}-{nr}")))
            return _Ref(start, k, None, acts, True)
        if nr is None:
            act = f"{kind}/{iso}"
            if act not in self.index:
                return None
        else:
            act = f"{kind}/{iso}-{nr}"
        self.dated_items.append((end, kind))
        return _Ref(start, self.title_after(k), act, (), True)

    def kind_word(self, i: int) -> tuple[str | None, int]:
        """The series a word at ``i`` gives the date after it (``lov``, ``kgl. res.``,
        ``forskrift av``) and the index of the date; (None, ``i``) when there is none."""
        w = self.word(i)
        if w == "kgl" and self.word(self.skip_dot(i + 1)) == "res":
            kind, j = "forskrift", self.skip_dot(self.skip_dot(i + 1) + 1)
        elif w in KIND_WORDS:
            kind, j = KIND_WORDS[w], self.skip_dot(i + 1)
        else:
            return None, i
        if self.word(j) == "av":
            j += 1
        return kind, j

    def inherited_kind(self, start: int) -> str | None:
        """The series of a bare ``7 mai 2021 nr. 34`` in a list such as ``Endret ved lover
        5 apr 2013 nr. 12 (ikr. …), 7 mai 2021 nr. 34``; else that of the context act."""
        for end, kind in reversed(self.dated_items):
            gap = self.text[end:start]
            while True:
                shorter = re.sub(r"\([^()]*\)", "", gap)
                if shorter == gap:
                    break
                gap = shorter
            if _DATED_GAP.match(gap):
                if kind:
                    return kind
                break
        if self.context:
            return self.context.split("/")[0]
        return None

    def title_after(self, k: int) -> int:
        """Skip the title in ``lov 2. juli 1999 nr. 63 om pasient- og brukerrettigheter
        § 3-2`` when a provision or chapter follows it."""
        t = self.tokens
        if self.word(k) != "om":
            return k
        j = k + 1
        while j < len(t) and j - k <= 12:
            tok = t[j]
            if self.provision_at(j):
                return j
            glued_hyphen = tok.text == "-" and j + 1 < len(t) and t[j + 1].start == tok.end
            if (tok.kind == "word" or tok.text == "." or glued_hyphen
                    or (tok.text == "," and j > k + 1)):  # fmt: skip
                j += 1
                continue
            break
        return k

    def self_ref(self, i: int) -> _Ref | None:
        """``loven her``, ``denne lov``, ``forskriftens § 5``, ``samme lov § 2``."""
        w = self.word(i)
        nxt = self.word(i + 1)
        kind: str | None = None
        j = i + 1
        standalone = True
        use_context = True
        if w in SELF_WORDS and nxt == "her":
            kind, j = SELF_WORDS[w], i + 2
        elif w == "denne" and (nxt in TITLE_HEADS or nxt in SELF_WORDS):
            kind, j = TITLE_HEADS.get(nxt or "") or SELF_WORDS[nxt or ""], i + 2
        elif w in ("samme", "same", "nevnte") and nxt in TITLE_HEADS:
            kind, j, use_context = TITLE_HEADS[nxt], i + 2, False
        elif w in SELF_WORDS:
            kind, standalone = SELF_WORDS[w], False
        if kind is None:
            return None
        if use_context and self.context and self.context.startswith(kind + "/"):
            act: str | None = self.context
        else:
            act = next((a for a in reversed(self.recent) if a.startswith(kind + "/")), None)
            if act is None and use_context and standalone:
                return None
        return _Ref(self.tokens[i].start, j, act, (), standalone)

    def provision_at(self, j: int) -> bool:
        """Whether a ``§`` or a chapter word is at ``j``."""
        t = self.tokens
        return j < len(t) and (t[j].kind == "sec" or t[j].norm in CHAPTER_WORDS)

    def name_ref(self, i: int) -> _Ref | None:
        """A name from the act index: ``helse- og omsorgstjenesteloven``, ``hol.``,
        ``Grunnlovens``, ``forskrift om ledelse og kvalitetsforbedring``."""
        first = self.word(i)
        if first is None:
            return None
        head = TITLE_HEADS.get(first)
        if head and self.word(i - 1) in ENABLING:
            return None
        starts = [self.index.root.children.get(head or first)]
        if first.endswith("s"):  # "straffelovens § 209" ("straffelovens ikraftsettingslov")
            starts.append(self.index.root.children.get(first[:-1]))
        found = [self.longest_name(i, n, first) for n in starts if n is not None]
        if not found:
            return None
        name, node, j, depth = max(found, key=lambda f: f[0].end if f[0] else -1)
        if head and (name is None or name.end < j) and self.word(i + 1) == "om" and depth >= 4:
            name = self.title_start(node, j) or name
        if name is None:
            return None
        year, k = self.year_after(self.skip_dot(name.end))
        act, ambiguous = self.resolve(name.acts, name.last, year)
        if act is None and not ambiguous and year is None:
            return None
        return _Ref(self.tokens[i].start, k, act, ambiguous, name.standalone)

    def longest_name(self, i: int, node: Node, first: str
                     ) -> tuple[_Name | None, Node, int, int]:  # fmt: skip
        """Follow the index from ``node``, reached by the word ``first`` at ``i``, as far as
        the words after it go (a full stop after an abbreviation skipped).

        Returns the longest name found on the way (also one in the genitive, ``…lovens``),
        the deepest node reached, the token index after it and its depth in words."""
        t = self.tokens
        best = _named(node, i + 1, first)
        j, depth = i + 1, 1
        while True:
            k = self.skip_dot(j)
            if k >= len(t) or t[k].kind not in ("word", "num"):
                break
            w = t[k].norm
            genitive = node.children.get(w[:-1]) if w.endswith("s") and len(w) > 3 else None
            if genitive is not None:
                best = _named(genitive, k + 1, w) or best
            child = node.children.get(w)
            if child is None:
                break
            node, j, depth = child, k + 1, depth + 1
            best = _named(node, j, w) or best
        return best, node, j, depth

    def title_start(self, node: Node, j: int) -> _Name | None:
        """``forskrift om ledelse og kvalitetsforbedring`` written short: the words up to
        ``j`` begin the title of one act only."""
        acts = node.below()
        if len(acts) != 1:
            return None
        return _Name(j, acts, True, self.tokens[j - 1].norm)

    def year_after(self, k: int) -> tuple[int | None, int]:
        """The year after a name at ``k`` that says which act of that name is meant:
        ``av 1902``, ``(1902)``, or a bare ``1902`` before a provision or chapter. Returns it
        (None when there is none) and the token index after it."""
        t = self.tokens
        y = k + 1 if self.word(k) == "av" or (k < len(t) and t[k].text == "(") else k
        if y >= len(t) or not _YEAR.fullmatch(t[y].text):
            return None, k
        if y == k and not self.provision_at(y + 1):
            return None, k
        if t[y - 1].text != "(":
            return int(t[y].text), y + 1
        if y + 1 < len(t) and t[y + 1].text == ")":
            return int(t[y].text), y + 2  # "straffeloven (1902) § 222"
        return None, k

    def act_ref(self, i: int) -> _Ref | None:
        return self.dated_ref(i) or self.self_ref(i) or self.name_ref(i)

    def act(self, i: int) -> int | None:
        ref = self.act_ref(i)
        if ref is None:
            return None
        j = ref.end
        t = self.tokens
        if i > 0 and t[i - 1].text == "(" and j < len(t) and t[j].text == ")":
            j += 1  # "(tvisteloven) kapittel 36"
        k = self.emit_act(ref.start, j, ref.act, ref.ambiguous, standalone=ref.standalone)
        return None if k < 0 else k

    def unknown_act(self, i: int) -> _Ref | None:
        """A word that names an act the index does not know (``straffeloven 1902``,
        ``personvernforordningen``): provisions after it stay unresolved."""
        w = self.word(i - 1)
        if w is None or not _FOREIGN.search(w):
            return None
        start = self.tokens[i - 1].start
        if i >= 2 and self.word(i - 2) is not None and self.tokens[i - 2].text.endswith("-"):
            start = self.tokens[i - 2].start
        return _Ref(start, i, None, (), False)

    def inherited_act(self, i: int) -> tuple[str | None, tuple[str, ...], int | None]:
        """The act of a provision or chapter with no name before it: that of the citation
        it continues a list of, else the context act. Also returns an earlier start."""
        unknown = self.unknown_act(i)
        if unknown is not None:
            return None, (), unknown.start
        gap = self.text[self.last_end : self.tokens[i].start] if self.last_end >= 0 else ""
        if self.last_end >= 0 and _LIST_GAP.match(gap):
            act, ambiguous = self.last_act
            return act, ambiguous, None
        if self.last_end >= 0 and _JF_GAP.match(gap):
            return self.last_act[0], (), None
        return self.context, (), None

    def exists_in(self, act: str | None, items: list[Item]) -> bool:
        """Whether every provision of ``items`` exists in ``act`` (true when the index
        cannot tell)."""
        entry = legislation().act(act) if act else None
        return (
            entry is None
            or not entry.has_text
            or all(entry.provision(it.number) is not None for it in items)
        )

    def trailing_act(self, k: int) -> _Ref | None:
        """``§ 27 i lov 25. september 1992 nr. 107``, ``§ 4 i denne lov``."""
        if self.word(k) != "i":
            return None
        ref = self.act_ref(k + 1)
        if ref is None or (ref.act is None and not ref.ambiguous):
            return None
        return ref

    def sections(self, i: int) -> int | None:
        t = self.tokens
        if t[i].kind != "sec":
            return None
        items, k = parse_sections(t, i)
        if not items:
            return None
        act, ambiguous, start = self.inherited_act(i)
        # "pasientjournalforskriften § 6, jf. § 3-2" in helse- og omsorgstjenesteloven
        if (act != self.context and self.context and not self.exists_in(act, items)
                and self.exists_in(self.context, items)):  # fmt: skip
            act, ambiguous = self.context, ()
        trailing = self.trailing_act(k)
        if trailing is not None:
            act, ambiguous = trailing.act, trailing.ambiguous
            items[-1].end = t[trailing.end - 1].end
            k = trailing.end
        if start is not None:
            items[0].start = start
        self.emit_items(items, act, ambiguous)
        return k

    def chapters(self, i: int) -> int | None:
        if self.word(i) not in CHAPTER_WORDS:
            return None
        items, k = parse_chapters(self.tokens, i)
        if not items:
            return None
        act, ambiguous, start = self.inherited_act(i)
        if start is not None:
            items[0].start = start
        self.emit_chapters(items, act, ambiguous)
        return k

    def eu(self, i: int) -> int | None:
        """``personvernforordningen artikkel 6 nr. 1 bokstav e``, ``GDPR art. 9``,
        ``artikkel 9 i personvernforordningen``, ``EØS-avtalens`` and a bare ``artikkel 9``
        continuing a list after one of them."""
        t = self.tokens
        named = eu_name(t, i)
        if named is not None:
            act, k = named
            arts, end = parse_articles(t, k)
            if not arts and k < len(t) and t[k].kind == "sec":
                return None  # "personvernforordningen § 6": a § of no act we know
            if not arts:
                self.emit_eu(t[i].start, t[k - 1].end, act, None)
                return k
        else:
            arts, end = parse_articles(t, i)
            if not arts:
                return None
            after = end + 1 if self.word(end) in ("i", "etter") else end
            trailing = eu_name(t, after) if after < len(t) else None
            if trailing is not None:
                act, end = trailing[0], trailing[1]
                arts[-1].end = t[end - 1].end
            elif self.last_eu is not None and (
                _LIST_GAP.match(gap := self.text[self.last_eu[0] : t[i].start])
                or _JF_GAP.match(gap)
            ):
                act = self.last_eu[1]
            else:
                return None
        arts[0].start = t[i].start
        for art in arts:
            self.emit_eu(art.start, art.end, act, art)
        return end

    def emit_eu(self, start: int, end: int, act: EuAct, art: Article | None) -> None:
        if art is None:
            self.emit(start, end, [act.ref], None)
        elif 1 <= art.number <= act.articles:
            self.emit(start, end, [art.ref(act)], None)
        else:
            self.emit(start, end, [], None, unresolved=[art.ref(act)])
        self.last_eu = (end, act)

    def run(self) -> list[Citation]:
        covered = self.identifiers()
        t = self.tokens
        i = 0
        rules = (self.url, self.eu, self.act, self.sections, self.chapters)
        while i < len(t):
            if any(s <= t[i].start < e for s, e in covered):
                i += 1
                continue
            for rule in rules:
                k = rule(i)
                if k is not None:
                    i = max(k, i + 1)
                    break
            else:
                i += 1
        return sorted(self.out, key=lambda c: (c.start, c.end))


def find_citations(text: str, *, context_act: str | None = None) -> list[Citation]:
    """Every reference to an act or provision in ``text``, resolved to Lovdata refs.

    ``context_act`` is the refid of the document the text belongs to: a bare ``§ 5``,
    ``loven her`` or ``forskriftens § 5`` resolve to it.

    >>> [c.refs for c in find_citations("jf. helse- og omsorgstjenesteloven § 12-5")]
    [('lov/2011-06-24-30/§12-5',)]
    """
    return _Parse(text, context_act).run()
