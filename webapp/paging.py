"""The `page` query argument of every paginated list: one reading, with bounds."""
from __future__ import annotations

from flask import request

MAX_PAGE = 10_000  # far beyond any real list; keeps OFFSET within every database's integer range


def page_arg() -> int:
    """`?page=` as Werkzeug reads an int (anything else is page 1), held within 1..MAX_PAGE."""
    return min(max(request.args.get("page", default=1, type=int), 1), MAX_PAGE)
