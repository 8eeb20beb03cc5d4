"""Precision and recall of graph.citations against the links in Lovdata's health laws.

Gold standard: /work/shared/data/lovdata/citation-anchors-health-laws.tsv (or the path in
HJEMMEL_CITATION_ANCHORS), every hyperlink inside 16 health-law files: source file, source
paragraph (the ``data-name`` of the article holding the link, e.g. ``§2``; empty for the
document header), link target (href), anchor text and about 50 characters of context on
each side.

Two modes, both printed:

- full text (the main figures): the parser reads the real running text. For each source
  paragraph the article with that ``data-name`` is taken from the Lovdata tarballs next to
  the TSV (``gjeldende-lover.tar.bz2`` for ``nl-*``, ``gjeldende-sentrale-forskrifter.tar.bz2``
  for ``sf-*``); its text is every text node in document order (link text kept in place,
  as in the TSV's contexts), whitespace runs collapsed to one space. For an empty source
  paragraph the candidates are the header's ``<dd>`` fields. Each anchor is located in that
  text by searching ``context_before + anchor_text + context_after`` (whitespace collapsed
  the same way; if that fails, the context is trimmed to 20 characters each side, then to
  the anchor with whichever context side still matches). Rows that cannot be located are
  read in their 50-character window instead and counted as "fallback". Every provision text
  is parsed once with ``find_citations(text, context_act=<refid of the source file>)``.
  The extracted texts are cached in ``$XDG_CACHE_HOME/hjemmel`` (default ``~/.cache``),
  keyed by the tarballs' size and mtime, since decompressing the regulations takes seconds.
- window (``--window`` lists its failures): the parser reads only
  ``context_before + anchor_text + context_after``, as the TSV gives it. List items whose
  ``§§`` and act name lie outside the window cannot be resolved there.

In both modes the citations whose span overlaps the anchor are the prediction for the row.

- act level: gold = the act part of href (``lov/2011-06-24-30`` of ``…/§12-5`` or
  ``…/kap10``); predicted = the distinct acts of the overlapping citations' refs.
- provision level: only rows whose href names a provision (``/§…``); gold = href up to
  and including the §-part; predicted = the distinct ``act/§x`` prefixes of the refs.

A prediction is correct when it equals the gold value (provisions compared without case:
Lovdata's links write ``§4a-4`` where the act's own data-name, and so our ref, is
``§4A-4``); precision = correct / predicted, recall = correct / gold rows.
Ambiguous citations predict nothing.

Run: .venv/bin/python tests/benchmarks/eval_citations.py [--window] [--failures N]
[--anchors tests/data/citation-eval-other-laws.tsv] (links in other laws, written by
make_citation_eval_other.py)
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import re
import sys
import tarfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from graph.citations import Citation, find_citations  # noqa: E402
from graph.citations.acts import DATA, FILES  # noqa: E402

ANCHORS = Path(
    os.environ.get(
        "HJEMMEL_CITATION_ANCHORS",
        "/work/shared/data/lovdata/citation-anchors-health-laws.tsv",
    )
)
TARBALLS = {"nl": "gjeldende-lover.tar.bz2", "sf": "gjeldende-sentrale-forskrifter.tar.bz2"}
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "hjemmel"
_PROVISION = re.compile(r"^((?:lov|forskrift)/[^/]+/§[^/]+)")
_SPACE = re.compile(r"\s+")

# source file → source paragraph → the candidate texts (usually one)
Texts = dict[str, dict[str, list[str]]]


@dataclass
class Level:
    gold: int = 0
    predicted: int = 0
    correct: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0


@dataclass
class Result:
    act: Level = field(default_factory=Level)
    provision: Level = field(default_factory=Level)
    failures: list[tuple[str, dict[str, str], set[str]]] = field(default_factory=list)
    rows: int = 0
    fallback: int = 0  # full-text mode: rows read in their window (anchor not located)
    seconds: float = 0.0


def file_refids() -> dict[str, str]:
    out = {}
    for name in FILES:
        with (DATA / name).open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                out[row["file"].strip()] = row["refid"].strip()
    return out


def load_rows(path: Path = ANCHORS) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def squeeze(text: str) -> str:
    return _SPACE.sub(" ", text)


# -- source texts from the tarballs ---------------------------------------------------------


def _element_text(el: object) -> str:
    return squeeze("".join(el.itertext())).strip()  # type: ignore[attr-defined]


def _loose_text(el: object) -> str:
    """The text of a section or the body outside its articles and subsections (headings,
    chapter change notes, commentary)."""
    parts = [el.text or ""]  # type: ignore[attr-defined]
    for child in el:  # type: ignore[attr-defined]
        if child.tag != "section" and child.get("class") != "legalArticle":
            parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    return squeeze("".join(parts)).strip()


def _document_texts(data: bytes) -> dict[str, list[str]]:
    from lxml import etree

    root = etree.fromstring(data, etree.XMLParser(recover=True, huge_tree=True))
    out: dict[str, list[str]] = {}
    for art in root.iter("article"):
        if art.get("class") == "legalArticle" and art.get("data-name"):
            out.setdefault(art.get("data-name"), []).append(_element_text(art))
    loose = out.setdefault("", [])
    for dd in root.iter("dd"):
        if dd.get("class") != "table-of-contents":
            loose.append(_element_text(dd))
    for el in root.iter("main", "section"):
        if text := _loose_text(el):
            loose.append(text)
    return out


def _read_tarball(path: Path, wanted: set[str]) -> Texts:
    out: Texts = {}
    wanted = set(wanted)
    with tarfile.open(path, "r:bz2") as tar:
        for member in tar:
            name = member.name.rsplit("/", 1)[-1]
            if name not in wanted:
                continue
            fh = tar.extractfile(member)
            if fh is not None:
                out[name] = _document_texts(fh.read())
            wanted.discard(name)
            if not wanted:
                break
    return out


def source_texts(files: set[str], lovdata: Path) -> Texts:
    """The articles of ``files`` (``nl-….xml``, ``sf-….xml``) from the tarballs in
    ``lovdata``, cached on disk."""
    balls = sorted({TARBALLS[f[:2]] for f in files})
    stamp = [[b, (lovdata / b).stat().st_size, int((lovdata / b).stat().st_mtime)] for b in balls]
    key = {"version": 2, "files": sorted(files), "tarballs": stamp}
    digest = hashlib.blake2b("\n".join(sorted(files)).encode(), digest_size=6).hexdigest()
    cache = CACHE / f"citation-eval-sources-{digest}.json"
    try:
        cached = json.loads(cache.read_text(encoding="utf-8"))
        if cached["key"] == key:
            return cached["texts"]
    except (OSError, ValueError, KeyError):
        pass
    jobs = [(lovdata / b, {f for f in files if TARBALLS[f[:2]] == b}) for b in balls]
    texts: Texts = {}
    with ProcessPoolExecutor(len(jobs)) as pool:
        for part in pool.map(_read_tarball, *zip(*jobs, strict=True)):
            texts.update(part)
    try:
        CACHE.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps({"key": key, "texts": texts}, ensure_ascii=False), "utf-8")
    except OSError:
        pass
    return texts


def locate(candidates: list[str], row: dict[str, str]) -> tuple[str, list[tuple[int, int]]]:
    """Where the row's anchor can be in the real text: the needle searched for and every
    (candidate index, anchor start) it matched, in document order."""
    before, anchor, after = (squeeze(row[k]) for k in ("context_before", "anchor_text",
                                                       "context_after"))  # fmt: skip
    tries = [(before, after), (before.lstrip(), after.rstrip()), (before[-20:], after[:20]),
             (before[-20:], ""), ("", after[:20])]  # fmt: skip
    for b, a in tries:
        needle = b + anchor + a
        if not needle.strip():
            continue
        hits = [(n, m.start() + len(b)) for n, text in enumerate(candidates)
                for m in re.finditer(re.escape(needle), text)]  # fmt: skip
        if hits:
            return needle, hits
    return "", []


# -- scoring ------------------------------------------------------------------------------


def act_of(ref: str) -> str:
    return "/".join(ref.split("/")[:2])


def provision_of(ref: str) -> str | None:
    m = _PROVISION.match(ref)
    return m.group(1) if m else None


def pattern(anchor: str) -> str:
    """The form of an anchor: digits as 9, act names as NAME."""
    form = re.sub(r"\d+", "9", anchor)
    form = re.sub(r"\b[\wæøå-]*(?:loven|lova|lov|forskriften)s?\b", "NAME", form)
    return form


def _score(res: Result, row: dict[str, str], cits: list[Citation], a0: int, a1: int) -> None:
    refs = {r for c in cits if c.start < a1 and c.end > a0 for r in c.refs}
    gold = row["href"].strip()
    acts = {act_of(r) for r in refs}
    res.act.gold += 1
    res.act.predicted += len(acts)
    res.act.correct += act_of(gold) in acts
    gold_p = provision_of(gold)
    if gold_p:
        provs = {p.lower() for r in refs if (p := provision_of(r))}
        gold_p = gold_p.lower()
        res.provision.gold += 1
        res.provision.predicted += len(provs)
        res.provision.correct += gold_p in provs
        if gold_p not in provs:
            res.failures.append(("provision", row, refs))
    elif act_of(gold) not in acts:
        res.failures.append(("act", row, refs))


def _in_text(
    doc: dict[str, list[str]], row: dict[str, str], occurrences: Counter[tuple[str, ...]]
) -> tuple[str, int, int] | None:
    """(text, anchor start, anchor end) of the row in its source article, else in the
    document's loose text; the n-th row with the same context is the n-th occurrence (the
    TSV is in document order)."""
    for para in dict.fromkeys((row["source_paragraph"], "")):
        candidates = doc.get(para, [])
        needle, hits = locate(candidates, row)
        if hits:
            key = (row["source_file"], para, needle)
            n, a0 = hits[min(occurrences[key], len(hits) - 1)]
            occurrences[key] += 1
            return candidates[n], a0, a0 + len(squeeze(row["anchor_text"]))
    return None


def evaluate(rows: list[dict[str, str]], texts: Texts | None = None) -> Result:
    """Score the parser on ``rows``: on the real provision texts when ``texts`` (from
    :func:`source_texts`) is given, else on each row's 50-character window."""
    refids = file_refids()
    res = Result(rows=len(rows))
    parsed: dict[str, list[Citation]] = {}
    occurrences: Counter[tuple[str, ...]] = Counter()
    t0 = time.perf_counter()
    for row in rows:
        context = refids.get(row["source_file"])
        found = None
        if texts is not None:
            found = _in_text(texts.get(row["source_file"], {}), row, occurrences)
            res.fallback += found is None
        if found is not None:
            text, a0, a1 = found
            if text not in parsed:
                parsed[text] = find_citations(text, context_act=context)
            _score(res, row, parsed[text], a0, a1)
            continue
        before, anchor, after = row["context_before"], row["anchor_text"], row["context_after"]
        cits = find_citations(before + anchor + after, context_act=context)
        _score(res, row, cits, len(before), len(before) + len(anchor))
    res.seconds = time.perf_counter() - t0
    return res


def _summary(title: str, res: Result) -> None:
    print(f"{title}: {res.rows} rader, {res.seconds:.2f} s")
    for name, lv in (("act", res.act), ("provision", res.provision)):
        print(
            f"  {name:<10} precision {lv.precision:.4f} ({lv.correct}/{lv.predicted})  "
            f"recall {lv.recall:.4f} ({lv.correct}/{lv.gold})"
        )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--window", action="store_true", help="list the window mode's failures")
    ap.add_argument("--failures", type=int, default=25, help="failing forms to list")
    ap.add_argument("--examples", type=int, default=2, help="examples per form")
    ap.add_argument("--anchors", type=Path, default=ANCHORS,
                    help="the gold TSV (default: the 16 health laws' links)")  # fmt: skip
    ap.add_argument("--lovdata", type=Path, default=ANCHORS.parent, help="folder of the tarballs")
    args = ap.parse_args()
    rows = load_rows(args.anchors)
    t0 = time.perf_counter()
    texts = source_texts({r["source_file"] for r in rows}, args.lovdata)
    print(f"kildetekster / source texts: {time.perf_counter() - t0:.2f} s")
    full = evaluate(rows, texts)
    window = evaluate(rows)
    _summary("FULL TEXT (main figures) / hele bestemmelsen", full)
    print(f"  ikke funnet i teksten, lest i vinduet / anchors not located (fallback): "
          f"{full.fallback}")  # fmt: skip
    _summary("WINDOW (50 characters each side) / bare vinduet", window)
    res = window if args.window else full
    forms = Counter((lvl, pattern(row["anchor_text"])) for lvl, row, _ in res.failures)
    label = "window" if args.window else "full text"
    print(f"\n{len(res.failures)} feil ({label}); vanligste former / top failing forms:")
    for (lvl, form), n in forms.most_common(args.failures):
        print(f"{n:>5}  {lvl:<9} {form!r}")
        shown = 0
        for lv2, row, refs in res.failures:
            if lv2 == lvl and pattern(row["anchor_text"]) == form and shown < args.examples:
                shown += 1
                print(
                    f"         {row['source_file']} {row['source_paragraph']}: "
                    f"…{row['context_before'][-40:]}[[{row['anchor_text']}]]"
                    f"{row['context_after'][:30]}…  gold={row['href']} got={sorted(refs)}"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
