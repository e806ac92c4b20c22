"""Dates, times and numbers as people in Sibolga read them: "29 November 2026", "07.15 WIB",
2.710 and 91,48. Babel (CLDR's id_ID data) gives the month names and separators, not hand-written
code. The log stores UTC; every time shown and every day a user types is WIB (Asia/Jakarta, UTC+7,
no daylight saving)."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal

LOCALE = "id_ID"
WIB = ZoneInfo("Asia/Jakarta")


def in_wib(moment: datetime) -> datetime:
    """A stored moment (naive means UTC, as the read models keep it) in WIB."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(WIB)


def tanggal(value, style: str = "long") -> str:
    """29 November 2026 (long) or 29-11-2026 (short); a moment is dated in WIB; empty: —."""
    if value in (None, ""):
        return "—"
    if isinstance(value, str):
        value = parse_stored(value)
        if isinstance(value, str):
            return value
    if isinstance(value, datetime):
        value = in_wib(value).date()
    return format_date(value, "dd-MM-y" if style == "short" else "d MMMM y", locale=LOCALE)


def waktu(value, seconds: bool = False) -> str:
    """29 November 2026 07.15 WIB: a stored UTC moment in WIB; a bare date is only dated."""
    if value in (None, ""):
        return "—"
    if isinstance(value, str):
        value = parse_stored(value)
        if isinstance(value, str):
            return value
    if not isinstance(value, datetime):
        return tanggal(value)
    pattern = "d MMMM y HH.mm.ss" if seconds else "d MMMM y HH.mm"
    return f"{format_datetime(in_wib(value), pattern, tzinfo=WIB, locale=LOCALE)} WIB"


def angka(value, digits: int | None = None, sign: bool = False) -> str:
    """2.710 and 91,48: Indonesian separators; `digits` fixes the decimals (None: as needed, at
    most 2); `sign` writes +3 for a gain (a loss always shows −: Babel's minus sign)."""
    if value in (None, ""):
        return "—"
    if isinstance(value, str):
        try:
            value = float(value) if "." in value else int(value)
        except ValueError:
            return value
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    pattern = "#,##0.##" if digits is None else "#,##0" + ("." + "0" * digits if digits else "")
    text = format_decimal(value, format=pattern, locale=LOCALE)
    return f"+{text}" if sign and value > 0 else text


def wib_day_start(day: date) -> datetime:
    """The naive UTC moment a WIB day starts: the audit trail's date filters, so a filter for
    29-11-2026 covers 28-11-2026 17:00 UTC up to 29-11-2026 17:00 UTC."""
    return datetime.combine(day, time.min, tzinfo=WIB).astimezone(timezone.utc).replace(tzinfo=None)


def wib_days(first: date, last: date) -> tuple[datetime, datetime]:
    """The naive UTC span [start, end) of the whole WIB days first..last."""
    return wib_day_start(first), wib_day_start(last + timedelta(days=1))


def parse_stored(text: str):
    """An ISO date or moment as JSON read models keep it; other text is returned unchanged."""
    try:
        return datetime.fromisoformat(text) if "T" in text or " " in text.strip() else date.fromisoformat(text)
    except ValueError:
        return text
