"""Who may pass the door of each route, written down: every rule of the Flask URL map × every
principal (anonymous and each role), against POLICY. A route added without a policy fails here.
And every state-changing route refuses a request without a valid CSRF token, writing nothing.

"Passing the door" means the route did not answer 403, nor send an anonymous visitor to the
login page: the use case behind it may still refuse (scope, state), which other tests cover.
"""
from __future__ import annotations

import json
import re
import uuid

import pytest

from domain.access import PERMISSIONS, ROLES, SYSTEM
from events.readside.readmodels import db
from events.usecases import accounts
from tests.factory import NURSE, build_small_city

PASSWORD = "kata-sandi-rahasia"
ANONYMOUS = "anonim"
EVERYONE = frozenset({ANONYMOUS, *ROLES})
LOGGED_IN = frozenset(ROLES)


def allowed(permission: str) -> frozenset:
    return frozenset(PERMISSIONS[permission])


POLICY = {
    # open to anyone: the public consultation, logging in and out, health, static files
    "static": EVERYONE, "operations.alive": EVERYONE, "operations.ready": EVERYONE,
    "auth.login": EVERYONE, "auth.logout": EVERYONE,
    "public.index": EVERYONE, "public.consultation": EVERYONE, "public.comment": EVERYONE,
    "public.feedback": EVERYONE,
    # every logged-in role; scope (a unit head's units) is checked by the use cases and queries
    "staffing.dashboard": LOGGED_IN, "staffing.city": LOGGED_IN, "staffing.unit": LOGGED_IN,
    "employees.index": LOGGED_IN, "employees.detail": LOGGED_IN, "employees.timeline": LOGGED_IN,
    "monitoring.index": LOGGED_IN, "monitoring.unit": LOGGED_IN, "evaluations.index": LOGGED_IN,
    "appraisal_admin.index": LOGGED_IN, "appraisals.sheet": LOGGED_IN, "appraisals.summary": LOGGED_IN,
    "approvals.index": LOGGED_IN, "approvals.show": LOGGED_IN,
    "approvals.evidence": LOGGED_IN - {"kepala_opd", "admin"},  # those who work on the file (dossier.py)
    "approvals.decree_pdf": LOGGED_IN, "approvals.act": LOGGED_IN, "approvals.propose": LOGGED_IN,
    # the position picker (GET): every role that proposes (Kepala OPD, BKD), plans or asks "Mengapa
    # tidak?" (view_plans) — together every role; a Kepala OPD's search stays in their units
    "approvals.pick_post": allowed("view_plans") | {"kepala_opd"},
    "talent.index": LOGGED_IN, "talent.box": LOGGED_IN, "talent.succession": LOGGED_IN,
    "talent.development": LOGGED_IN,
    # by permission (domain/access.py)
    "audit.index": allowed("audit"), "audit.event": allowed("audit"), "audit.export": allowed("audit"),
    "findings.index": allowed("findings"), "findings.examine": allowed("examine_findings"),
    "findings.export": allowed("findings"), "dossier.decision_pdf": allowed("audit"),
    "audit.verify_log": allowed("audit"), "audit.sign_checkpoint": allowed("audit"),
    "audit.register_key": allowed("countersign"), "audit.countersign": allowed("countersign"),
    "consultations.index": allowed("consult"), "consultations.open_consultation": allowed("consult"),
    "consultations.detail": allowed("consult"), "consultations.close": allowed("consult"),
    "consultations.act_on_comment": allowed("consult"), "consultations.feedback": allowed("consult"),
    "monitoring.record": allowed("record_surveys"), "monitoring.upload": allowed("record_surveys"),
    "monitoring.survey_template": allowed("record_surveys"),
    "evaluations.record": allowed("evaluate_moves"),
    "investigations.index": allowed("view_all_employees"),
    "investigations.detail": allowed("view_all_employees"), "investigations.act": allowed("investigate"),
    "appraisal_admin.open_period": allowed("manage_periods"), "appraisal_admin.close": allowed("manage_periods"),
    "appraisal_admin.return_unit": allowed("manage_periods"),
    "appraisal_admin.unit_predikat": allowed("manage_periods"),
    "appraisal_admin.progress": allowed("view_all_employees"),
    "appraisals.rate": allowed("appraise"), "appraisals.save_all": allowed("appraise"),
    "appraisals.submit": allowed("appraise"), "appraisals.import_file": allowed("appraise"),
    "approvals.execute_due": allowed("execute_moves"),
    "plans.index": allowed("view_plans"), "plans.detail": allowed("view_plans"),
    "plans.why_not": allowed("view_plans"), "plans.compare": allowed("view_plans"),
    "plans.review": allowed("view_plans"), "plans.bulk": allowed("view_plans"),
    "plans.export_xlsx": allowed("view_plans"),
    "plans.start": allowed("plan"), "plans.progress": allowed("plan"), "plans.edit": allowed("plan"),
    "plans.submit": allowed("plan"),
    "talent.plan_development": allowed("develop"), "talent.record_outcome": allowed("develop"),
    "talent.score": allowed("assess_talent"),
    "competence.assess": allowed("assess_competence"), "competence.import_file": allowed("assess_competence"),
    "competence.template": allowed("assess_competence"),
    "staffing.export": allowed("export_records"),
    "imports.index": allowed("import_records"), "imports.preview": allowed("import_records"),
    "imports.confirm": allowed("import_records"), "imports.template": allowed("import_records"),
    "imports.siasn_update_list": allowed("export_records"),
    "committee.index": allowed("view_committee"), "committee.show": allowed("view_committee"),
    "committee.new": allowed("convene"), "committee.roster": allowed("convene"),
    "committee.create": allowed("convene"), "committee.record_view": allowed("convene"),
    "committee.conclude": allowed("convene"), "committee.minutes": allowed("read_minutes"),
    "users.index": allowed("manage_users"), "users.create": allowed("manage_users"),
    "users.reset_password": allowed("manage_users"), "users.disable": allowed("manage_users"),
    "users.enable": allowed("manage_users"),
}

VALUES = {"nip": NURSE, "code": "DINKES", "period": "SKP 2025", "months": 3, "box": 5, "number": 1,
          "position": 1, "fmt": "csv", "sk_number": "821.2-1-BKD-2026", "item": "sk_cpns", "action": "terbitkan",
          "step": "buka", "job_id": "tidak-ada", "filename": "mutasi.css", "plan_id": str(uuid.UUID(int=7))}
UUID_ARGS = ("proposal_id", "consultation_id", "comment_id", "investigation_id", "session_id", "finding_id")
STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}


@pytest.fixture
def web(system):
    from webapp import create_app
    db.connect(reuse_if_open=True)
    build_small_city(system.app)
    for role in ROLES:
        accounts.add_user(system.app, SYSTEM, f"u.{role}", PASSWORD, role, "DINKES" if role == "kepala_opd" else None)
    db.close()
    return create_app(system, TESTING=True, WTF_CSRF_ENABLED=False)


def requests(app) -> list[tuple[str, str, str]]:
    """(endpoint, method, url) for every rule, logout last (it ends the principal's session)."""
    adapter = app.url_map.bind("localhost")
    found = []
    for rule in app.url_map.iter_rules():
        values = {name: VALUES.get(name, str(uuid.UUID(int=9)) if name in UUID_ARGS else "x")
                  for name in rule.arguments}
        url = adapter.build(rule.endpoint, values)
        found += [(rule.endpoint, method, url) for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return sorted(found, key=lambda r: r[0] == "auth.logout")


def refused(response) -> bool:
    location = response.headers.get("Location", "")
    return (response.status_code == 403 or (response.status_code == 302 and "/masuk?next=" in location)
            or "HX-Redirect" in response.headers and response.status_code == 401
            or response.status_code == 401 and 'id="session-ended"' in response.get_data(as_text=True))


def test_every_route_has_a_written_policy(web):
    assert {rule.endpoint for rule in web.url_map.iter_rules()} == set(POLICY)


def test_every_route_lets_in_exactly_the_principals_its_policy_names(web):
    passed: dict = {}
    for principal in sorted(EVERYONE):
        client = web.test_client()
        if principal != ANONYMOUS:
            assert client.post("/masuk", data={"username": f"u.{principal}", "password": PASSWORD}).status_code == 302
        for endpoint, method, url in requests(web):
            response = client.open(url, method=method)
            assert response.status_code < 500, (principal, method, url, response.status_code)
            if not refused(response):
                passed.setdefault((endpoint, method), set()).add(principal)
            response.close()
    wrong = {f"{method} {endpoint}": {"policy": sorted(POLICY[endpoint]), "passed": sorted(passed.get((endpoint, method), ()))}
             for endpoint, method, _ in requests(web) if passed.get((endpoint, method), set()) != POLICY[endpoint]}
    assert wrong == {}, json.dumps(wrong, indent=1)


def test_every_state_changing_route_refuses_a_request_without_a_valid_csrf_token(system):
    from webapp import create_app
    db.connect(reuse_if_open=True)
    build_small_city(system.app)
    accounts.add_user(system.app, SYSTEM, "u.admin", PASSWORD, "admin")
    db.close()
    app = create_app(system, TESTING=True)
    client = app.test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/masuk").get_data(as_text=True)).group(1)
    assert client.post("/masuk", data={"username": "u.admin", "password": PASSWORD, "csrf_token": token}).status_code == 302
    events = system.event_count()
    changing = [(e, m, u) for e, m, u in requests(app) if m in STATE_CHANGING]
    assert len(changing) >= 29
    for endpoint, method, url in changing:
        for headers, data in (({}, {}), ({"X-CSRFToken": "palsu"}, {"csrf_token": "palsu"})):
            response = client.open(url, method=method, data=data, headers=headers)
            assert response.status_code == 400 and "CSRF" in response.get_data(as_text=True), (endpoint, method)
    assert system.event_count() == events
    assert client.get("/audit/").status_code == 200  # still logged in: the refusals ended nothing
