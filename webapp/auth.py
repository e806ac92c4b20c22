"""Login, logout and the `login_required` guard."""
from __future__ import annotations

from datetime import date

from functools import wraps
from urllib.parse import urlparse

from flask import Blueprint, abort, g, redirect, render_template, request, session, url_for

from domain.access import ROLES
from events.usecases import accounts
from webapp.ratelimit import RateLimiter

bp = Blueprint("auth", __name__)
failed_logins = RateLimiter(limit=5, window_seconds=15 * 60)  # per client address and user name


def current_actor():
    if "actor" not in g:
        username = session.get("username")
        g.actor = accounts.get_actor(username) if username else None
    return g.actor


def login_required(view=None, *, permission: str | None = None):
    def decorate(fn):
        @wraps(fn)
        def wrapper(*args, **kwargs):
            actor = current_actor()
            if actor is None:
                if request.headers.get("HX-Request"):
                    return "", 401, {"HX-Redirect": url_for("auth.login")}
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


@bp.app_context_processor
def inject_actor():
    return {"actor": current_actor(), "role_names": ROLES, "today": date.today()}


@bp.route("/masuk", methods=["GET", "POST"])
def login():
    error, status = None, 200
    if request.method == "POST":
        key = (request.remote_addr, request.form.get("username", "").strip().lower())
        wait = failed_logins.blocked(key)
        actor = None if wait is not None else accounts.authenticate(request.form.get("username", ""),
                                                        request.form.get("password", ""))
        if actor:
            failed_logins.clear(key)
            session.clear()
            session["username"] = actor.username
            return redirect(safe_next(request.args.get("next")))
        if wait is not None:
            error, status = f"Terlalu banyak percobaan gagal; coba lagi dalam {wait // 60 + 1} menit.", 429
        else:
            failed_logins.record(key)
            error, status = "Nama pengguna atau kata sandi salah.", 401
    return render_template("auth/login.html", error=error,
                           username=request.form.get("username", "")), status


@bp.route("/keluar", methods=["POST"])
def logout():
    session.clear()
    return redirect(url_for("auth.login"))
