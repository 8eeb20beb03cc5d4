"""Configuration, read from ``HJEMMEL_*`` environment variables or a ``.env`` file."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from graph.model.vocab import BASE

__all__ = ["Settings"]


class Settings(BaseSettings):
    """Where the graph lives and how the service reaches it.

    ``store=embedded`` (default) keeps the graph in pyoxigraph at ``store_path``;
    ``store=remote`` talks to any SPARQL 1.1 endpoint at ``sparql_query_url``.
    """

    model_config = SettingsConfigDict(env_prefix="HJEMMEL_", env_file=".env", extra="ignore")

    store: Literal["embedded", "remote"] = "embedded"
    store_path: Path | None = Field(
        default=Path(".hjemmel/store"),
        description="Folder of the embedded store; empty for an in-memory store.",
    )
    search_path: Path | None = Field(
        default=None,
        description="Folder of the full-text search index; by default beside the embedded "
        "store, in memory for an in-memory store, and in a temporary folder for a remote store.",
    )
    sparql_query_url: str | None = None
    sparql_update_url: str | None = None
    sparql_graph_store_url: str | None = Field(
        default=None,
        description="SPARQL 1.1 Graph Store Protocol endpoint, used for loading when set.",
    )
    sparql_user: str | None = None
    sparql_password: SecretStr | None = None
    sparql_token: SecretStr | None = None
    sparql_timeout: float = Field(default=30.0, gt=0)
    sparql_default_graph: Literal["merge", "union"] = Field(
        default="merge",
        description="How the remote server's default graph is the merge of the named graphs: "
        "'merge' (hjemmel keeps the merge in the server's own default graph: Oxigraph started "
        "without --union-default-graph) or 'union' (the server's default graph is the union "
        "already: Virtuoso, Oxigraph with --union-default-graph; a triple in two graphs then "
        "counts twice).",
    )
    base_iri: str = Field(
        default=BASE,
        description="Base of the resource IRIs, mapped onto the service's own paths.",
    )

    # -- limits and safety (README: "Limits and safety") -------------------------------
    max_query_bytes: int = Field(
        default=100_000, gt=0, description="Largest SPARQL query text, in UTF-8 bytes."
    )
    max_query_depth: int = Field(
        default=200, gt=0, description="Deepest nesting of {, ( and [ in a SPARQL query."
    )
    max_query_tokens: int = Field(
        default=5_000,
        gt=0,
        description="Most tokens in a SPARQL query (long chains of operators, UNION or "
        "OPTIONAL make parse trees as deep as they are long).",
    )
    allow_service: list[str] = Field(
        default_factory=list,
        description="SERVICE endpoints a query may call, as full IRIs; empty refuses SERVICE.",
    )
    max_json_depth: int = Field(
        default=100,
        gt=0,
        description="Deepest nesting of a JSON, JSON-LD or Turtle request body.",
    )
    max_validate_bytes: int = Field(default=2_000_000, gt=0)
    max_citations_bytes: int = Field(default=200_000, gt=0)
    max_sparql_body_bytes: int = Field(default=300_000, gt=0)
    max_body_bytes: int = Field(
        default=1_000_000, gt=0, description="Largest body of any other request."
    )
    publisher_uri: str | None = Field(
        default=None,
        description="The dataset's publisher in the VoID/DCAT description (dcterms:publisher), "
        "e.g. https://data.brreg.no/enhetsregisteret/api/enheter/{orgnr}; none when unset.",
    )
    publisher_name: str | None = Field(
        default=None, description="The publisher's name (foaf:name) when publisher_uri is set."
    )
    contact_email: str | None = Field(
        default=None, description="dcat:contactPoint of the dataset; none when unset."
    )

    read_only: bool = Field(
        default=False,
        description="Open the embedded store read-only: the service never writes to it, and "
        "several processes (hjemmel serve --workers) can serve it at once.",
    )
    query_timeout: float = Field(
        default=30.0,
        gt=0,
        description="Seconds a SPARQL query from /sparql may run; a request may ask for less "
        "with its timeout parameter.",
    )
    query_workers: int = Field(
        default=4,
        ge=0,
        description="Worker processes that run /sparql queries on an embedded store on disk; "
        "0 runs them in the service's threads, where a runaway cannot be stopped.",
    )
    max_result_bytes: int = Field(
        default=50_000_000,
        gt=0,
        description="Largest serialised answer of a /sparql query, in bytes.",
    )
    keep_alive_seconds: int = Field(
        default=75,
        gt=0,
        description="Seconds hjemmel serve keeps an idle HTTP connection open for the "
        "client's next request; longer than clients and proxies keep theirs idle, so the "
        "client closes first and never sends a request on a connection being closed.",
    )
    query_memory_mb: int = Field(
        default=2048,
        ge=0,
        description="Memory (heap and other private data, RLIMIT_DATA) a query worker process "
        "may use, in MB; a query that needs more is refused and its worker replaced. 0: no "
        "limit.",
    )

    @model_validator(mode="after")
    def _remote_needs_url(self) -> Settings:
        if self.store == "remote" and not self.sparql_query_url:
            raise ValueError("HJEMMEL_STORE=remote needs HJEMMEL_SPARQL_QUERY_URL")
        if self.sparql_token is not None and self.sparql_user is not None:
            raise ValueError("give either HJEMMEL_SPARQL_TOKEN or HJEMMEL_SPARQL_USER, not both")
        return self
