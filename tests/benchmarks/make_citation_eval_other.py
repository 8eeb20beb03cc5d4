"""Write ``tests/data/citation-eval-other-laws.tsv``: hyperlinked references in laws and
regulations other than the 16 health-law files of the main evaluation, in the format of
``citation-anchors-health-laws.tsv`` (source file, source paragraph, href, anchor text, 50
characters of context each side), so that ``eval_citations.py --anchors`` scores them.

The files are a fixed random sample (seed 2026) of the Lovdata tarballs; from each, up to
12 links inside provision text (not in amendment notes or footnotes) to a law or
regulation. Context is cut from the article's text as ``eval_citations.py`` extracts it.

Run: .venv/bin/python tests/benchmarks/make_citation_eval_other.py [--files 40]
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
import tarfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "benchmarks"))

from eval_citations import ANCHORS, TARBALLS, load_rows, squeeze  # noqa: E402

OUT = ROOT / "tests" / "data" / "citation-eval-other-laws.tsv"
_HREF = re.compile(r"^(?:lov|forskrift)/\d{4}-\d{2}-\d{2}")
_SKIP = {"changesToParent", "footnotes", "footnote", "futureLegalArticle"}
FIELDS = ["source_file", "source_paragraph", "href", "anchor_text", "context_before",
          "context_after"]  # fmt: skip


def _links(art: Any) -> list[Any]:
    """The links in provision text (not in amendment notes or footnotes) to an act."""
    return [a for a in art.iter("a") if _HREF.match(a.get("href") or "")
            and not any(p.get("class") in _SKIP for p in a.iterancestors())]  # fmt: skip


def _rows(name: str, data: bytes, per_file: int, rng: random.Random) -> list[dict[str, str]]:
    from lxml import etree

    root = etree.fromstring(data, etree.XMLParser(recover=True, huge_tree=True))
    found = []
    for art in root.iter("article"):
        if art.get("class") != "legalArticle" or not art.get("data-name"):
            continue
        links = _links(art)
        for n, a in enumerate(links):
            copy = etree.fromstring(etree.tostring(art))
            target = _links(copy)[n]
            target.text = "\ue000" + (target.text or "")
            last = target[-1] if len(target) else None
            if last is not None:
                last.tail = (last.tail or "") + "\ue001"
            else:
                target.text += "\ue001"
            text = squeeze("".join(copy.itertext())).strip()
            a0, a1 = text.index("\ue000"), text.index("\ue001")
            anchor = text[a0 + 1 : a1]
            plain = text.replace("\ue000", "").replace("\ue001", "")
            a1 -= 1
            if not anchor.strip():
                continue
            found.append({
                "source_file": name, "source_paragraph": art.get("data-name"),
                "href": a.get("href"), "anchor_text": anchor,
                "context_before": plain[max(0, a0 - 50) : a0],
                "context_after": plain[a1 : a1 + 50],
            })  # fmt: skip
    order = list(range(len(found)))
    rng.shuffle(order)
    return [found[i] for i in sorted(order[:per_file])]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=40)
    ap.add_argument("--per-file", type=int, default=12)
    args = ap.parse_args()
    health = {r["source_file"] for r in load_rows()}
    rng = random.Random(2026)
    names: dict[str, list[str]] = {}
    for prefix, ball in TARBALLS.items():
        with tarfile.open(ANCHORS.parent / ball, "r:bz2") as tar:
            names[prefix] = sorted(m.name for m in tar if m.name.endswith(".xml")
                                   and not m.name.endswith("-nn.xml"))  # fmt: skip
    chosen = {p: rng.sample([n for n in ns if n.rsplit("/", 1)[-1] not in health],
                            args.files // 2) for p, ns in names.items()}  # fmt: skip
    rows: list[dict[str, str]] = []
    for prefix, ball in TARBALLS.items():
        wanted = set(chosen[prefix])
        with tarfile.open(ANCHORS.parent / ball, "r:bz2") as tar:
            for member in tar:
                if member.name in wanted and (fh := tar.extractfile(member)) is not None:
                    name = member.name.rsplit("/", 1)[-1]
                    rows.extend(_rows(name, fh.read(), args.per_file, rng))
    rows.sort(key=lambda r: r["source_file"])
    with OUT.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, FIELDS, delimiter="\t", lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"{OUT}: {len(rows)} rader fra {len({r['source_file'] for r in rows})} filer")
    return 0


if __name__ == "__main__":
    sys.exit(main())
