"""What the subcommands share: the settings and the store they open."""

from __future__ import annotations

import argparse
from pathlib import Path

from graph.settings import Settings
from graph.store import Store, open_store

__all__ = ["settings_from", "store_from"]


def settings_from(args: argparse.Namespace) -> Settings:
    path = getattr(args, "store_path", None)
    return Settings(store_path=Path(path)) if path else Settings()


def store_from(args: argparse.Namespace, *, read_only: bool = False) -> Store:
    """The configured store; commands that only read pass ``read_only`` so they also work
    beside a running service that holds the embedded store."""
    return open_store(settings_from(args), read_only=read_only)
