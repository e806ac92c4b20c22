"""`mutasi demo` fills every module, not only the approval workflow: `mutasi stats --json` counts
them, and the read models show the story each module tells (a closed and an open consultation, a
decline investigated up to its corrective actions, evaluations done and still due, development
actions with and without an outcome)."""
from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT, mutasi

MODULE_COUNTS = ("surveys", "consultations", "comments", "evaluations", "investigations",
                 "development_actions", "proposals", "plans", "users")

READ_MODELS = """
import json
from datetime import date
from events.system import System
from events.readside.stakeholder_rows import CommentRow, ConsultationRow, EvaluationRow, SurveyRow
from events.readside import monitoring_queries
from events.readside.readmodels import DevelopmentRow
System.open()
cases = monitoring_queries.list_investigations()
case = monitoring_queries.get_investigation(cases[0]["id"]) if cases else None
print(json.dumps({
    "consultations": sorted(r.status for r in ConsultationRow.select()),
    "comments": sorted({(r.status, r.response is not None) for r in CommentRow.select()}),
    "attached": CommentRow.select().where(CommentRow.employee_id.is_null(False)).count(),
    "evaluations_done": sorted({r.months for r in EvaluationRow.select().where(EvaluationRow.done)}),
    "evaluations_overdue": EvaluationRow.select().where(~EvaluationRow.done, EvaluationRow.due < date.today()).count(),
    "evaluations_coming": EvaluationRow.select().where(~EvaluationRow.done, EvaluationRow.due >= date.today()).count(),
    "survey_units": SurveyRow.select(SurveyRow.unit_code).distinct().count(),
    "survey_periods": SurveyRow.select(SurveyRow.period).distinct().count(),
    "case": case and {"status": case["status"], "findings": bool(case["findings"]),
                      "actions": sorted(a["kind"] for a in case["actions_list"]), "moved": len(case["movements"])},
    "outcomes": sorted({str(r.outcome) for r in DevelopmentRow.select()}),
}, default=list))
"""


def test_stats_count_every_module_of_the_demo(demo_env):
    stats = json.loads(mutasi("stats", "--json", env=demo_env).stdout)
    assert {key: stats[key] for key in MODULE_COUNTS if not stats[key] > 0} == {}
    assert stats["consultations"] >= 2 and stats["surveys"] >= 6 and stats["users"] >= 10
    plain = mutasi("stats", env=demo_env).stdout
    assert f"pemeriksaan: {stats['investigations']}" in plain  # the labels of domain/labels.py


def test_each_module_of_the_demo_tells_its_story(demo_env):
    seen = json.loads(subprocess.run([sys.executable, "-c", READ_MODELS], cwd=ROOT, env=demo_env, check=True,
                                     capture_output=True, text=True, timeout=300).stdout)
    assert seen["consultations"] == ["closed", "open"]
    # answered, published and waiting for its response, waiting for moderation, hidden with a response
    assert {("published", True), ("published", False), ("submitted", False), ("hidden", True)} <= \
        {tuple(c) for c in seen["comments"]}
    assert seen["attached"] == 1  # the service feedback went to the officer's record
    assert seen["evaluations_done"] == [3, 6]
    assert seen["evaluations_overdue"] >= 1 and seen["evaluations_coming"] >= 1
    assert seen["survey_units"] >= 5 and seen["survey_periods"] == 3
    case = seen["case"]
    assert case["status"] == "open" and case["findings"] and case["moved"] >= 1
    assert set(case["actions"]) == {"pelatihan", "pembinaan"}
    assert {"tercapai", "sebagian", "None"} <= set(seen["outcomes"])
