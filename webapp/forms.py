"""A refused command answered with the form it came from.

Every `DomainError` a route lets through is answered in one place, the app's error handlers
(`register_error_handlers` in webapp/__init__.py): a 422 page, or the `errors/_message.html`
partial for htmx (403 for `ForbiddenError`). A route whose own form must come back with the
message and the values typed says how to render it, once, above the route:

    @refused_with(lambda error, plan_id: render_plan(plan_id, str(error), 422))

The renderer gets the error and the route's arguments; whatever it raises (a 403, a 404) goes to
the app's error handlers like any other error.
"""
from __future__ import annotations

from functools import wraps
from typing import Callable

from domain.rules import DomainError
from events.files.survey_files import FileErrors


def refused_with(render: Callable):
    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args, **kwargs):
            try:
                return view(*args, **kwargs)
            except DomainError as error:
                return render(error, *args, **kwargs)
        return wrapper
    return decorate


def refusal_lines(error: DomainError) -> tuple[str, list[str]]:
    """The message and, when a whole file was refused, one line per row or column at fault."""
    if isinstance(error, FileErrors):
        return str(error).split(":")[0] + ".", [str(e) for e in error.errors]
    return str(error), []
