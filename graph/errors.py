"""Domain errors of the graph layer; the service maps each to one HTTP status."""

from __future__ import annotations

__all__ = [
    "BadInputError",
    "HjemmelError",
    "ImportFailedError",
    "LimitExceededError",
    "NotFoundError",
    "OutcomeUnknownError",
    "PayloadTooLargeError",
    "QueryError",
    "QueryMemoryError",
    "QueryTimeoutError",
    "ResultTooLargeError",
    "ServiceNotAllowedError",
    "StoreBusyError",
    "StoreUnavailableError",
    "StoreWriteError",
    "UnsupportedFormatError",
    "UnsupportedMediaTypeError",
    "UpdateForbiddenError",
    "UsageError",
]


class HjemmelError(Exception):
    """Base of every error the graph layer raises on purpose."""

    code = "error"

    def __init__(self, message: str, *, location: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


class BadInputError(HjemmelError):
    """Input that cannot be read: RDF syntax, a malformed reference, a bad parameter."""

    code = "bad_input"


class UsageError(BadInputError):
    """A command or query used the wrong way: a missing or unknown parameter, a file that
    is not there (``hjemmel`` exits with 2, as for its own usage errors)."""

    code = "bad_usage"


class QueryError(BadInputError):
    """A SPARQL query the parser or the server refused."""

    code = "bad_query"


class LimitExceededError(BadInputError):
    """Input larger or more deeply nested than the configured limits allow; refused
    before any parser reads it."""

    code = "limit_exceeded"


class ServiceNotAllowedError(QueryError):
    """A query with ``SERVICE`` to an endpoint that is not allowed: the service never
    sends requests on behalf of a query unless the endpoint is listed in the settings."""

    code = "service_not_allowed"


class PayloadTooLargeError(HjemmelError):
    """A request body over the endpoint's size limit (HTTP 413)."""

    code = "too_large"


class UpdateForbiddenError(HjemmelError):
    """A SPARQL update sent to a read-only endpoint."""

    code = "update_forbidden"


class NotFoundError(HjemmelError):
    """An id, reference or IRI the store does not know."""

    code = "not_found"


class UnsupportedFormatError(HjemmelError):
    """A media type or format name that is not offered."""

    code = "unsupported_format"


class UnsupportedMediaTypeError(UnsupportedFormatError):
    """A request body whose media type or charset is not accepted (HTTP 415); the plain
    :class:`UnsupportedFormatError` is a response format that cannot be offered (HTTP 406)."""

    code = "unsupported_media_type"


class ImportFailedError(BadInputError):
    """An import that failed and changed nothing; ``location`` says file and line."""

    code = "import_failed"


class StoreUnavailableError(HjemmelError):
    """The store (a remote endpoint) did not answer or refused the request."""

    code = "store_unavailable"


class QueryTimeoutError(StoreUnavailableError):
    """A query stopped at its deadline (``HJEMMEL_QUERY_TIMEOUT`` or the request's
    ``timeout``), or cancelled by a remote server at its own limit; never a partial answer."""

    code = "query_timeout"


class ResultTooLargeError(HjemmelError):
    """A query whose serialised answer is larger than ``HJEMMEL_MAX_RESULT_BYTES``; the
    answer is refused, never cut short."""

    code = "result_too_large"


class QueryMemoryError(ResultTooLargeError):
    """A query that needs more memory than its worker process may use
    (``HJEMMEL_QUERY_MEMORY_MB``): stopped, its worker replaced."""

    code = "memory_exceeded"


class StoreBusyError(StoreUnavailableError):
    """The embedded store's folder is held by another process (a running service): the
    command needs to write, and only one process may write a store at a time."""

    code = "store_busy"


class OutcomeUnknownError(StoreUnavailableError):
    """The last request of an all-or-nothing load got no answer in time: the server may
    still commit it, so the store holds either all the old or all the new content."""

    code = "outcome_unknown"


class StoreWriteError(StoreUnavailableError):
    """The store could not be written (a full disk, a file size limit); what was being
    written is thrown away and the store is as it was."""

    code = "store_write_failed"
