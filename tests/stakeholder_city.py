"""The small city of tests/factory.py with what consultation and monitoring tests need: a leadership
post with its holder, a draft plan, an executed mutation into PKM-SBK, and surveys."""
from __future__ import annotations

from datetime import date

import pytest

from domain.access import Actor
from domain.plan import Plan
from domain.rules import make_nip
from domain.survey import ELEMENT_CODES
from events.usecases import approvals, organisation
from events.readside.readmodels import db
from tests.factory import COMMITTEE, CLERK, NURSE, PLANNER, build_small_city, person, push_through  # noqa: F401

CHIEF = make_nip(date(1975, 2, 11), date(1999, 3, 1), "P", 4)
HEAD_PKM = Actor("kapus.sbk", "kepala_opd", "PKM-SBK")
INSPECTOR = Actor("inspektur", "inspektur")


def build_stakeholder_city(app) -> None:
    build_small_city(app)
    organisation.create_position(app, PLANNER, "DINKES", code="DINKES-KABID", name="Kepala Bidang Pelayanan Kesehatan",
                        jabatan_type="administrator", eselon="III.b", level=None, band_low="III/d",
                        band_high="IV/a", education_families=(), track="umum", abk_need=1, strategic=True)
    person(app, CHIEF, "Sari Gultom", "P", date(1975, 2, 11), "DINKES-KABID", golongan="IV/a")


def draft_plan(app) -> Plan:
    """A draft moving the clerk into the puskesmas and the head of division out of her post."""
    lines = [{"nip": CLERK, "name": "Ahmad Nasution", "from_post": "DINKES-PERAWAT", "to_post": "PKM-PERAWAT",
              "to_unit": "PKM-SBK", "reasons": ["mengisi kekurangan perawat"]},
             {"nip": CHIEF, "name": "Sari Gultom", "from_post": "DINKES-KABID", "to_post": "DINKES-PERAWAT",
              "to_unit": "DINKES", "reasons": ["rotasi"]}]
    plan = Plan.draft(name="Rencana uji konsultasi", settings={}, log_position=0, figures={}, lines=lines,
                      actor=PLANNER.username, role=PLANNER.role)
    app.store(plan)
    return plan


def execute_move(app, nip: str = CLERK, to_post: str = "PKM-PERAWAT", tmt: date = date(2026, 2, 2)):
    """A proposal through the whole workflow; returns its id (evaluations due at 3 and 6 months)."""
    proposal_id = approvals.propose(app, PLANNER, nip, to_post, "mengisi kekurangan", source="own_request")
    push_through(app, proposal_id, sk_date=tmt, tmt=tmt, sk_number=f"821/{nip[-3:]}/BKD")
    return proposal_id


def answers(score_level: int, respondents: int = 10) -> list[list[int]]:
    """Every respondent answers `score_level` (1–4) on all nine elements: score = level × 25."""
    return [[score_level] * len(ELEMENT_CODES) for _ in range(respondents)]


def csv_bytes(rows: list[list], header=ELEMENT_CODES) -> bytes:
    lines = [",".join(header)] + [",".join(str(v) for v in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def views(tmp_path):
    """A real system on SQLite (use cases read the views) with the stakeholder city."""
    from events.store import Storage
    from events.system import System
    system = System(Storage(tmp_path))
    build_stakeholder_city(system.app)
    db.connect(reuse_if_open=True)
    system.catch_up()
    yield system
    system.close()


__all__ = ["CHIEF", "CLERK", "NURSE", "HEAD_PKM", "views", "draft_plan", "execute_move", "answers"]
