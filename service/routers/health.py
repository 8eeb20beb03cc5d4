"""``/health`` and ``/ready`` for monitoring and load balancers.

``/health`` answers 200 when the store answers a trivial query, ``/ready`` when the store
answers and holds the graph (at least one named graph with a triple), so a load balancer
sends no traffic to a service whose store is down or still empty. Either answers 503 in the
error shape otherwise; the message never names the store's internal URL.
"""

from __future__ import annotations

import logging
import time

from fastapi import APIRouter
from pydantic import BaseModel, Field

from graph.errors import HjemmelError, StoreUnavailableError
from graph.store import Store
from service.deps import StoreDep

__all__ = ["HealthOut", "ReadyOut", "router"]

router = APIRouter(tags=["drift"])
log = logging.getLogger("hjemmel.service")

_ERR = {"description": "lageret svarer ikke / the store does not answer"}


class HealthOut(BaseModel):
    """Tjenesten lever / the service is alive."""

    status: str = Field(description="ok")
    store: str = Field(description="lagringens art / the kind of store")
    answers: bool = Field(description="lagringen svarer / the store answers")
    elapsed_ms: float = Field(description="svartid i millisekunder / answer time in ms")


class ReadyOut(BaseModel):
    """Tjenesten er klar / the service is ready."""

    status: str = Field(description="ok")
    store: str = Field(description="lagringens art / the kind of store")
    has_data: bool = Field(description="grafen er lastet / the graph is loaded")


def _ask(store: Store, query: str) -> tuple[bool, float]:
    started = time.perf_counter()
    try:
        answer = store.ask(query)
    except (HjemmelError, OSError) as e:
        log.warning("store check failed (%s): %s", store.name, e)
        raise StoreUnavailableError(
            f"lageret ({store.name}) svarer ikke / the store ({store.name}) does not answer: {e}"
        ) from e
    return answer, (time.perf_counter() - started) * 1000


@router.get(
    "/health",
    summary="Tjenesten og lageret svarer / the service and its store answer",
    responses={503: _ERR},
)
def health(store: StoreDep) -> HealthOut:
    _, elapsed = _ask(store, "ASK {}")
    return HealthOut(status="ok", store=store.name, answers=True, elapsed_ms=round(elapsed, 1))


@router.get(
    "/ready",
    summary="Klar til å ta imot trafikk / ready for traffic",
    responses={503: _ERR},
)
def ready(store: StoreDep) -> ReadyOut:
    has_data, _ = _ask(store, "ASK { GRAPH ?g { ?s ?p ?o } }")
    if not has_data:
        raise StoreUnavailableError("lageret er tomt / the store holds no data")
    return ReadyOut(status="ready", store=store.name, has_data=True)
