"""Which Lovdata documents an embedded store on disk already holds unchanged, so that a
re-import parses and rewrites only the acts whose XML differs.

Beside the RocksDB files, in the store folder, ``hjemmel-lovdata-acts.json`` maps the
digest of each imported XML document to its refid and counts, and names the load time the
import wrote (``graf/lasting``). Every load records a new load time, so the file counts
only while the store's load time is the one it names: after any other load or import
(which may have changed an act's graph) it is ignored, and the next Lovdata import parses
every document again. The file is written after the store folder is swapped in; a run
killed in between leaves a file that names an older load time, which is then ignored.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib.namespace import DCTERMS

from graph.importers.lovdata_parse import ActCounts
from graph.store.load_marker import LOAD_GRAPH

__all__ = ["KnownAct", "digest_of", "read_known", "store_loaded_at", "write_known"]

FILE_NAME = "hjemmel-lovdata-acts.json"
_VERSION = 1


@dataclass(frozen=True)
class KnownAct:
    refid: str
    counts: ActCounts


def digest_of(xml: bytes) -> str:
    return hashlib.blake2b(xml, digest_size=20).hexdigest()


def store_loaded_at(store: ox.Store) -> str | None:
    """The load time ``store`` records (the literal's lexical form), None when none."""
    for quad in store.quads_for_pattern(
        ox.NamedNode(str(LOAD_GRAPH)),
        ox.NamedNode(str(DCTERMS.modified)),
        None,
        ox.NamedNode(str(LOAD_GRAPH)),
    ):
        if isinstance(quad.object, ox.Literal):
            return quad.object.value
    return None


def read_known(folder: Path, loaded_at: str | None) -> dict[str, KnownAct]:
    """digest → act, when the file in ``folder`` names the load time ``loaded_at``."""
    try:
        data = json.loads((folder / FILE_NAME).read_text(encoding="utf-8"))
        if data.get("version") != _VERSION or loaded_at is None:
            return {}
        if data.get("loaded_at") != loaded_at:
            return {}
        return {
            digest: KnownAct(refid, ActCounts(**counts))
            for digest, (refid, counts) in data["acts"].items()
        }
    except (OSError, ValueError, TypeError, KeyError):
        return {}


def write_known(folder: Path, loaded_at: str, acts: dict[str, KnownAct]) -> None:
    """Replace the file in ``folder`` (written aside, then renamed)."""
    data = {
        "version": _VERSION,
        "loaded_at": loaded_at,
        "acts": {d: [a.refid, asdict(a.counts)] for d, a in acts.items()},
    }
    tmp = folder / f".{FILE_NAME}.{os.getpid()}"
    tmp.write_text(json.dumps(data), encoding="utf-8")
    os.replace(tmp, folder / FILE_NAME)
