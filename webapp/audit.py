"""The inspector's audit trail: filter every event of the log, open one, export with a hash chain."""
from __future__ import annotations

import json
from datetime import datetime, timezone

from flask import Blueprint, Response, abort, g, redirect, render_template, request, stream_with_context, url_for

from events.readside import audit, ledger
from events.usecases import ledger as log_checks
from webapp import as_of
from webapp.as_of import per_tanggal
from webapp.auth import current_actor, login_required
from webapp.forms import refused_with
from webapp.paging import page_arg

bp = Blueprint("audit", __name__, url_prefix="/audit")
PERMISSION = "audit"  # inspektur, admin, ppk, perencana
PER_PAGE = 50
MIMETYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/jsonl; charset=utf-8"}


def filter_form() -> dict:
    return {field: request.args.get(field, "").strip() for field in audit.FILTERS}



@bp.route("/")
@login_required(permission=PERMISSION)
@per_tanggal
@refused_with(lambda error: render_index(None, error.errors, 422))  # an AuditFilterError
def index():
    return render_index(audit.search_audit(filter_form(), page_arg(), PER_PAGE))


def render_index(result: dict | None, errors: dict | None = None, status: int = 200, integrity_error: str = ""):
    """The filters and their results; with the message of each refused filter field."""
    form, errors = filter_form(), errors or {}
    types = audit.type_options()
    known = {group["prefix"] for group in types} | {t for group in types for t, _ in group["types"]}
    args = {k: v for k, v in form.items() if v}
    unbuilt = result is not None and not result["total"] and not args and as_of.event_count() > 0
    template = "audit/_results.html" if request.htmx else "audit/index.html"
    signer = g.system.app.checkpoint_signer
    integrity = {**ledger.integrity(), "public_key": signer.public_pem() if signer else None,
                 "fingerprint": signer.fingerprint() if signer else None}
    return render_template(template, result=result, form=form, errors=errors, types=types, args=args,
                           integrity=integrity, integrity_error=integrity_error,
                           custom_type=form["type"] if form["type"] not in known | {""} else None,
                           unbuilt=unbuilt), status


@bp.route("/kejadian/<int(max=9223372036854775807):position>")
@login_required(permission=PERMISSION)
def event(position: int):
    record = audit.get_event(g.system.app, position)
    if record is None:
        abort(404)
    fields = [(key, value, None if not isinstance(value, (dict, list)) else
               json.dumps(value, ensure_ascii=False, indent=2)) for key, value in record["data"].items()]
    return render_template("audit/event.html", event=record, fields=fields)


@bp.route("/ekspor.<any(csv, jsonl):fmt>")
@login_required(permission=PERMISSION)
def export(fmt: str):
    lines = audit.export(g.system.app, filter_form(), fmt)  # bad filters: DomainError → 422 page
    filename = f"jejak-audit-{datetime.now(timezone.utc):%Y%m%dT%H%M%SZ}.{fmt}"
    return Response(stream_with_context(lines), content_type=MIMETYPES[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{filename}"',
                             "Cache-Control": "no-store",
                             "X-Checkpoint-Key-SHA256": g.system.app.checkpoint_signer.fingerprint()})


# --- the stored log's tamper evidence (README, "Tamper evidence of the stored log") ----------------
def refused_integrity(error, *args, **kwargs):
    return render_index(audit.search_audit({}, 1, PER_PAGE), None, 422, integrity_error=str(error))


def back_to_integrity():
    return redirect(url_for("audit.index") + "#log-integrity")


@bp.route("/log/verifikasi", methods=["POST"])
@login_required(permission=PERMISSION)
def verify_log():
    """Recomputes every link and checkpoint of the stored log now; the panel shows the verdict."""
    log_checks.verify_store(g.system.app, current_actor(), [g.system.app.checkpoint_signer.public_pem()])
    return back_to_integrity()


@bp.route("/log/checkpoint", methods=["POST"])
@login_required(permission=PERMISSION)
@refused_with(refused_integrity)
def sign_checkpoint():
    log_checks.checkpoint(g.system.app, current_actor())
    return back_to_integrity()


@bp.route("/log/kunci-pemeriksa", methods=["POST"])
@login_required(permission="countersign")
@refused_with(refused_integrity)
def register_key():
    log_checks.register_inspector_key(g.system.app, current_actor(), request.form.get("name", ""),
                                      request.form.get("public_key", ""))
    return back_to_integrity()


@bp.route("/log/tanda-tangan", methods=["POST"])
@login_required(permission="countersign")
@refused_with(refused_integrity)
def countersign():
    log_checks.countersign(g.system.app, current_actor(), request.form.get("position", ""),
                           request.form.get("inspector", ""), request.form.get("signature", ""))
    return back_to_integrity()
