"""What the subcommands share: the settings and the store they open, the JSON they print
and the exit codes.

Exit codes (``hjemmel``, every subcommand):

== ==================================================================================
0  ok
1  findings: a Violation (``validate``), a skal without a legal basis (``check``)
2  usage: unknown subcommand or option, missing argument (argparse), empty store
3  not found or bad reference: an unknown id, IRI or reference, input that cannot be read
4  store unavailable: the remote store does not answer
== ==================================================================================
"""

from __future__ import annotations

import argparse
import json
from dataclasses import is_dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter

from graph.model.names import snake_case
from graph.settings import Settings
from graph.store import Store, open_store

__all__ = [
    "EXIT_FINDINGS",
    "EXIT_NOT_FOUND",
    "EXIT_OK",
    "EXIT_STORE_UNAVAILABLE",
    "EXIT_USAGE",
    "add_format",
    "settings_from",
    "snake_case",
    "store_from",
    "to_json",
    "write_json",
]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_NOT_FOUND = 3
EXIT_STORE_UNAVAILABLE = 4


def settings_from(args: argparse.Namespace) -> Settings:
    path = getattr(args, "store_path", None)
    return Settings(store_path=Path(path)) if path else Settings()


def store_from(args: argparse.Namespace, *, read_only: bool = False) -> Store:
    """The configured store; commands that only read pass ``read_only`` so they also work
    beside a running service that holds the embedded store."""
    return open_store(settings_from(args), read_only=read_only)


def add_format(parser: argparse.ArgumentParser, *others: str) -> None:
    """``--format text|json`` (and ``others``), text by default."""
    parser.add_argument(
        "--format",
        choices=("text", "json", *others),
        default="text",
        help="utdata / output: tekst for mennesker eller JSON med API-ets feltnavn",
    )


def to_json(value: Any) -> Any:
    """``value`` as the REST API serialises it: result dataclasses and models through
    pydantic (snake_case fields, numbers as numbers), containers member by member."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if is_dataclass(value) and not isinstance(value, type):
        return TypeAdapter(type(value)).dump_python(value, mode="json")
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    return TypeAdapter(Any).dump_python(value, mode="json")


def write_json(value: Any) -> None:
    """Prints ``value`` (see :func:`to_json`) as indented UTF-8 JSON."""
    print(json.dumps(to_json(value), ensure_ascii=False, indent=2))
