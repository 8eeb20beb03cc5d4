"""lovdata.no links as Lovdata references."""

from __future__ import annotations

import re
from urllib.parse import unquote

from graph.errors import BadInputError
from graph.model.iris import iri_to_ref, ref_to_iri

__all__ = ["link_ref"]

_ACT = re.compile(
    r"(?:^|/)(?P<kind>lov|forskrift|LOV|FOR)[/-](?P<date>\d{4}[-/]\d{2}[-/]\d{2})"
    r"(?:[-/](?P<nr>\d+))?(?=$|[/#?-])"
)
_PAR = re.compile(r"(?:/|#|paragraf/)\s*(?:§|paragraf/)\s*(?P<par>\d+[A-Za-z]?(?:-\d+[A-Za-z]?)?)")


def link_ref(url: str) -> str | None:
    """The reference a lovdata.no link points to, or None when it names no act.

    >>> link_ref("https://lovdata.no/lov/2011-06-24-30/%C2%A712-5")
    'lov/2011-06-24-30/§12-5'
    >>> link_ref("https://lovdata.no/dokument/LTI/forskrift/2016-10-28-1250")
    'forskrift/2016-10-28-1250'
    >>> link_ref("https://lovdata.no/eli/lov/2011/06/24/30/nor")
    'lov/2011-06-24-30'
    """
    text = re.sub(r"\?[^#]*", "", unquote(url))
    if "#" not in text:
        try:
            return iri_to_ref(str(ref_to_iri(text)))
        except BadInputError:
            pass
    path = re.sub(r"^(?:https?://)?(?:www\.)?lovdata\.no/", "", text)
    m = _ACT.search(path.replace("/eli/", "/"))
    if not m:
        return None
    kind = "lov" if m["kind"].lower() == "lov" else "forskrift"
    date = m["date"].replace("/", "-")
    nr = f"-{int(m['nr'])}" if m["nr"] else ""
    act = f"{kind}/{date}{nr}"
    p = _PAR.search(path[m.end() :])
    return f"{act}/§{p['par']}" if p else act
