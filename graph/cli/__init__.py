"""The ``hjemmel`` command. Each submodule of this package adds its subcommands through
``register(subparsers)``; the function it sets as ``func`` returns the exit code. Domain
errors map to exit codes here, once (the table is in ``graph.cli._common``)."""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys

from graph.cli._common import EXIT_NOT_FOUND, EXIT_STORE_UNAVAILABLE, EXIT_USAGE
from graph.errors import (
    BadInputError,
    HjemmelError,
    NotFoundError,
    StoreUnavailableError,
    UsageError,
)

__all__ = ["build_parser", "exit_code", "main"]


def exit_code(error: HjemmelError) -> int:
    """The exit code of a domain error: 3 for an unknown or unreadable id, reference or
    input, 4 for a store that does not answer, 2 for a usage error and the rest (a format
    not offered…)."""
    if isinstance(error, StoreUnavailableError):
        return EXIT_STORE_UNAVAILABLE
    if isinstance(error, UsageError):
        return EXIT_USAGE
    if isinstance(error, NotFoundError | BadInputError):
        return EXIT_NOT_FOUND
    return EXIT_USAGE


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hjemmel",
        description="Sporbar hjemmel for Helsedirektoratets normerende produkter.",
    )
    parser.add_argument(
        "--store-path",
        help="mappe for den innebygde lagringen "
        "(standard: .hjemmel/store, eller HJEMMEL_STORE_PATH)",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="KOMMANDO")
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except HjemmelError as e:
        print(f"feil / error: {e}", file=sys.stderr)
        return exit_code(e)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader (e.g. `| head`) closed the pipe: stop quietly
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps Python's exit flush quiet
        return 0


if __name__ == "__main__":
    sys.exit(main())
