"""Precision and recall of graph.citations on single sentences from other laws and from the
guidance sources: ``tests/data/citation-eval-sentences.tsv``.

Each row is a real sentence (a Lovdata provision, named by file and paragraph, or a
document in ``/work/shared/sources``), the refid of the act it stands in (empty for
guidance), the references it makes (space separated; the provision, ledd or point as the
act's text in the Lovdata files has it) and those that name nothing in the act
(``unresolved``). The labels were checked by hand against the act texts; where Lovdata
links the words, the link is the label.

Scored over the set of refs per sentence (micro-averaged): precision = correct / predicted,
recall = correct / gold; the same for the unresolved references.

Run: .venv/bin/python tests/benchmarks/eval_citation_sentences.py
"""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from graph.citations import find_citations  # noqa: E402

SENTENCES = ROOT / "tests" / "data" / "citation-eval-sentences.tsv"


@dataclass
class Score:
    gold: int = 0
    predicted: int = 0
    correct: int = 0
    misses: list[tuple[str, set[str], set[str]]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 1.0


def evaluate(path: Path = SENTENCES) -> tuple[Score, Score, int]:
    refs, unresolved = Score(), Score()
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    for row in rows:
        cits = find_citations(row["text"], context_act=row["context_act"] or None)
        for score, got, want in (
            (refs, {r for c in cits for r in c.refs}, set(row["refs"].split())),
            (unresolved, {r for c in cits for r in c.unresolved}, set(row["unresolved"].split())),
        ):
            score.gold += len(want)
            score.predicted += len(got)
            score.correct += len(got & want)
            if got != want:
                score.misses.append((row["text"], got, want))
    return refs, unresolved, len(rows)


def main() -> int:
    refs, unresolved, n = evaluate()
    print(f"{n} setninger / sentences")
    for name, s in (("refs", refs), ("unresolved", unresolved)):
        print(f"  {name:<10} precision {s.precision:.4f} ({s.correct}/{s.predicted})  "
              f"recall {s.recall:.4f} ({s.correct}/{s.gold})")  # fmt: skip
        for text, got, want in s.misses:
            print(f"    {text[:70]!r}: mangler {sorted(want - got)}, for mye {sorted(got - want)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
