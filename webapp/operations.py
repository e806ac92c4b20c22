"""Running in production: liveness and readiness, one JSON log line per request, the client address
behind a trusted reverse proxy, Secure cookies and HSTS behind TLS.

- `/sehat` answers as long as the process serves requests (no database, no login).
- `/siap` answers 200 when both databases answer and the views are at most
  `SecuritySettings.ready_max_lag_events` behind the log, else 503. Counts only, no personal data.
- Each request writes one line on stderr: {"time", "user", "method", "route", "status", "ms", "pid"}
  ("route" is the URL rule, so no NIP or other path data reaches the log).
- `MUTASI_TRUSTED_PROXIES=N`: N reverse proxies in front set X-Forwarded-For/-Proto/-Host; only
  then is the client address taken from them (otherwise anyone could choose their own address).
- `MUTASI_SECURE_COOKIES=1`: the session cookie is Secure (and `__Host-` prefixed) and every
  response carries Strict-Transport-Security: only behind TLS.
"""
from __future__ import annotations

import json
import logging
import os
import sys
import time
from datetime import datetime, timezone

from flask import Blueprint, Flask, current_app, g, jsonify, request, session
from werkzeug.middleware.proxy_fix import ProxyFix

from domain.rules import DomainError

bp = Blueprint("operations", __name__)
access_log = logging.getLogger("mutasi.requests")
HSTS = "max-age=31536000; includeSubDomains"


def configure(app: Flask, environ=os.environ) -> None:
    proxies = (environ.get("MUTASI_TRUSTED_PROXIES") or "").strip()
    if proxies:
        if not proxies.isdigit() or not 1 <= int(proxies) <= 10:
            raise DomainError("MUTASI_TRUSTED_PROXIES harus jumlah proksi di depan aplikasi (1–10).")
        count = int(proxies)
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)
    if environ.get("MUTASI_SECURE_COOKIES", "").strip() in ("1", "true", "ya"):
        app.config.update(SESSION_COOKIE_SECURE=True, SESSION_COOKIE_NAME="__Host-mutasi")
        app.after_request(strict_transport)
    if not access_log.handlers:
        access_log.addHandler(StderrLines())
        access_log.setLevel(logging.INFO)
        access_log.propagate = False
    app.before_request(start_clock)
    app.after_request(log_request)
    app.register_blueprint(bp)


class StderrLines(logging.Handler):
    """One line per record on the current sys.stderr (gunicorn and waitress leave it to us)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            sys.stderr.write(record.getMessage() + "\n")
            sys.stderr.flush()
        except Exception:  # noqa: BLE001 - a log line never breaks a request
            self.handleError(record)


def strict_transport(response):
    response.headers["Strict-Transport-Security"] = HSTS
    return response


def start_clock():
    g.started = time.perf_counter()


def log_request(response):
    actor, started = g.get("actor"), g.get("started")
    access_log.info(json.dumps({
        "time": datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
        "user": actor.username if actor else session.get("username") or None,
        "method": request.method, "route": request.url_rule.rule if request.url_rule else None,
        "status": response.status_code,
        "ms": round(1000 * (time.perf_counter() - started), 1) if started else None, "pid": os.getpid()}))
    return response


@bp.route("/sehat")
def alive():
    return jsonify(status="hidup")


@bp.route("/siap")
def ready():
    system = current_app.extensions["mutasi"]
    try:
        head, position = system.event_count(), system.views_position()
    except Exception as error:  # noqa: BLE001 - any failure of a database means "not ready"
        return jsonify(status="belum siap", error=type(error).__name__), 503
    lag = max(0, head - position)
    ok = lag <= current_app.config["SECURITY_SETTINGS"].ready_max_lag_events
    return jsonify(status="siap" if ok else "belum siap", head=head, views=position, lag=lag), 200 if ok else 503
