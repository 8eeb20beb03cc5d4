"""Reading one content-API response: JSON with or without byte-order mark, typed field
access that names the missing or malformed field, and the API's dates."""

from __future__ import annotations

import json
import re
from typing import Any, NoReturn

from rdflib import Literal

from graph.errors import ImportFailedError
from graph.model.vocab import XSD

__all__ = ["Fields", "load_json"]

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(:\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$")


def load_json(data: bytes, source: str) -> Any:
    """The JSON value of ``data``; a UTF-8 byte-order mark is skipped.

    :raises ImportFailedError: not UTF-8 or not JSON; ``location`` is
        ``source:line:column``.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ImportFailedError(f"ikke UTF-8 / not UTF-8 (byte {e.start})", location=source) from e
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise ImportFailedError(
            f"ugyldig JSON / invalid JSON: {e.msg} (linje {e.lineno}, kolonne {e.colno})",
            location=f"{source}:{e.lineno}:{e.colno}",
        ) from e


class Fields:
    """Typed access to the fields of a JSON object; errors name the field path
    (``$.tekniskeData.infoType``)."""

    def __init__(self, value: Any, source: str, path: str = "$") -> None:
        self.source = source
        self.path = path
        if not isinstance(value, dict):
            self._fail(path, "forventet et JSON-objekt / expected a JSON object")
        self.value: dict[str, Any] = value

    def _fail(self, path: str, message: str) -> NoReturn:
        raise ImportFailedError(message, location=f"{self.source}: {path}")

    def _at(self, key: str) -> str:
        return f"{self.path}.{key}"

    def text(self, key: str, *, required: bool = False) -> str:
        value = self.value.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self._fail(self._at(key), "feltet mangler / missing field")
            return ""
        if not isinstance(value, str):
            self._fail(self._at(key), "forventet tekst / expected a string")
        return value.strip()

    def obj(self, key: str, *, required: bool = False) -> Fields:
        value = self.value.get(key)
        if value is None and not required:
            return Fields({}, self.source, self._at(key))
        if value is None:
            self._fail(self._at(key), "feltet mangler / missing field")
        return Fields(value, self.source, self._at(key))

    def items(self, key: str) -> list[tuple[str, Any]]:
        """The elements of a list field with their paths; null or absent is empty."""
        value = self.value.get(key)
        if value is None:
            return []
        if isinstance(value, (str, dict)):
            value = [value]
        if not isinstance(value, list):
            self._fail(self._at(key), "forventet en liste / expected a list")
        return [(f"{self._at(key)}[{i}]", v) for i, v in enumerate(value)]

    def objects(self, key: str) -> list[Fields]:
        return [Fields(v, self.source, p) for p, v in self.items(key)]

    def strings(self, key: str, *label_keys: str) -> list[str]:
        """A list of names: plain strings, or objects whose first non-empty ``label_keys``
        field names the element."""
        names: list[str] = []
        for path, v in self.items(key):
            if isinstance(v, dict):
                v = next((v[k] for k in label_keys if isinstance(v.get(k), str) and v[k]), None)
            if not isinstance(v, str):
                self._fail(path, "forventet tekst / expected a string")
            if v.strip():
                names.append(v.strip())
        return names

    def date(self, key: str) -> Literal | None:
        """An API date as ``xsd:dateTime`` (``2012-06-01T00:00`` gets its seconds) or
        ``xsd:date``; empty is None."""
        value = self.text(key)
        if not value:
            return None
        if _DATE.match(value):
            return Literal(value, datatype=XSD.date)
        m = _DATETIME.match(value)
        if not m:
            self._fail(self._at(key), f"ugyldig dato / invalid date: {value!r}")
        return Literal(
            m.group(1) + (m.group(2) or ":00") + (m.group(3) or ""), datatype=XSD.dateTime
        )
