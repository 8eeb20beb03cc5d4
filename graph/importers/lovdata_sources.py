"""The XML documents of Lovdata's public data, as Lovdata distributes them: a ``.tar.bz2``
(``gjeldende-lover.tar.bz2``, ``gjeldende-sentrale-forskrifter.tar.bz2``), a folder of
extracted files, or single ``.xml`` files."""

from __future__ import annotations

import tarfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from graph.errors import ImportFailedError

__all__ = ["Document", "iter_documents", "skip_reason"]

Document = tuple[str, bytes]
"""(name shown in messages, e.g. ``gjeldende-lover.tar.bz2:nl/nl-20110624-030.xml``; XML bytes)"""


def skip_reason(name: str) -> str | None:
    """Why a file is not imported, or None.

    Grunnloven comes in bokmål (``nl-18140517-000.xml``) and nynorsk
    (``nl-18140517-000-nn.xml``) with the same refid; the bokmål text is imported.
    """
    if name.endswith("-nn.xml"):
        return "nynorsk parallellutgave / nynorsk parallel edition"
    return None


def _from_tar(path: Path) -> Iterator[Document]:
    try:
        with tarfile.open(path, "r|*") as tar:
            for member in tar:
                if not member.isfile() or not member.name.endswith(".xml"):
                    continue
                f = tar.extractfile(member)
                if f is not None:
                    yield f"{path.name}:{member.name}", f.read()
    except (tarfile.TarError, EOFError, OSError) as e:
        raise ImportFailedError(
            f"kan ikke lese arkivet / cannot read archive: {e}", location=str(path)
        ) from e


def iter_documents(paths: Iterable[str | Path]) -> Iterator[Document]:
    """Every XML document in ``paths``, in the order given (folders sorted by file name).

    :raises ImportFailedError: a path does not exist or is not a tar archive, folder or XML file.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for file in sorted(path.rglob("*.xml")):
                yield str(file), file.read_bytes()
        elif path.is_file() and path.suffix.lower() == ".xml":
            yield str(path), path.read_bytes()
        elif path.is_file() and (tarfile.is_tarfile(path)):
            yield from _from_tar(path)
        elif not path.exists():
            raise ImportFailedError("finnes ikke / does not exist", location=str(path))
        else:
            raise ImportFailedError(
                "verken tar-arkiv, mappe eller XML-fil / not a tar archive, folder or XML file",
                location=str(path),
            )
