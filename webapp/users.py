"""User administration for the administrator: the list (role, unit, active, last login), a new
account with its role and unit, a new password, deactivation and activation. Each change goes
through the accounts use cases (events/usecases/accounts.py), so it is an event in the audit trail
with the administrator as actor; the password policy is domain/passwords.py."""
from __future__ import annotations

from flask import Blueprint, g, redirect, render_template, request, url_for

from domain.access import ROLES
from events.readside import queries
from events.usecases import accounts
from webapp.auth import current_actor, login_required
from webapp.forms import refused_with

bp = Blueprint("users", __name__, url_prefix="/pengguna")
PERMISSION = "manage_users"
DONE = {"dibuat": "Akun {} dibuat.", "sandi": "Kata sandi {} diganti; semua sesinya berakhir.",
        "nonaktif": "Akun {} dinonaktifkan; semua sesinya berakhir.", "aktif": "Akun {} diaktifkan kembali."}


def render_users(error: str | None = None, status: int = 200, failed: str | None = None):
    """The list and the new-account form; a refused form comes back with what was typed (never a
    password) and its message next to it (`failed`: the user whose row failed, or "baru")."""
    done = next(((key, request.args[key]) for key in DONE if request.args.get(key)), None)
    form = {k: v for k, v in request.form.items() if "password" not in k and k != "csrf_token"} if error else {}
    return render_template("users/index.html", users=accounts.list_users(), roles=ROLES,
                           units=queries.list_units(), error=error, failed=failed, form=form,
                           done=DONE[done[0]].format(done[1]) if done else None), status


@bp.route("/")
@login_required(permission=PERMISSION)
def index():
    return render_users()


@bp.route("/", methods=["POST"])
@login_required(permission=PERMISSION)
@refused_with(lambda error: render_users(str(error), 422, "baru"))
def create():
    form = request.form
    if form.get("password", "") != form.get("password_again", ""):
        return render_users("Kedua isian kata sandi tidak sama.", 422, "baru")
    role = form.get("role", "")
    created = accounts.add_user(g.system.app, current_actor(), form.get("username", ""), form.get("password", ""),
                                role, (form.get("unit_code") or None) if role == "kepala_opd" else None,
                                form.get("full_name", ""))
    return redirect(url_for("users.index", dibuat=created.username), 303)


@bp.route("/<username>/sandi", methods=["POST"])
@login_required(permission=PERMISSION)
@refused_with(lambda error, username: render_users(str(error), 422, username))
def reset_password(username: str):
    accounts.change_password(g.system.app, current_actor(), username, request.form.get("password", ""))
    return redirect(url_for("users.index", sandi=username), 303)


@bp.route("/<username>/nonaktif", methods=["POST"])
@login_required(permission=PERMISSION)
@refused_with(lambda error, username: render_users(str(error), 422, username))
def disable(username: str):
    accounts.disable(g.system.app, current_actor(), username, request.form.get("reason", ""))
    return redirect(url_for("users.index", nonaktif=username), 303)


@bp.route("/<username>/aktif", methods=["POST"])
@login_required(permission=PERMISSION)
@refused_with(lambda error, username: render_users(str(error), 422, username))
def enable(username: str):
    accounts.enable(g.system.app, current_actor(), username, request.form.get("reason", ""))
    return redirect(url_for("users.index", aktif=username), 303)
