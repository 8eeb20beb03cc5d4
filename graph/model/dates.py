"""Norwegian month names and the dates written with them (``24. juni 2011``)."""

from __future__ import annotations

import calendar

__all__ = ["MONTHS", "norwegian_date"]

# Full names and the abbreviations Lovdata uses (``jan``, ``sept``), without a full stop.
MONTHS = {
    "jan": 1, "januar": 1, "feb": 2, "februar": 2, "mar": 3, "mars": 3, "apr": 4, "april": 4,
    "mai": 5, "jun": 6, "juni": 6, "jul": 7, "juli": 7, "aug": 8, "august": 8, "sep": 9,
    "sept": 9, "september": 9, "okt": 10, "oktober": 10, "nov": 11, "november": 11,
    "des": 12, "desember": 12,
}  # fmt: skip


def norwegian_date(day: str, month: str, year: str) -> str | None:
    """The ISO date of ``day``, a month name (any case, a trailing full stop allowed) and
    ``year``; None when the month is unknown or the month has no such day.

    >>> norwegian_date("24", "Juni", "2011"), norwegian_date("31", "sept.", "2011")
    ('2011-06-24', None)
    """
    number = MONTHS.get(month.lower().rstrip("."))
    if number is None:
        return None
    d, y = int(day), int(year)
    if not 1 <= d <= calendar.monthrange(y, number)[1]:
        return None
    return f"{y:04d}-{number:02d}-{d:02d}"
