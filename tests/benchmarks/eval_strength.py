"""Strength from wording against hand-labelled real sentences (tests/data/strength-eval.tsv):
accuracy and a confusion matrix.

Every sentence is copied verbatim from the five source documents or from the
Helsedirektoratet content-API responses, and labelled by a reader with the strength its own
wording gives it: ``skal``, ``bor``, ``kan``, or ``uavklart`` where the sentence describes,
reports, defines, quotes or asks rather than recommends.

    .venv/bin/python tests/benchmarks/eval_strength.py
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from graph.language.wording import sentence_wording

EVAL = Path(__file__).resolve().parents[1] / "data" / "strength-eval.tsv"
LABELS = ("skal", "bor", "kan", "uavklart")


def load() -> list[tuple[str, str, str]]:
    """(sentence, expected strength, source file) of every row."""
    with EVAL.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [(r["sentence"], r["expected"], r["source"]) for r in reader]


def predict(sentence: str) -> str:
    """The detector's strength for one sentence."""
    wording = sentence_wording(sentence)
    return wording.kind if wording else "uavklart"


def evaluate() -> tuple[float, Counter[tuple[str, str]], list[tuple[str, str, str]]]:
    """Accuracy, the (expected, predicted) counts and the misread rows."""
    rows = load()
    matrix: Counter[tuple[str, str]] = Counter()
    wrong = []
    for sentence, expected, _source in rows:
        got = predict(sentence)
        matrix[(expected, got)] += 1
        if got != expected:
            wrong.append((expected, got, sentence))
    return (len(rows) - len(wrong)) / len(rows), matrix, wrong


def main() -> int:
    accuracy, matrix, wrong = evaluate()
    total = sum(matrix.values())
    print(f"{total} setninger, treffsikkerhet / accuracy {accuracy:.3f}")
    print()
    print("forventet \\ funnet".ljust(20) + "".join(label.rjust(10) for label in LABELS))
    for expected in LABELS:
        cells = "".join(str(matrix[(expected, got)]).rjust(10) for got in LABELS)
        print(expected.ljust(20) + cells)
    if wrong:
        print()
        for expected, got, sentence in wrong:
            print(f"{expected} → {got}: {sentence}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
