"""What every request passes besides its route: a ceiling on the body, applied before anything reads
the body (the CSRF check included), and `Cache-Control: no-store` on every answer but the static
files, so no page or download with personal data stays in a browser's or a proxy's cache.

Every route accepts at most `MAX_CONTENT_LENGTH` (1 MB: a form's texts are at most 2,000 characters
each); a route that takes a file or a whole unit's sheet, or one that must take less (the public
comment form), says so above itself:

    @body_limit(MAX_EVIDENCE_BYTES + FORM_MARGIN)

A body over the ceiling is refused with 413 before it is read: from its Content-Length when the
client sends one, else by Werkzeug while the stream is read (it stops at the ceiling).
`register_guards` must run before `CSRFProtect.init_app`: hooks run in the order they were added.
"""
from __future__ import annotations

from typing import Callable

from flask import Flask, request
from werkzeug.exceptions import RequestEntityTooLarge

DEFAULT_BODY_BYTES = 2**20
FORM_MARGIN = 64 * 1024  # the form fields sent around an uploaded file


def body_limit(limit: int | Callable[[], int]):
    """The most bytes a request body of this route may have (a number, or a function of the app's
    settings read per request)."""
    def decorate(view: Callable) -> Callable:
        view.body_limit = limit
        return view
    return decorate


def size(limit: int) -> str:
    if limit >= 2**20:
        return f"{limit / 2**20:.1f}".replace(".", ",").removesuffix(",0") + " MB"
    return f"{max(1, limit // 1024)} KB"


def too_large_message() -> str:
    limit = request.max_content_length
    ceiling = f" (batas {size(limit)} untuk formulir ini)" if limit else ""
    return (f"Kiriman terlalu besar{ceiling}; tidak ada yang disimpan. Perkecil berkas atau teksnya, "
            "lalu kirim lagi.")


def register_guards(app: Flask) -> None:
    if app.config.get("MAX_CONTENT_LENGTH") is None:  # Flask's default is None: no ceiling at all
        app.config["MAX_CONTENT_LENGTH"] = DEFAULT_BODY_BYTES

    @app.before_request
    def limit_body():
        limit = getattr(app.view_functions.get(request.endpoint), "body_limit", None)
        if limit is not None:
            request.max_content_length = limit() if callable(limit) else limit
        ceiling = request.max_content_length
        if ceiling is not None and (request.content_length or 0) > ceiling:
            raise RequestEntityTooLarge()

    @app.after_request
    def no_store(response):
        if request.endpoint != "static":
            response.headers["Cache-Control"] = "no-store"
        return response
