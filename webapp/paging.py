"""The `page` and `dari` (offset) query arguments of every paginated list: one reading, with bounds."""
from __future__ import annotations

from flask import request

MAX_PAGE = 10_000  # far beyond any real list; keeps OFFSET within every database's integer range
MAX_OFFSET = 1_000_000


def page_arg() -> int:
    """`?page=` as Werkzeug reads an int (anything else is page 1), held within 1..MAX_PAGE."""
    return min(max(request.args.get("page", default=1, type=int), 1), MAX_PAGE)


def offset_arg(name: str = "dari") -> int:
    """An offset into a list (`?dari=`), held within 0..MAX_OFFSET (anything else is 0)."""
    return min(max(request.args.get(name, default=0, type=int), 0), MAX_OFFSET)
