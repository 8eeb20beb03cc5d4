"""The ``hjemmel`` command. Each submodule of this package adds its subcommands through
``register(subparsers)``; the function it sets as ``func`` returns the exit code."""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys

from graph.errors import HjemmelError, StoreBusyError

__all__ = ["EXIT_ERROR", "EXIT_STORE_BUSY", "build_parser", "main"]

EXIT_ERROR = 2
"""Bad input, a failed query or import (an import that fails has changed nothing), or a store
that does not answer."""
EXIT_STORE_BUSY = 4
"""The command writes and another process (a running service) holds the embedded store."""


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
    except StoreBusyError as e:
        print(f"feil / error: {e}", file=sys.stderr)
        return EXIT_STORE_BUSY
    except HjemmelError as e:
        print(f"feil / error: {e}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader (e.g. `| head`) closed the pipe: stop quietly
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps Python's exit flush quiet
        return 0


if __name__ == "__main__":
    sys.exit(main())
