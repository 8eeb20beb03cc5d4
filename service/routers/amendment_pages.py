"""The list of amending acts from Norsk Lovtidend in the store (``/endringer``).

An amending act's own page is its reading page (``/lov/2025-06-20-72``), served by
:mod:`service.routers.law_pages`; this list links to it.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from graph.views.amendment_pages import amendment_list_page
from service.deps import StoreDep
from service.routers.pages import render

__all__ = ["router"]

router = APIRouter(tags=["sider / pages"])


@router.get(
    "/endringer",
    summary="Endringslover og veiledningen de berører / amending acts and the guidance they touch",
    response_class=HTMLResponse,
)
def amendments_page(
    request: Request,
    store: StoreDep,
    side: Annotated[int, Query(ge=1, le=10_000, description="sidenummer / page number")] = 1,
) -> HTMLResponse:
    """The imported amending acts, the newest first, 20 a page: name, date, the acts each
    amends, its number of changes and how much guidance they touch; the same page of the
    re-imports from Lovdata with the provisions they changed; and the guidance resting on
    provisions absent from the current text."""
    return render(request, "law/amendments.html", {"page": amendment_list_page(store, side)})
