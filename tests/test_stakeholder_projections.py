"""The stakeholder and monitoring rows on real persistence (SQLite and PostgreSQL): building them
event by event gives the same rows as replaying the whole log."""
from __future__ import annotations

from datetime import date

from events.usecases import monitoring, stakeholders

from events.readside import projections
from events.readside.readmodels import TimelineRow, db
from events.readside.stakeholder_rows import STAKEHOLDER_TABLES
from tests.factory import NURSE, PLANNER
from tests.stakeholder_city import (CLERK, HEAD_PKM, answers, build_stakeholder_city, draft_plan,
                                    execute_move)


def every_kind_of_event(system) -> None:
    app = system.app
    plan = draft_plan(app)
    consultation_id = stakeholders.open_plan_consultation(app, PLANNER, plan.id, "Konsultasi uji", "", "2026")
    system.catch_up()
    published = stakeholders.submit_comment(app, consultation_id, category="dprd", item_key="PKM-PERAWAT",
                                             text="Setuju dengan penambahan perawat.")
    hidden = stakeholders.submit_comment(app, consultation_id, category="lainnya",
                                          text="Komentar yang akan disembunyikan.")
    feedback = stakeholders.submit_comment(app, None, category="masyarakat", service_unit="PKM-SBK",
                                            employee_name="Rina", text="Perawat Rina sangat membantu kami.")
    system.catch_up()
    stakeholders.moderate(app, PLANNER, published, "publish", response="Terima kasih.")
    stakeholders.moderate(app, PLANNER, hidden, "hide", reason="di luar pokok", response="Di luar pokok.")
    stakeholders.moderate(app, PLANNER, feedback, "publish", response="Diteruskan.")
    stakeholders.attach_feedback(app, PLANNER, feedback, NURSE)
    system.catch_up()  # part of the rows now come from the table, not from the batch
    stakeholders.close_consultation(app, PLANNER, consultation_id, "Masukan sudah dipertimbangkan.")
    monitoring.record_survey(app, PLANNER, "PKM-SBK", "2025-S2", answers(4))
    proposal_id = execute_move(app)
    system.catch_up()
    case = monitoring.record_survey(app, PLANNER, "PKM-SBK", "2026-S1", answers(3))["flag"]
    monitoring.open_investigation(app, PLANNER, case, note="segera")
    monitoring.record_findings(app, PLANNER, case, findings="Perawat baru belum dilatih.")
    monitoring.record_action(app, PLANNER, case, "pembinaan", "Bimbingan kepala puskesmas.", CLERK)
    monitoring.close_investigation(app, PLANNER, case, summary="Bimbingan selesai.")
    monitoring.record_evaluation(app, HEAD_PKM, proposal_id, 3, "baik", "di_atas", "", date(2026, 5, 2))


def test_rebuilding_stakeholder_rows_gives_the_same_checksum_as_incremental_building(system):
    build_stakeholder_city(system.app)
    db.connect(reuse_if_open=True)
    system.catch_up()
    every_kind_of_event(system)
    system.catch_up()
    counts = {model.__name__: model.select().count() for model in STAKEHOLDER_TABLES}
    assert all(counts.values()), counts  # every table has rows
    timeline = TimelineRow.select().count()
    incremental = projections.checksum()
    assert projections.rebuild(system.app) == system.event_count()
    assert projections.checksum() == incremental
    assert {model.__name__: model.select().count() for model in STAKEHOLDER_TABLES} == counts
    assert TimelineRow.select().count() == timeline
