"""Precision and recall of graph.citations against the links in Lovdata's health laws.

Gold standard: /work/shared/data/lovdata/citation-anchors-health-laws.tsv (or the path in
HJEMMEL_CITATION_ANCHORS), every hyperlink inside 16 health-law files: source file,
link target (href), anchor text and about 50 characters of context on each side.

For each row the parser reads ``context_before + anchor_text + context_after`` with
``context_act`` = the refid of the source file; the citations whose span overlaps the
anchor are the prediction for that row.

- act level: gold = the act part of href (``lov/2011-06-24-30`` of ``…/§12-5`` or
  ``…/kap10``); predicted = the distinct acts of the overlapping citations' refs.
- provision level: only rows whose href names a provision (``/§…``); gold = href up to
  and including the §-part; predicted = the distinct ``act/§x`` prefixes of the refs.

A prediction is correct when it equals the gold value (provisions compared without case:
Lovdata's links write ``§4a-4`` where the act's own data-name, and so our ref, is
``§4A-4``); precision = correct / predicted, recall = correct / gold rows.
Ambiguous citations predict nothing.

Run: .venv/bin/python tests/benchmarks/eval_citations.py [--failures N]
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from graph.citations import find_citations  # noqa: E402
from graph.citations.acts import DATA, FILES  # noqa: E402

ANCHORS = Path(
    os.environ.get(
        "HJEMMEL_CITATION_ANCHORS",
        "/work/shared/data/lovdata/citation-anchors-health-laws.tsv",
    )
)
_PROVISION = re.compile(r"^((?:lov|forskrift)/[^/]+/§[^/]+)")


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


def evaluate(rows: list[dict[str, str]]) -> Result:
    refids = file_refids()
    res = Result(rows=len(rows))
    t0 = time.perf_counter()
    for row in rows:
        before, anchor, after = row["context_before"], row["anchor_text"], row["context_after"]
        text = before + anchor + after
        a0, a1 = len(before), len(before) + len(anchor)
        cits = find_citations(text, context_act=refids.get(row["source_file"]))
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
    res.seconds = time.perf_counter() - t0
    return res


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--failures", type=int, default=25, help="failing forms to list")
    ap.add_argument("--examples", type=int, default=2, help="examples per form")
    args = ap.parse_args()
    res = evaluate(load_rows())
    print(f"{res.rows} rader, {res.seconds:.2f} s")
    for name, lv in (("act", res.act), ("provision", res.provision)):
        print(
            f"{name:<10} precision {lv.precision:.4f} ({lv.correct}/{lv.predicted})  "
            f"recall {lv.recall:.4f} ({lv.correct}/{lv.gold})"
        )
    starved = sum(
        1
        for lvl, row, refs in res.failures
        if lvl == "provision" and not refs and "§" not in row["context_before"] + row["anchor_text"]
    )
    print(
        f"provision-feil uten § i vinduet / provision misses with no § in the 50-character "
        f"window (list items whose head is cut off): {starved}"
    )
    forms = Counter((lvl, pattern(row["anchor_text"])) for lvl, row, _ in res.failures)
    print(f"\n{len(res.failures)} feil; vanligste former / top failing forms:")
    for (lvl, form), n in forms.most_common(args.failures):
        print(f"{n:>5}  {lvl:<9} {form!r}")
        shown = 0
        for lv2, row, refs in res.failures:
            if lv2 == lvl and pattern(row["anchor_text"]) == form and shown < args.examples:
                shown += 1
                print(
                    f"         …{row['context_before'][-40:]}[[{row['anchor_text']}]]"
                    f"{row['context_after'][:30]}…  gold={row['href']} got={sorted(refs)}"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
