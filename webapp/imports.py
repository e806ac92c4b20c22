"""Importing the peta jabatan and a SIASN staff list in the browser (BKD: perencana, verifikator):
upload → preview with counts, refused rows and changes → confirm. The confirmation carries the
previewed file's SHA-256 and imports exactly those bytes (`events.usecases.imports.confirm_upload`).
Also the templates of the two files and the "update SIASN" list of executed moves."""
from __future__ import annotations

from flask import Blueprint, Response, abort, g, render_template, request, stream_with_context

from domain.imports import IMPORT_KINDS
from domain.rules import DomainError
from events.files.documents import export_lines, export_xlsx
from events.files.peta_jabatan_files import POST_COLUMNS
from events.files.siasn_files import MAX_BYTES, PEOPLE_LABELS
from events.usecases.imports import ImportRefused, confirm_upload, preview_upload
from events.usecases.siasn_updates import FIELDS, siasn_updates
from webapp.auth import current_actor, login_required
from webapp.forms import refusal_lines, refused_with
from webapp.guards import FORM_MARGIN, body_limit
from webapp.staffing import EXPORT_TYPES

bp = Blueprint("imports", __name__, url_prefix="/impor")
TEMPLATES = {"posts": ("peta-jabatan", tuple(POST_COLUMNS)), "people": ("data-utama-siasn", tuple(PEOPLE_LABELS.values()))}


def render_index(error: str | None = None, rows: list | None = None, status: int = 200):
    return render_template("imports/index.html", kinds=IMPORT_KINDS, error=error, rows=rows), status


def refused_upload(error: DomainError):
    if isinstance(error, ImportRefused):
        return render_preview(error.summary, str(error), 422)
    message, rows = refusal_lines(error)
    return render_index(message, rows or None, 422)


def render_preview(summary: dict, error: str | None = None, status: int = 200):
    return render_template("imports/preview.html", summary=summary, kinds=IMPORT_KINDS, error=error), status


@bp.route("/")
@login_required(permission="import_records")
def index():
    return render_index()


@bp.route("/pratinjau", methods=["POST"])
@body_limit(MAX_BYTES + FORM_MARGIN)
@login_required(permission="import_records")
@refused_with(refused_upload)
def preview():
    upload = request.files.get("berkas")
    if upload is None or not upload.filename:
        raise DomainError("Pilih berkas .csv atau .xlsx untuk diimpor.")
    summary = preview_upload(g.system.app, current_actor(), request.form.get("jenis", ""), upload.filename,
                             upload.read(MAX_BYTES + 1))
    return render_preview(summary)


@bp.route("/konfirmasi", methods=["POST"])
@login_required(permission="import_records")
@refused_with(refused_upload)
def confirm():
    form = request.form
    summary = confirm_upload(g.system.app, current_actor(), form.get("jenis", ""), form.get("berkas", ""),
                             form.get("sha256", ""), form.get("hanya_sah") == "1")
    return render_template("imports/done.html", summary=summary, kinds=IMPORT_KINDS)


@bp.route("/templat/<kind>.csv")
@login_required(permission="import_records")
def template(kind: str):
    if kind not in TEMPLATES:
        abort(404)
    name, header = TEMPLATES[kind]
    return Response(",".join(header) + "\r\n", content_type=EXPORT_TYPES["csv"],
                    headers={"Content-Disposition": f'attachment; filename="templat-{name}.csv"'})


@bp.route("/pembaruan-siasn.<fmt>")
@login_required(permission="export_records")
def siasn_update_list(fmt: str):
    if fmt not in ("csv", "xlsx"):
        abort(404)
    records = siasn_updates(g.system.app, current_actor())
    headers = {"Content-Disposition": f'attachment; filename="pembaruan-siasn.{fmt}"'}
    if fmt == "xlsx":
        return Response(export_xlsx("Pembaruan SIASN", FIELDS, records), headers=headers, mimetype=EXPORT_TYPES[fmt])
    return Response(stream_with_context(export_lines(FIELDS, records, fmt)), headers=headers,
                    content_type=EXPORT_TYPES[fmt])
