"""Public consultation at the use-case level: what the public sees, what is refused, moderation and
responses as events, service feedback attached to a person, reviewers reading the comments."""
from __future__ import annotations

from uuid import UUID

import pytest

from domain.access import ForbiddenError
from domain.rules import DomainError
from domain.stakeholder_settings import StakeholderSettings
from events.readside import consultation_queries as cq
from events.usecases import stakeholders
from events.readside.readmodels import EmployeeRow, ProposalRow
from tests.factory import CLERK, HEAD_DINKES, NURSE, PLANNER
from tests.stakeholder_city import CHIEF, COMMITTEE, draft_plan, views  # noqa: F401 (fixture)

DEFAULTS = StakeholderSettings()


def open_on_plan(system) -> str:
    plan = draft_plan(system.app)
    consultation_id = stakeholders.open_plan_consultation(
        system.app, PLANNER, plan.id, "Rencana mutasi tenaga kesehatan", "Mohon masukan.", "2026-S2")
    system.catch_up()
    return str(consultation_id)


def comment(system, consultation_id, **fields) -> str:
    spec = {"category": "masyarakat", "text": "Puskesmas kami kekurangan perawat pada malam hari."}
    comment_id = stakeholders.submit_comment(system.app, consultation_id, **{**spec, **fields})
    system.catch_up()
    return str(comment_id)


def test_a_plan_consultation_shows_units_positions_and_changes_without_names_or_nips(views):
    consultation_id = open_on_plan(views)
    view = cq.public_consultation(consultation_id, DEFAULTS)
    items = {item["key"]: item for item in view["items"]}
    assert set(items) == {"PKM-PERAWAT", "DINKES-PERAWAT", "DINKES-KABID"}
    assert items["PKM-PERAWAT"]["change"] == "bertambah 1 pegawai (mutasi masuk)"
    assert items["DINKES-PERAWAT"]["change"] == "rotasi: 1 masuk, 1 keluar"
    assert items["DINKES-KABID"]["leadership"] and items["DINKES-KABID"]["people"] == []
    text = repr(view)
    assert all(secret not in text for secret in (CLERK, CHIEF, "Ahmad Nasution", "Sari Gultom"))


def test_names_and_nips_of_leadership_posts_only_when_the_settings_allow_them(views):
    consultation_id = open_on_plan(views)
    names = cq.public_consultation(consultation_id, DEFAULTS.with_overrides(public_leadership_names=True))
    people = {item["key"]: item["people"] for item in names["items"]}
    assert people["DINKES-KABID"] == [{"name": "Sari Gultom", "nip": None, "direction": "keluar"}]
    assert people["PKM-PERAWAT"] == []  # not a leadership post: never a name
    both = cq.public_consultation(consultation_id, DEFAULTS.with_overrides(
        public_leadership_names=True, public_leadership_nips=True))
    assert CHIEF in repr(both) and CLERK not in repr(both)


def test_positions_for_a_period_can_be_consulted_and_unknown_codes_are_refused(views):
    consultation_id = stakeholders.open_positions_consultation(
        views.app, PLANNER, ["pkm-perawat", "DISDIK-GURU"], "2026-s2", "pengisian", "Pengisian formasi",
        "Formasi perawat dan guru semester II.")
    views.catch_up()
    view = cq.public_consultation(consultation_id, DEFAULTS)
    assert view["period"] == "2026-S2" and [i["key"] for i in view["items"]] == ["DISDIK-GURU", "PKM-PERAWAT"]
    with pytest.raises(DomainError, match="Kode jabatan tidak dikenal: NOPE"):
        stakeholders.open_positions_consultation(views.app, PLANNER, ["NOPE"], "2026", "pengisian",
                                                  "Judul uji", "")
    with pytest.raises(ForbiddenError):
        stakeholders.open_positions_consultation(views.app, COMMITTEE, ["PKM-PERAWAT"], "2026",
                                                  "pengisian", "Judul uji", "")


@pytest.mark.parametrize("fields,message", [
    ({"text": "x" * 2001}, "terlalu panjang"),
    ({"text": "pendek"}, "terlalu pendek"),
    ({"text": "Murah! http://a.example.com dan http://b.example.com"}, "tautan"),
    ({"text": "Lihat <a href='x'>di sini</a> ya teman-teman"}, "HTML atau markup"),
    ({"text": "Klik [url=x]hadiah[/url] sekarang juga"}, "markup"),
    ({"text": f"Pegawai dengan NIP {NURSE} sering terlambat"}, "NIP, NIK"),
    ({"text": "NIP 19900504 201503 2 001 tidak ramah sama sekali"}, "NIP, NIK"),
    ({"author_name": "www.spam.com"}, "tidak boleh memuat tautan"),
    ({"category": "raja"}, "kategori"),
    ({"item_key": "DISDIK-GURU"}, "tidak ada dalam konsultasi"),
    ({"service_unit": "NOPE"}, "Unit layanan NOPE tidak ditemukan"),
])
def test_refused_comments_say_why_and_store_nothing(views, fields, message):
    consultation_id = open_on_plan(views)
    events = views.event_count()
    with pytest.raises(DomainError, match=message):
        comment(views, consultation_id, **fields)
    assert views.event_count() == events


def test_moderation_and_response_are_events_and_only_published_comments_are_public(views):
    consultation_id = open_on_plan(views)
    shown = comment(views, consultation_id, item_key="PKM-PERAWAT", text="Perawat tambahan sangat dibutuhkan.",
                    contact="warga@sibolga.example.id", author_name="Budi")
    hidden = comment(views, consultation_id, text="Komentar kasar yang menyinggung seseorang.")
    stakeholders.moderate(views.app, PLANNER, shown, "publish", response="Terima kasih, dicatat.")
    with pytest.raises(DomainError, match="Alasan menyembunyikan komentar wajib"):
        stakeholders.moderate(views.app, PLANNER, hidden, "hide", reason="")
    stakeholders.moderate(views.app, PLANNER, hidden, "hide", reason="bahasa kasar")
    stakeholders.respond(views.app, PLANNER, hidden, "Mohon gunakan bahasa yang santun.")
    history = [type(e).__name__ for e in views.app.events.get(UUID(hidden))]
    assert history == ["Submitted", "Hidden", "Responded"]
    views.catch_up()
    view = cq.public_consultation(consultation_id, DEFAULTS)
    assert [c["text"] for c in view["comments"]] == ["Perawat tambahan sangat dibutuhkan."]
    assert view["comments"][0]["response"] == "Terima kasih, dicatat."
    assert "kasar" not in repr(view) and "warga@" not in repr(view) and "Budi" not in repr(view)


def test_a_consultation_closes_only_when_every_comment_is_moderated_and_answered(views):
    consultation_id = open_on_plan(views)
    comment_id = comment(views, consultation_id)
    with pytest.raises(DomainError, match="1 komentar belum dimoderasi"):
        stakeholders.close_consultation(views.app, PLANNER, consultation_id, "Selesai dibahas.")
    stakeholders.moderate(views.app, PLANNER, comment_id, "publish")
    views.catch_up()
    with pytest.raises(DomainError, match="belum dimoderasi atau belum ditanggapi"):
        stakeholders.close_consultation(views.app, PLANNER, consultation_id, "Selesai dibahas.")
    stakeholders.respond(views.app, PLANNER, comment_id, "Kebutuhan perawat malam masuk rencana.")
    views.catch_up()
    stakeholders.close_consultation(views.app, PLANNER, consultation_id, "Dua formasi ditambahkan.")
    with pytest.raises(DomainError, match="sudah ditutup"):
        comment(views, consultation_id)


def test_service_feedback_is_attached_to_the_person_and_never_public(views):
    consultation_id = open_on_plan(views)
    feedback = comment(views, consultation_id, text="Pelayanan perawat sangat ramah dan cepat.",
                       service_unit="pkm-sbk", employee_name="Rina")
    with pytest.raises(DomainError, match="sudah diterima"):
        stakeholders.attach_feedback(views.app, PLANNER, feedback, NURSE)
    stakeholders.moderate(views.app, PLANNER, feedback, "publish", response="Diteruskan ke kepala puskesmas.")
    views.catch_up()
    candidates = cq.get_comment(feedback)["candidates"]
    assert [c["nip"] for c in candidates] == [NURSE]
    stakeholders.attach_feedback(views.app, PLANNER, feedback, NURSE)
    views.catch_up()
    nurse = EmployeeRow.get(EmployeeRow.nip == NURSE)
    assert [c["text"] for c in cq.employee_feedback(nurse.id)] == ["Pelayanan perawat sangat ramah dan cepat."]
    assert cq.public_consultation(consultation_id, DEFAULTS)["comments"] == []  # service feedback: internal
    from events.readside.queries import employee_timeline
    assert employee_timeline(nurse.id)["rows"][0]["kind"] == "Masukan layanan publik"


def test_general_service_feedback_needs_a_unit(views):
    with pytest.raises(DomainError, match="menyebut unit layanan"):
        comment(views, None)
    assert comment(views, None, service_unit="DISDIK", employee_name="")


def test_reviewers_see_published_comments_on_the_positions_of_a_proposal(views):
    consultation_id = open_on_plan(views)
    on_target = comment(views, consultation_id, item_key="PKM-PERAWAT", text="Setuju, puskesmas kekurangan.")
    general = comment(views, consultation_id, text="Rencana ini secara umum baik sekali.")
    elsewhere = comment(views, consultation_id, item_key="DINKES-KABID", text="Kepala bidang jangan diganti.")
    unpublished = comment(views, consultation_id, item_key="PKM-PERAWAT", text="Belum dimoderasi sama sekali.")
    for comment_id in (on_target, general, elsewhere):
        stakeholders.moderate(views.app, PLANNER, comment_id, "publish")
    from events.usecases import approvals
    approvals.propose(views.app, HEAD_DINKES, NURSE, "DINKES-PERAWAT", "memperkuat dinas")
    views.catch_up()
    row = ProposalRow.select().dicts().get()
    texts = [c["text"] for c in cq.proposal_comments(row)]
    assert texts == ["Setuju, puskesmas kekurangan."]  # from PKM-PERAWAT; the plan-wide one is on another plan
    assert unpublished


def test_only_bkd_moderates(views):
    consultation_id = open_on_plan(views)
    comment_id = comment(views, consultation_id)
    for actor in (COMMITTEE, HEAD_DINKES):
        with pytest.raises(ForbiddenError):
            stakeholders.moderate(views.app, actor, comment_id, "publish")


def test_a_plan_already_decided_is_no_longer_put_to_public_consultation(views):
    """Consultations only on plans not yet decided (a plan's state follows its lines)."""
    from domain.rules import DomainError
    from events.usecases import stakeholders
    from tests.factory import PLANNER
    plan = draft_plan(views.app)
    for status in ("decided", "decreed", "closed"):
        plan = views.app.plan(plan.id)
        if plan.status == "draft":
            plan.submit(actor="rina.bkd", role="perencana")
        plan.advance(to=status, actor="kaban.bkd", role="kepala_bkd")
        views.app.store(plan)
        with pytest.raises(DomainError, match="belum diputuskan"):
            stakeholders.open_plan_consultation(views.app, PLANNER, plan.id, "Konsultasi rencana", "Uraian rencana")
