"""The Flask composition root: create_app() wires the System, security and the blueprints."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask, g, render_template, request, session
from flask_wtf.csrf import CSRFError, CSRFProtect
from htmx_flask import Htmx

from domain.access import ForbiddenError
from domain.rules import DomainError, NotFoundError
from events.readside.readmodels import db
from events.system import System
from webapp.auth import current_actor, session_ended
from webapp.filters import register_filters
from webapp.guards import register_guards, too_large_message

ROOT = Path(__file__).resolve().parent.parent
csrf = CSRFProtect()
WRITTEN = "written_position"  # session key: the user's last write, which their next request must see


def secret_key(system: System) -> str:
    """MUTASI_SECRET_KEY, or a random key kept in the data folder (so sessions survive restarts)."""
    if os.environ.get("MUTASI_SECRET_KEY"):
        return os.environ["MUTASI_SECRET_KEY"]
    path = system.storage.data_dir / "secret_key"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def create_app(system: System | None = None, **config) -> Flask:
    system = system or System.open()
    app = Flask(__name__, template_folder=str(ROOT / "templates"), static_folder="static")
    app.config.update(SECRET_KEY=secret_key(system), SESSION_COOKIE_HTTPONLY=True,
                      SESSION_COOKIE_SAMESITE="Lax", WTF_CSRF_TIME_LIMIT=None,
                      VIEWS_WAIT_SECONDS=5.0, VIEWS_POLL_SECONDS=1.0, **config)
    app.config.setdefault("VIEWS_FOLLOWER", not app.testing)  # tests project explicitly unless they ask
    app.extensions["mutasi"] = system
    register_filters(app)  # label, tanggal, waktu, angka (webapp/filters.py)
    Htmx(app)
    register_guards(app)  # body limits before the CSRF check reads the body; no-store
    csrf.init_app(app)
    from webapp import as_of, auth, operations
    as_of.configure(app)  # pages "per tanggal" (?per=TTTT-BB-HH)
    auth.configure(app)  # session lifetimes and login throttling (SecuritySettings)
    operations.configure(app)  # /sehat, /siap, request log, proxy and TLS settings
    register_request_hooks(app, system)
    if app.config["VIEWS_FOLLOWER"]:
        system.start_following(app.config["VIEWS_POLL_SECONDS"])
    register_error_handlers(app)
    from webapp import approvals, audit, committee, dossier, employees, findings, plans, staffing
    for module in (auth, staffing, employees, plans, approvals, committee, audit, findings, dossier):
        app.register_blueprint(module.bp)
    from webapp import consultations, evaluations, investigations, monitoring, public, stakeholders
    stakeholders.configure(app)  # public consultation, surveys, evaluations, investigations
    for module in (public, consultations, monitoring, evaluations, investigations):
        app.register_blueprint(module.bp)
    from webapp import appraisal_admin, appraisals, competence, talent  # SKP, talent, competence
    for module in (appraisals, appraisal_admin, talent, competence):
        app.register_blueprint(module.bp)
    from webapp import imports  # the peta jabatan and SIASN staff lists
    app.register_blueprint(imports.bp)
    from webapp import users  # user administration
    app.register_blueprint(users.bp)
    return app


def register_request_hooks(app: Flask, system: System) -> None:
    """Reads never drive the projection: writes are projected by System when stored; a request
    only waits when the user's own last write (remembered in the session, maybe made on another
    worker) is not in the views yet. Static files open no database connection."""
    @app.before_request
    def open_views():
        g.system = system
        system.take_last_write()  # this server thread's previous request is not this one
        if request.endpoint in ("static", "operations.alive"):
            return
        db.connect(reuse_if_open=True)
        written = session.get(WRITTEN)
        if written is not None and system.wait_for(written, app.config["VIEWS_WAIT_SECONDS"]):
            session.pop(WRITTEN)

    @app.after_request
    def remember_own_write(response):
        written = system.take_last_write()
        if written is not None:
            session[WRITTEN] = max(written, session.get(WRITTEN, 0))
        return response

    @app.teardown_request
    def close_views(_exc):
        if not db.is_closed():
            db.close()

    @app.context_processor
    def projection_faults():
        """For the banner of base.html: queried only when a page is rendered for an administrator."""
        def faults() -> list[dict]:
            actor = current_actor()
            return system.faults() if actor is not None and actor.can("see_projection_faults") else []
        return {"projection_faults": faults}

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Vary", "HX-Request")
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "frame-ancestors 'none'; form-action 'self'")
        return response


def register_error_handlers(app: Flask) -> None:
    """The one place a refusal becomes a response: ForbiddenError → 403, NotFoundError → 404, any
    other DomainError → 422, as a page or, for htmx, the errors/_message.html partial. A route
    that must re-render its own form with the message says how with `webapp.forms.refused_with`."""
    @app.errorhandler(ForbiddenError)
    def forbidden(error):
        return render_error(403, str(error))

    @app.errorhandler(NotFoundError)
    def missing(error):
        return render_error(404, str(error))

    @app.errorhandler(DomainError)
    def refused(error):
        return render_error(422, str(error))

    @app.errorhandler(CSRFError)
    def csrf_failed(_error):
        if current_actor() is None and request.endpoint != "auth.login" and request.blueprint != "public":
            return session_ended()  # the session behind the token has ended: say so, keep the typed text
        return render_error(400, "Formulir kedaluwarsa atau tidak sah (token CSRF). Muat ulang halaman lalu coba lagi.")

    @app.errorhandler(403)
    def http_forbidden(_error):
        return render_error(403, "Anda tidak berwenang membuka halaman ini.")

    @app.errorhandler(404)
    def not_found(_error):
        return render_error(404, "Halaman atau data yang dicari tidak ditemukan.")

    @app.errorhandler(413)
    def too_large(_error):
        return render_error(413, too_large_message())


def render_error(status: int, message: str):
    template = "errors/_message.html" if request.headers.get("HX-Request") else "errors/error.html"
    return render_template(template, status=status, message=message), status
