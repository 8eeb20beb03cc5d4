"""The legislation index: every act and provision of the Lovdata files, compact.

``graph/data/legislation-index.jsonl.gz`` holds one JSON object per act, sorted by refid::

    {"refid": "lov/2011-06-24-30", "legacy": "LOV-2011-06-24-30", "title": "Lov om …",
     "short": "Helse- og omsorgstjenesteloven – hol.", "lang": "nb",
     "chapters": [["kap1", "Lovens formål …"], …],
     "provisions": [["§1-1", 0, ["a b c", "", "#1 2"], "Formål"], …],
     "aliases": ["pasientrettighetsloven"]}

A provision is ``[data-name, chapter index (-1: none), ledd, title]``: ``ledd`` has one string per
ledd (its count is the ledd count), holding the labels of that ledd's first-level points,
space separated; a leading ``#`` marks numbered points (``nummer``), else they are lettered
(``bokstav``). Provisions and chapters are in document order; a data-name that repeats keeps
its first occurrence only (Lovdata links the first). Nynorsk parallel editions with the
same refid as their bokmål text are left out.

Acts that are not among the files (repealed ones) but that a link names with its title
(``lov 30. mars 1984 nr. 15 om statlig tilsyn med helsetjenesten``) are in the index too,
with ``"text": false``, that title (the most frequent one) and no provisions. ``based_on``
is a regulation's legal basis from its header, as Lovdata writes it.

``aliases`` are the names Lovdata's own links write the act with, where the link's text
is one name, with or without a provision after it (``skjønnsloven`` → ``lov/1917-06-01-1``,
an old name of skjønnsprosessloven), and every link with that name goes to this act.

Run ``hjemmel index [--lovdata DIR] [--out FILE]`` to rebuild it, like ``hjemmel bundle``.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from lxml import etree

from graph.importers.lovdata_sources import iter_documents, skip_reason

__all__ = ["INDEX_FILE", "build_index", "index_entry"]

INDEX_FILE = "legislation-index.jsonl.gz"
_PARSER = etree.XMLParser(huge_tree=True, resolve_entities=False, no_network=True, recover=True)
_LEDD = frozenset({"legalP", "numberedLegalP"})
_LINKED_ACT = re.compile(r"^((?:lov|forskrift)/\d{4}-\d{2}-\d{2}(?:-\d+)?)(?:/|$)")
# A link whose whole text is one act name (``skjønnsloven``, ``tvangsfullføringslova``)
_NAME = re.compile(
    r"^([a-zæøå][a-zæøå-]*(?:loven|lova|forskriften|forskrifta))s?(?: (?:§|kap\.|kapittel) .*)?$"
)
_GENERIC = frozenset({"loven", "lova", "forskriften", "forskrifta", "grunnloven"})
# words of the sentence around a link, not of the act's title after it
_NOT_TITLE = re.compile(r"^om at |\b(?:gjøres|endres|oppheves|skal|gjelder|blir|er|var|ble)\b")
# "oppheves lov <a>30. mars 1984 nr. 15</a> om statlig tilsyn med … m.m." : the title after a link
_TITLE_AFTER = re.compile(
    r"^\s*(om (?:m\.m\.|m\.v\.|mv\.|o\.l\.|[^.;:()\-])+?)\s*(?:\(([^()]+)\))?\s*(?:[.;:,]|$)"
)


def _plain(el: etree._Element | None) -> str:
    return " ".join(el.xpath("string()").split()) if el is not None else ""


def _lists(el: etree._Element) -> Iterator[etree._Element]:
    for child in el:
        if child.tag == "ol":
            yield child
        elif isinstance(child.tag, str) and child.get("class") not in _LEDD:
            yield from _lists(child)


def _points(ledd: etree._Element) -> str:
    for ol in _lists(ledd):
        labels = [(li.get("data-name") or "").rstrip(".").strip() for li in ol if li.tag == "li"]
        labels = [x for x in labels if x and " " not in x]
        if labels:
            mark = "" if ol.get("type") in ("a", "A") else "#"
            return mark + " ".join(labels)
    return ""


def _chapter_title(section: etree._Element) -> str:
    for child in section:
        if isinstance(child.tag, str) and child.tag[:1] == "h" and child.tag[1:].isdigit():
            return _plain(child)
    return ""


def _link_names(root: etree._Element) -> list[tuple[str, str]]:
    """(name, act) of every link whose text is one act name, genitive ``s`` removed, or
    one act name and a provision or chapter (``Arkivforskriften § 14``)."""
    out = []
    for a in root.iter("a"):
        m = _LINKED_ACT.match(a.get("href") or "")
        text = " ".join("".join(a.itertext()).split()).lower()
        n = _NAME.match(text)
        if m and n:
            name = n[1]
            if name not in _GENERIC:
                out.append((name, m[1]))
    return out


def _link_titles(root: etree._Element) -> list[tuple[str, str]]:
    """(act, title) of every link to a whole act followed by its title (``lov 30. mars 1984
    nr. 15 om statlig tilsyn med helsetjenesten``): how the text names acts that are not
    among the Lovdata files (repealed ones)."""
    out = []
    for a in root.iter("a"):
        href = a.get("href") or ""
        m = _LINKED_ACT.match(href)
        if m is None or m[1] != href:
            continue
        t = _TITLE_AFTER.match(" ".join((a.tail or "").split()))
        if t and not _NOT_TITLE.search(t[1]):
            head = "Lov" if href.startswith("lov/") else "Forskrift"
            title = f"{head} {t[1].strip()}" + (f" ({t[2]})" if t[2] else "")
            out.append((href, title))
    return out


def index_entry(xml: bytes) -> dict[str, Any] | None:
    """The index entry of one Lovdata XML document; None when it has no refid. Its key
    ``links`` lists the one-word act names its links are written with (see
    :func:`build_index`)."""
    root = etree.fromstring(xml, _PARSER)
    if root is None:
        return None
    header: dict[str, etree._Element] = {}
    dl = root.find(".//dl")
    for dd in dl.iter("dd") if dl is not None else ():
        header.setdefault(dd.get("class") or "", dd)
    refid = _plain(header.get("refid"))
    if not refid:
        return None
    chapters: list[list[str]] = []
    chapter_at: dict[etree._Element, int] = {}
    provisions: list[list[Any]] = []
    seen: set[str] = set()
    body = root.find(".//main")
    for el in body.iter("section", "article") if body is not None else ():
        name = el.get("data-name") or ""
        if el.tag == "section":
            if name.startswith("kap"):
                chapter_at[el] = len(chapters)
                chapters.append([name, _chapter_title(el)])
            continue
        if el.get("class") != "legalArticle" or not name or name in seen:
            continue
        seen.add(name)
        parent, chapter = el.getparent(), -1
        while parent is not None:
            if parent in chapter_at:
                chapter = chapter_at[parent]
                break
            parent = parent.getparent()
        ledd = [_points(child) for child in el if child.get("class") in _LEDD]
        title = _plain(el.find(".//span[@class='legalArticleTitle']"))
        provisions.append([name, chapter, ledd, title])
    return {
        "refid": refid,
        "legacy": _plain(header.get("legacyID")),
        "title": _plain(header.get("title")),
        "short": _plain(header.get("titleShort")),
        "lang": "nn" if (root.get("lang") or "").startswith("nn") else "nb",
        "chapters": chapters,
        "provisions": provisions,
        "based_on": [_plain(li) for li in header["basedOn"].iter("li")]
        if "basedOn" in header
        else [],
        "links": _link_names(root),
        "titled_links": _link_titles(root),
    }


def _entries(archive: Path) -> list[dict[str, Any]]:
    out = []
    for name, data in iter_documents([archive]):
        if skip_reason(name):
            continue
        entry = index_entry(data)
        if entry is not None:
            out.append(entry)
    return out


def build_index(out: Path, archives: list[Path]) -> int:
    """Write the index of every act in ``archives`` to ``out``; returns the number of acts.
    The same input gives the same bytes (sorted, no time in the gzip header)."""
    by_refid: dict[str, dict[str, Any]] = {}
    names: defaultdict[str, Counter[str]] = defaultdict(Counter)
    titles: defaultdict[str, Counter[str]] = defaultdict(Counter)
    with ProcessPoolExecutor(max(1, min(2, len(archives)))) as pool:
        for entries in pool.map(_entries, archives):
            for entry in entries:
                for name, act in entry.pop("links"):
                    names[name][act] += 1
                for act, title in entry.pop("titled_links"):
                    titles[act][title] += 1
                by_refid.setdefault(entry["refid"], entry)
    for entry in by_refid.values():
        entry["aliases"] = []
    for name, acts in sorted(names.items()):
        if len(acts) == 1 and (act := next(iter(acts))) in by_refid:
            by_refid[act]["aliases"].append(name)
    for act, found in titles.items():
        if act not in by_refid:
            title = sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
            kind, _, rest = act.partition("/")
            by_refid[act] = {
                "refid": act, "legacy": ("LOV-" if kind == "lov" else "FOR-") + rest,
                "title": title, "short": "", "lang": "nb", "text": False,
                "chapters": [], "provisions": [], "based_on": [], "aliases": [],
            }  # fmt: skip
    lines = [
        json.dumps(by_refid[r], ensure_ascii=False, separators=(",", ":")) for r in sorted(by_refid)
    ]
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as f:
        f.write(("\n".join(lines) + "\n").encode())
    return len(lines)
