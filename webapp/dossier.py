"""The decision dossier of a proposal as a PDF: what the PPK saw when deciding, from the log."""
from __future__ import annotations

from flask import Blueprint, Response, g

from events.files.dossier_pdf import dossier_pdf
from events.usecases.decision_dossier import decision_dossier
from webapp.auth import current_actor, login_required

bp = Blueprint("dossier", __name__, url_prefix="/persetujuan")


@bp.route("/<uuid:proposal_id>/dosier-keputusan.pdf")
@login_required(permission="audit")
def decision_pdf(proposal_id):
    dossier = decision_dossier(g.system.app, current_actor(), proposal_id, g.system.as_of)
    return Response(dossier_pdf(dossier), mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="dosier-keputusan-{dossier["nip"]}.pdf"'})
