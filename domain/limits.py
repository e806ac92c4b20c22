"""Input limits: the one place that says how long a text and how large a number a user may give.

Every limit fits the columns of both databases (SQLite and PostgreSQL) and the domain, so one value
the read models cannot hold never reaches the event log. Aggregates call these in their commands;
forms, imports and the CLI get the same Indonesian messages through the DomainError they raise.
A text column of the read models (`CharField`) is VARCHAR(255) on PostgreSQL: SHORT_TEXT_LIMIT
stays below it. Dates stay within YEARS, so date arithmetic (TMT + 6 months) never overflows.
"""
from __future__ import annotations

import json
from datetime import date

from domain.formats import angka
from domain.rules import DomainError

TEXT_LIMIT = 2000      # reasons, notes, justifications
SHORT_TEXT_LIMIT = 200  # names, titles, numbers of documents
YEARS = (1900, 2100)
INT_LIMIT = 2_000_000_000  # below PostgreSQL's integer maximum (2,147,483,647)
COUNT_LIMIT = 100_000  # people, posts or moves: far beyond any city's
SHOWN = 40  # characters of a refused value repeated in a message


def thousands(number: int) -> str:
    return angka(number)  # 2.710 (Babel, domain/formats.py)


def shown(value, limit: int = SHOWN) -> str:
    """A value the user typed, as a message repeats it: cut short, never the whole 2 MB."""
    text = str(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def clean_text(value, label: str, *, required: bool = False, limit: int = TEXT_LIMIT) -> str:
    """`value` stripped; refused when required and empty, or longer than `limit` characters."""
    text = str(value or "").strip()
    if required and not text:
        raise DomainError(f"{label} wajib diisi.")
    if len(text) > limit:
        raise DomainError(f"{label} paling panjang {thousands(limit)} karakter (diisi {thousands(len(text))}).")
    return text


def bounded_int(value, label: str, low: int, high: int, written=thousands) -> int:
    """A whole number within low..high, from an int or a string typed by a user."""
    try:
        number = value if isinstance(value, int) and not isinstance(value, bool) else int(str(value).strip())
    except ValueError:
        raise DomainError(f"{label} harus bilangan bulat.") from None
    if not low <= number <= high:
        raise DomainError(f"{label} harus antara {written(low)} dan {written(high)}.")
    return number


def year(value, label: str = "Tahun") -> int:
    return bounded_int(value, label, *YEARS, written=str)  # a year has no thousands separator


def day(value, label: str = "Tanggal") -> date:
    """A date from a `date` or the text of a form (TTTT-BB-HH), within YEARS."""
    if not isinstance(value, date):
        try:
            value = date.fromisoformat(str(value or "").strip())
        except ValueError:
            raise DomainError(f"{label} tidak sah; gunakan format TTTT-BB-HH.") from None
    if not YEARS[0] <= value.year <= YEARS[1]:
        raise DomainError(f"{label} harus antara tahun {YEARS[0]} dan {YEARS[1]}.")
    return value


def settings_object(text: str | None, variable: str) -> dict:
    """The JSON object of a settings environment variable (MUTASI_*_SETTINGS): {} when empty; anything
    but a JSON object is refused naming the variable. The one reader of every settings class."""
    if not (text or "").strip():
        return {}
    try:
        values = json.loads(text)
    except ValueError:
        values = None
    if not isinstance(values, dict):
        raise DomainError(f"{variable} harus berupa objek JSON.")
    return values
