"""When does a survey result flag a unit? When its score fell by the threshold of
`domain.survey.decline` since the unit's previous survey AND people moved into or out of the unit
between the start of that previous period and the end of the new one (mutations the drop may follow).
"""
from __future__ import annotations

from datetime import date, timedelta

from domain.survey import check_period, decline

QUARTER_START = {"Q1": 1, "Q2": 4, "Q3": 7, "Q4": 10, "S1": 1, "S2": 7}


def period_bounds(period: str) -> tuple[date, date]:
    """First and last day of a survey period: a year, a semester (S1/S2) or a quarter (Q1–Q4)."""
    period = check_period(period)
    year, _, part = period.partition("-")
    if not part:
        return date(int(year), 1, 1), date(int(year), 12, 31)
    start = date(int(year), QUARTER_START[part], 1)
    months = 6 if part.startswith("S") else 3
    month = start.month - 1 + months
    after = date(start.year + month // 12, month % 12 + 1, 1)
    return start, after - timedelta(days=1)


def midpoint(period: str) -> date:
    start, end = period_bounds(period)
    return start + (end - start) / 2


def movements_in_window(movements: list[dict], start: date, end: date) -> list[dict]:
    return [m for m in movements if start <= m["tmt"] <= end]


def detect(previous: dict | None, period: str, score: float, movements: list[dict],
           threshold: float) -> dict | None:
    """The data of a decline flag, or None. `previous` is the unit's latest earlier survey
    ({"period", "score"}); `movements` are its transfers in/out ({"tmt", ...})."""
    if previous is None or not decline(previous["score"], score, threshold):
        return None
    start, _ = period_bounds(previous["period"])
    _, end = period_bounds(period)
    moved = movements_in_window(movements, start, end)
    if not moved:
        return None
    return {"previous_period": previous["period"], "previous_score": previous["score"],
            "score": score, "drop": round(previous["score"] - score, 2), "threshold": threshold,
            "movements": moved}
