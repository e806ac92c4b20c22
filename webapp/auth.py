"""Login, logout, the session's lifetimes and the `login_required` guard.

A session cookie names the user, the session version it was issued under and two times: when the
user logged in (`since`: the absolute lifetime) and when they were last seen (`seen`: the idle
lifetime). Every request checks all three against the account (`accounts.session_actor`), so a
logout, a new password or a disabled account ends every copy of the cookie at once.
"""
from __future__ import annotations

import os
import time
from datetime import date, timedelta
from functools import wraps
from urllib.parse import urlparse

from flask import Blueprint, Flask, abort, current_app, g, redirect, render_template, request, session, url_for

from domain.access import ROLES
from domain.security_settings import SecuritySettings
from events.usecases import accounts

bp = Blueprint("auth", __name__)
NOT_KEPT = {"csrf_token", "password", "version", "confirmed"}  # never echoed back into a page
KEPT_CHARS, KEPT_FIELDS = 2000, 100  # what a session-ended page echoes of a form (domain/limits.py: 2,000)
SEEN_EVERY_SECONDS = 60  # `seen` is refreshed at most this often (each refresh re-sends the cookie)


def configure(app: Flask) -> None:
    configured = app.config.get("SECURITY_SETTINGS")
    if isinstance(configured, dict):
        configured = SecuritySettings().with_overrides(**configured)
    settings = configured or SecuritySettings.from_json(os.environ.get("MUTASI_SECURITY_SETTINGS"))
    app.config["SECURITY_SETTINGS"] = settings
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=settings.session_absolute_hours)


def settings() -> SecuritySettings:
    return current_app.config["SECURITY_SETTINGS"]


def current_actor():
    if "actor" not in g:
        g.actor = actor_of_session()
    return g.actor


def actor_of_session():
    """The session's actor, or None (and the session cleared) when it has ended or expired."""
    username = session.get("username")
    if not username:
        return None
    now, s = time.time(), settings()
    expired = (now - session.get("since", 0) > s.session_absolute_hours * 3600
               or now - session.get("seen", 0) > s.session_idle_minutes * 60)
    actor = None if expired else accounts.session_actor(username, session.get("version"))
    if actor is None:
        session.clear()
    elif now - session["seen"] > SEEN_EVERY_SECONDS:
        session["seen"] = now
    return actor


def login_required(view=None, *, permission: str | None = None):
    def decorate(fn):
        @wraps(fn)
        def wrapper(*args, **kwargs):
            actor = current_actor()
            if actor is None:
                if request.headers.get("HX-Request") or request.method != "GET":
                    return session_ended()
                return redirect(url_for("auth.login", next=request.full_path))
            if permission and not actor.can(permission):
                abort(403)
            return fn(*args, **kwargs)
        return wrapper
    return decorate(view) if view else decorate


def safe_next(target: str | None) -> str:
    if target and urlparse(target).netloc == "" and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("staffing.dashboard")


def page_path() -> str:
    """The page the user is on: htmx names it (HX-Current-URL), a form's page is its Referer."""
    parsed = urlparse(request.headers.get("HX-Current-URL") or request.referrer or "")
    if parsed.netloc not in ("", request.host):
        return url_for("staffing.dashboard")
    return safe_next(parsed.path + (f"?{parsed.query}" if parsed.query else ""))


def session_ended():
    """The answer to a request whose session has ended (logged out elsewhere, idle, expired): htmx
    gets a message with a link to log in again and back to the page, shown above the page, whose
    typed text stays; a form comes back as a page showing what was typed, which the browser puts
    back into the form once the user is logged in again (static/keep-typed.js)."""
    path = page_path()
    login_url = url_for("auth.login", next=path, berakhir=1)
    if request.headers.get("HX-Request"):
        return (render_template("auth/_session_ended.html", login_url=login_url), 401,
                {"HX-Retarget": "#session-message", "HX-Reswap": "innerHTML"})
    kept = [(name, value[:KEPT_CHARS]) for name, value in request.form.items(multi=True)
            if name not in NOT_KEPT][:KEPT_FIELDS]
    return render_template("auth/session_ended.html", login_url=login_url, path=path, kept=kept), 401


@bp.app_context_processor
def inject_actor():
    return {"actor": current_actor(), "role_names": ROLES, "today": date.today()}


def wait_words(seconds: float) -> str:
    return f"{int(seconds) + 1} detik" if seconds < 120 else f"{int(seconds // 60) + 1} menit"


@bp.route("/masuk", methods=["GET", "POST"])
def login():
    error, status = None, 200
    if request.method == "POST":
        result = accounts.log_in(request.form.get("username", ""), request.form.get("password", ""),
                                 request.remote_addr or "-", settings())
        if result.actor:
            session.clear()
            session.permanent = True
            now = time.time()
            session.update(username=result.actor.username, version=result.session_version, since=now, seen=now)
            return redirect(safe_next(request.args.get("next")))
        if result.wait_seconds is not None:
            error, status = f"Terlalu banyak percobaan gagal; coba lagi dalam {wait_words(result.wait_seconds)}.", 429
        else:
            error, status = "Nama pengguna atau kata sandi salah.", 401
    return render_template("auth/login.html", error=error, ended=bool(request.args.get("berakhir")),
                           username=request.form.get("username", "")[:64]), status


@bp.route("/keluar", methods=["POST"])
def logout():
    """Ends every session of the user (every device, every copy of the cookie)."""
    actor = current_actor()
    if actor is not None:
        accounts.end_sessions(actor.username)
    session.clear()
    return redirect(url_for("auth.login"))
