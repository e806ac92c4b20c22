"""Geometry of a unit's score trend as server-rendered SVG: the score of each survey at the middle of
its period, grade bands, and the transfers into (▲) and out of (▼) the unit on the same time axis.
Only numbers and class names come out of here: the template draws them, the stylesheet colours them
(the Content-Security-Policy forbids inline styles)."""
from __future__ import annotations

from collections import Counter
from datetime import date

from domain.service_decline import midpoint, period_bounds
from domain.survey import GRADES

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 12, 64
LOWEST, HIGHEST = 25.0, 100.0


def trend_chart(surveys: list[dict], movements: list[dict]) -> dict | None:
    if not surveys:
        return None
    start = min(period_bounds(s["period"])[0] for s in surveys)
    end = max(period_bounds(s["period"])[1] for s in surveys)
    span = max((end - start).days, 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: date) -> float:
        return round(LEFT + (day - start).days / span * plot_w, 1)

    def y(score: float) -> float:
        return round(TOP + (HIGHEST - score) / (HIGHEST - LOWEST) * plot_h, 1)

    points = [{"x": x(midpoint(s["period"])), "y": y(s["score"]), "period": s["period"],
               "score": s["score"], "grade": s["grade"]} for s in surveys]
    axis = TOP + plot_h
    return {"width": WIDTH, "height": HEIGHT, "left": LEFT, "right": WIDTH - RIGHT, "top": TOP,
            "axis": axis, "points": points, "line": " ".join(f"{p['x']},{p['y']}" for p in points),
            "grades": [{"y": y(float(low)), "label": grade, "score": float(low)} for low, grade in GRADES],
            "markers": markers(movements, start, end, x, axis)}


def markers(movements: list[dict], start: date, end: date, x, axis: float) -> list[dict]:
    """One marker per month and direction, with the number of people moved."""
    months = Counter((m["tmt"].replace(day=1), m["direction"]) for m in movements
                     if start <= m["tmt"] <= end)
    found = []
    for (month, direction), count in sorted(months.items()):
        mx = max(x(month if month >= start else start), x(start))
        tip, base = (axis + 10, axis + 20) if direction == "masuk" else (axis + 34, axis + 24)
        found.append({"x": mx, "direction": direction, "count": count, "month": month,
                      "points": f"{mx},{tip} {mx - 5},{base} {mx + 5},{base}",
                      "label": f"{count} mutasi {direction} {month:%m-%Y}"})
    return found
