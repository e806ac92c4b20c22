"""Draft plans: start one (solved in the background), review it line by line, edit and re-optimise,
ask "why not?", compare drafts."""
from __future__ import annotations

from flask import (Blueprint, Response, abort, g, make_response, redirect, render_template, request,
                   url_for)

from domain.limits import day
from domain.proposal import STATES
from domain.rules import DomainError
from events.files.documents import xlsx
from events.readside import approval_queries
from events.usecases import approvals, decrees, planning
from webapp import jobs
from webapp.auth import current_actor, login_required
from webapp.forms import refused_with

bp = Blueprint("plans", __name__, url_prefix="/rencana")
FORM_SETTINGS = ("max_moves", "solver", "time_limit", "gap")


def plan_or_404(plan_id: str) -> dict:
    return planning.get_plan(g.system.app, plan_id) or abort(404)


@bp.route("/")
@login_required(permission="view_plans")
def index():
    plans = planning.list_plans()
    return render_template("plans/index.html", plans=plans, error=None, form={})


def draft_form() -> dict:
    return {k: request.form.get(k, "") for k in ("name", *FORM_SETTINGS)}


def refused_draft(error):
    template = "plans/_new.html" if request.htmx else "plans/index.html"
    return render_template(template, plans=planning.list_plans(), error=str(error), form=draft_form()), 422


@bp.route("/", methods=["POST"])
@login_required(permission="plan")
@refused_with(refused_draft)
def start():
    form = draft_form()
    planning.check_draft(form["name"], {k: form[k] for k in FORM_SETTINGS})
    job = jobs.start(current_actor().username, planning.draft_from_views, g.system.app,
                     current_actor(), form["name"], {k: form[k] for k in FORM_SETTINGS})
    return render_template("plans/_progress.html", job=job)


@bp.route("/tugas/<job_id>")
@login_required(permission="plan")
def progress(job_id: str):
    job = jobs.get(job_id, current_actor().username)
    if job is None:
        abort(404)
    if job.done and job.error is None:
        target = url_for("plans.detail", plan_id=job.result)
        response = make_response(render_template("plans/_progress.html", job=job, target=target))
        response.headers["HX-Redirect"] = target
        return response
    return render_template("plans/_progress.html", job=job)


@bp.route("/<plan_id>")
@login_required(permission="view_plans")
def detail(plan_id: str):
    plan = plan_or_404(plan_id)
    template = "plans/_plan.html" if request.htmx else "plans/detail.html"
    return render_template(template, plan=plan, error=None)


@bp.route("/<plan_id>/ubah", methods=["POST"])
@login_required(permission="plan")
@refused_with(lambda error, plan_id: edited(plan_id, str(error)))
def edit(plan_id: str):
    kind = request.form.get("kind", "")
    settings = {k: request.form[k] for k in FORM_SETTINGS if k in request.form}
    planning.revise(g.system.app, current_actor(), plan_id, kind, request.form.get("nip") or None,
                    request.form.get("post") or None, settings, request.form.get("reason", ""))
    return edited(plan_id)


def edited(plan_id: str, error: str | None = None):
    """The plan after an edit: the fragment for htmx, else back to the page (with the refusal)."""
    plan = plan_or_404(plan_id)
    if not request.htmx:
        return redirect(url_for("plans.detail", plan_id=plan_id)) if error is None else (
            render_template("plans/detail.html", plan=plan, error=error), 422)
    return render_template("plans/_plan.html", plan=plan, error=error), 422 if error else 200


@bp.route("/<plan_id>/mengapa-tidak")
@login_required(permission="view_plans")
@refused_with(lambda error, plan_id: answer_why_not(plan_id, {"error": str(error)}, 422))
def why_not(plan_id: str):
    plan_or_404(plan_id)
    answer = planning.ask_why_not(g.system.app, current_actor(), plan_id, request.args.get("nip", ""),
                                  request.args.get("post", ""))
    return answer_why_not(plan_id, answer)


def answer_why_not(plan_id: str, answer: dict, status: int = 200):
    template = "plans/_why_not.html" if request.htmx else "plans/why_not.html"
    return render_template(template, answer=answer, nip=request.args.get("nip", ""),
                           post=request.args.get("post", ""), plan_id=plan_id), status


@bp.route("/bandingkan")
@login_required(permission="view_plans")
def compare():
    a, b = plan_or_404(request.args.get("a", "")), plan_or_404(request.args.get("b", ""))
    lines_a = {line["nip"]: line for line in a["lines"]}
    lines_b = {line["nip"]: line for line in b["lines"]}
    differing = sorted(n for n in lines_a.keys() | lines_b.keys()
                       if (lines_a.get(n) or {}).get("to_post") != (lines_b.get(n) or {}).get("to_post"))
    return render_template("plans/compare.html", a=a, b=b, differing=differing, lines_a=lines_a,
                           lines_b=lines_b)


BULK = {  # action -> the state the lines must be in (the committee recommends in its sessions)
    "verify": "submitted", "forward": "verified", "decide": "recommended",
}
BULK_LABELS = {"verify": "verifikasi berkas", "forward": "teruskan ke Tim Penilai Kinerja",
               "decide": "putuskan mengikuti rekomendasi Tim"}


@bp.route("/<plan_id>/ajukan", methods=["POST"])
@login_required(permission="plan")
@refused_with(lambda error, plan_id: (
    render_template("plans/detail.html", plan=plan_or_404(plan_id), error=str(error)), 422))
def submit(plan_id: str):
    plan_or_404(plan_id)
    approvals.submit_plan(g.system.app, current_actor(), plan_id)
    return redirect(url_for("plans.review", plan_id=plan_id))


@bp.route("/<plan_id>/keputusan")
@login_required(permission="view_plans")
def review(plan_id: str):
    return render_review(plan_id)


def render_review(plan_id: str, error: str | None = None, status: int = 200, preview: dict | None = None):
    plan = plan_or_404(plan_id)
    return render_template("plans/review.html", plan=plan, rows=approval_queries.plan_proposals(plan["id"]),
                           states=STATES, error=error, preview=preview), status


@bp.route("/<plan_id>/keputusan", methods=["POST"])
@login_required(permission="view_plans")
@refused_with(lambda error, plan_id: render_review(plan_id, str(error), 422))
def bulk(plan_id: str):
    """A bulk step in two requests: the first shows the lines and their counts (nothing changes),
    the second carries the confirmed lines (`confirmed`, one per line) and acts on those only."""
    plan = plan_or_404(plan_id)
    actor, action = current_actor(), request.form.get("action", "")
    rows = approval_queries.plan_proposals(plan["id"])
    if action == "decree":
        ids = [r["id"] for r in rows if r["state"] == "approved"]
        decrees.issue_decree(g.system.app, actor, ids, request.form.get("sk_number", ""),
                             day(request.form.get("sk_date"), "Tanggal SK"),
                             day(request.form.get("tmt"), "TMT"), plan_id=plan["id"])
    elif action in BULK and not request.form.getlist("confirmed"):
        return render_review(plan_id, preview=bulk_preview(action, rows))
    elif action in BULK:
        apply_bulk(actor, action, rows)
    else:
        raise DomainError("Tindakan tidak dikenal.")
    return redirect(url_for("plans.review", plan_id=plan_id))


def bulk_lines(action: str, rows: list[dict]) -> tuple[list[dict], list[dict]]:
    """The lines waiting for this step, split into those the step takes and those ticked to be left out."""
    waiting = [r for r in rows if r["state"] == BULK[action]]
    ticked = {str(r["id"]) for r in waiting if request.form.get(f"except-{r['id']}")}
    return [r for r in waiting if str(r["id"]) not in ticked], [r for r in waiting if str(r["id"]) in ticked]


def bulk_preview(action: str, rows: list[dict]) -> dict:
    lines, left_out = bulk_lines(action, rows)
    if not lines:
        raise DomainError("Tidak ada baris yang menunggu langkah ini.")
    counts = {BULK_LABELS[action]: len(lines)}
    if action == "decide":
        rejected = sum(r["opinion"] == "tidak_setuju" for r in lines)
        counts = {"disetujui (Tim setuju)": len(lines) - rejected, "ditolak (Tim tidak setuju)": rejected}
    return {"action": action, "label": BULK_LABELS[action], "lines": lines, "left_out": left_out, "counts": counts}


def apply_bulk(actor, action: str, rows: list[dict]) -> None:
    """One step for every confirmed line still waiting for it; ticked lines are left for a decision
    one by one. The PPK's bulk decision only follows the committee: approve where it agreed,
    reject where it did not."""
    confirmed = set(request.form.getlist("confirmed"))
    waiting = [r for r in bulk_lines(action, rows)[0] if str(r["id"]) in confirmed]
    ids = [r["id"] for r in waiting]
    if not ids:
        raise DomainError("Tidak ada baris yang menunggu langkah ini.")
    if action == "decide":
        follow = {str(r["id"]): ("reject", "Mengikuti rekomendasi Tim Penilai Kinerja: " + (r["last_reason"] or ""))
                  for r in waiting if r["opinion"] == "tidak_setuju"}
        approvals.bulk_decide(g.system.app, actor, ids, "approve", "", follow)
    elif action == "forward":
        approvals.bulk_forward(g.system.app, actor, ids)
    else:
        approvals.bulk_verify(g.system.app, actor, ids)


@bp.route("/<plan_id>/ekspor.xlsx")
@login_required(permission="view_plans")
def export_xlsx(plan_id: str):
    plan = plan_or_404(plan_id)
    rows = [[line["nip"], line["name"], line["from_post"], line["from_unit"], line["to_post"],
             line["to_unit"], line["score"], "; ".join(line["reasons"])] for line in plan["lines"]]
    data = xlsx("Rencana", ["NIP", "Nama", "Dari jabatan", "Dari unit", "Ke jabatan", "Ke unit", "Skor",
                            "Alasan"], rows)
    return Response(data, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f'attachment; filename="rencana-{plan_id}.xlsx"'})
