"""The list of amending acts from Norsk Lovtidend in the store (``/endringer``).

An amending act's own page is its reading page (``/lov/2025-06-20-72``), served by
:mod:`service.routers.law_pages`; this list links to it.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
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
def amendments_page(request: Request, store: StoreDep) -> HTMLResponse:
    """Every imported amending act, the newest first: its name, date, the acts it amends,
    its number of changes and how much guidance they touch."""
    return render(request, "law/amendments.html", {"page": amendment_list_page(store)})
