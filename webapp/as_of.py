"""Pages "per tanggal": `?per=TTTT-BB-HH` on the dashboard, a unit page, an employee page and the
audit trail shows the city after the last event recorded before the end of that day (WIB), from a
replay of the log (`events.readside.as_of`), under a banner that says so. Links on such a page to
these pages keep the date."""
from __future__ import annotations

from functools import wraps
from typing import Callable

from flask import Flask, g, request

from events.readside.as_of import clean_day

AS_OF_ENDPOINTS = frozenset({"staffing.dashboard", "staffing.city", "staffing.unit", "employees.detail", "employees.timeline",
                             "audit.index"})


def per_tanggal(view: Callable) -> Callable:
    """With `?per=`, the view reads the views of that day (a bad date is refused, 422)."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        value = request.args.get("per", "").strip()
        if not value:
            return view(*args, **kwargs)
        g.as_of = g.system.as_of.at(clean_day(value))
        with g.as_of.reading():
            return view(*args, **kwargs)
    return wrapper


def event_count() -> int:
    """Events in the views the page shows: all of them, or those up to the day's position."""
    as_of = g.get("as_of")
    return as_of.position if as_of is not None else g.system.event_count()


def configure(app: Flask) -> None:
    @app.url_defaults
    def keep_the_date(endpoint: str, values: dict) -> None:
        as_of = g.get("as_of")
        if as_of is not None and endpoint in AS_OF_ENDPOINTS and "per" not in values:
            values["per"] = as_of.day.isoformat()

    @app.context_processor
    def as_of_page():
        return {"as_of": g.get("as_of"), "as_of_page": request.endpoint in AS_OF_ENDPOINTS}
