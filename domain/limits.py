"""Input limits: the one place that says how long a text and how large a number a user may give.

Every limit fits the columns of both databases (SQLite and PostgreSQL) and the domain, so one value
the read models cannot hold never reaches the event log. Aggregates call these in their commands;
forms, imports and the CLI get the same Indonesian messages through the DomainError they raise.
"""
from __future__ import annotations

from domain.rules import DomainError

TEXT_LIMIT = 2000      # reasons, notes, justifications
SHORT_TEXT_LIMIT = 200  # names, titles, numbers of documents
YEARS = (1900, 2100)
INT_LIMIT = 2_000_000_000  # below PostgreSQL's integer maximum (2,147,483,647)


def clean_text(value, label: str, *, required: bool = False, limit: int = TEXT_LIMIT) -> str:
    """`value` stripped; refused when required and empty, or longer than `limit` characters."""
    text = str(value or "").strip()
    if required and not text:
        raise DomainError(f"{label} wajib diisi.")
    if len(text) > limit:
        raise DomainError(f"{label} paling panjang {limit:,} karakter (diisi {len(text):,}).".replace(",", "."))
    return text


def bounded_int(value, label: str, low: int, high: int) -> int:
    """A whole number within low..high, from an int or a string typed by a user."""
    try:
        number = value if isinstance(value, int) and not isinstance(value, bool) else int(str(value).strip())
    except ValueError:
        raise DomainError(f"{label} harus bilangan bulat.") from None
    if not low <= number <= high:
        raise DomainError(f"{label} harus antara {low:,} dan {high:,}.".replace(",", "."))
    return number


def year(value, label: str = "Tahun") -> int:
    return bounded_int(value, label, *YEARS)

