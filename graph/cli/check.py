"""``hjemmel check FILE|-``: a text's normative statements and their legal basis, judged by
the graph's shapes against the store. Exits 1 when a skal statement fails (no basis in an
act or regulation the store knows)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from graph.check import MAX_CHECK_BYTES, CheckResult, check_text
from graph.cli._common import store_from, write_json
from graph.errors import UsageError


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "check",
        help="sjekk en tekst for hjemmel / check a text for its legal basis",
        description=(
            "Finner skal-, bør- og kan-utsagn i en tekst (ren tekst, HTML eller JSON fra "
            "Helsedirektoratets innholds-API, høyst 1 MB), lovhenvisningene og hjemmelen, og "
            "validerer dem mot reglene. Avslutter med 1 når et skal mangler hjemmel. / Checks "
            "a text; exits 1 when a skal lacks a legal basis."
        ),
    )
    p.add_argument("file", metavar="FIL", help="fila, eller - for standard inn / the file or -")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument(
        "--input",
        choices=("text", "html", "json"),
        help="formatet på fila (standard: etter filendelsen og innholdet) / input format",
    )
    p.set_defaults(func=run)


def _read(name: str) -> bytes:
    if name == "-":
        return sys.stdin.buffer.read(MAX_CHECK_BYTES + 1)
    path = Path(name)
    if not path.is_file():
        raise UsageError(f"finner ikke fila / file not found: {path}")
    with path.open("rb") as f:
        return f.read(MAX_CHECK_BYTES + 1)


def _one_line(text: str, width: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def report(result: CheckResult) -> str:
    """The result as a report a reader can follow, in Norwegian."""
    s = result.summary
    lines = [
        f"{s.statements} normerende utsagn i {s.sentences} setninger: "
        f"{s.by_strength['skal']} skal, {s.by_strength['bør']} bør, {s.by_strength['kan']} kan",
        f"skal med hjemmel: {s.skal_with_basis}, uten: {s.skal_without_basis}; "
        f"bryter reglene: {s.skal_not_conforming}",
    ]
    for st in result.statements:
        verdict = {True: "OK", False: "BRUDD", None: "–"}[st.conforms]
        lines.append("")
        where = f"avsnitt {st.paragraph}" + (f", punkt {st.item}" if st.item is not None else "")
        lines.append(f"[{st.n}] {st.strength} · {verdict} · {where} · {st.start}–{st.end}")
        lines.append(f"    «{_one_line(st.text)}»")
        if st.evidence:
            lines.append(f"    styrke fra: «{st.evidence}»")
        for b in st.legal_basis:
            name = f" ({b.act_short_title})" if b.act_short_title else ""
            lines.append(f"    hjemmel: {b.ref}{name} – «{b.cue}»")
        for r in st.refs:
            if not r.resolved:
                lines.append(f"    ukjent henvisning: {r.text} ({r.ref})")
            elif not r.basis:
                lines.append(f"    nevner: {r.ref}")
        for f in st.findings:
            lines.append(f"    {f.severity}: {f.message.nb}")
    if s.provisions:
        lines.append("")
        lines.append("Bestemmelser teksten bygger på:")
        for p in s.provisions:
            name = f" ({p.act_short_title})" if p.act_short_title else ""
            lines.append(f"    {p.ref}{name}: {p.statements} utsagn")
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    data = _read(args.file)
    name = None if args.file == "-" else args.file
    with store_from(args, read_only=True) as store:
        result = check_text(store, data, args.input, name)
    if args.format == "json":
        write_json(result)
    else:
        print(report(result), end="")
    return 0 if result.conforms else 1
