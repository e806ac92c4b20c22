"""Login, logout and the `login_required` guard."""
from __future__ import annotations

from functools import wraps
from urllib.parse import urlparse

from flask import Blueprint, abort, g, redirect, render_template, request, session, url_for

from domain.access import ROLES
from events import accounts

bp = Blueprint("auth", __name__)


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
    return {"actor": current_actor(), "role_names": ROLES}


@bp.route("/masuk", methods=["GET", "POST"])
def login():
    error = None
    if request.method == "POST":
        actor = accounts.authenticate(request.form.get("username", ""), request.form.get("password", ""))
        if actor:
            session.clear()
            session["username"] = actor.username
            return redirect(safe_next(request.args.get("next")))
        error = "Nama pengguna atau kata sandi salah."
    status = 401 if error else 200
    return render_template("auth/login.html", error=error,
                           username=request.form.get("username", "")), status


@bp.route("/keluar", methods=["POST"])
def logout():
    session.clear()
    return redirect(url_for("auth.login"))
