"""The `mutasi` command line on the demo city: figures, projections, accounts, bad input."""
from __future__ import annotations

import json

from conftest import mutasi


def test_stats_and_units_report_the_demo_city(demo_env):
    stats = json.loads(mutasi("stats", "--json", env=demo_env).stdout)
    assert stats["employees"] > 2500 and stats["units"] >= 70 and stats["events"] > stats["employees"]
    units = {u["code"]: u for u in json.loads(mutasi("units", "--json", env=demo_env).stdout)}
    assert {"SETDA", "BKD", "DINKES", "DISDIK", "RSUD"} <= set(units)
    assert units["RSUD"]["actual"] < units["RSUD"]["need"]  # too few nurses and doctors
    assert sum(u["actual"] for u in units.values()) == stats["employees"]


def test_a_rebuild_from_scratch_gives_the_same_checksum(demo_env):
    before = mutasi("projections", "checksum", env=demo_env).stdout.strip()
    rebuilt = json.loads(mutasi("projections", "rebuild", env=demo_env).stdout)
    assert rebuilt["events"] == json.loads(mutasi("stats", "--json", env=demo_env).stdout)["events"]
    assert mutasi("projections", "checksum", env=demo_env).stdout.strip() == before
    assert len(before) == 64


def test_an_administrator_adds_a_user_with_the_password_from_stdin(demo_env):
    result = mutasi("users", "add", "siti.kes", "--role", "kepala_opd", "--unit", "DINKES",
                    env=demo_env, stdin="rahasia-panjang-sekali\n")
    assert "Akun siti.kes (Kepala OPD) dibuat" in result.stdout
    again = mutasi("users", "add", "siti.kes", "--role", "perencana", env=demo_env,
                   stdin="rahasia-panjang-sekali\n", check=False)
    assert again.returncode == 1 and "sudah ada" in again.stderr


def test_bad_arguments_get_clear_errors_and_change_nothing(demo_env):
    events = json.loads(mutasi("stats", "--json", env=demo_env).stdout)["events"]
    cases = [
        (("users", "add", "budi", "--role", "raja"), "rahasia-panjang-sekali", "Peran 'raja' tidak dikenal"),
        (("users", "add", "budi", "--role", "perencana"), "pendek", "minimal 12 karakter"),
        (("users", "add", "budi", "--role", "perencana"), "password1234", "terlalu mudah ditebak"),
        (("users", "add", "budi", "--role", "perencana"), "sibolga-demo-2026", "hanya berlaku untuk akun demo"),
        (("users", "add", "budi", "--role", "kepala_opd", "--unit", "NOPE"), "rahasia-panjang-sekali",
         "unit yang terdaftar"),
        (("demo",), None, "sudah berisi kejadian"),
        (("demo", "--scale", "0"), None, "Invalid value for '--scale'"),
    ]
    for args, stdin, message in cases:
        result = mutasi(*args, env=demo_env, stdin=stdin, check=False)
        assert result.returncode != 0 and message in result.stderr, (args, result.stderr)
    assert json.loads(mutasi("stats", "--json", env=demo_env).stdout)["events"] == events


def test_a_plain_problem_file_is_solved_to_its_optimum(tmp_path, demo_env):
    problem = {
        "employees": [{"id": "e1", "current": "p1"}, {"id": "e2", "current": None}],
        "positions": [{"id": "p1", "unit": "u1", "capacity": 1}, {"id": "p2", "unit": "u1", "capacity": 1}],
        "units": [{"id": "u1", "budget": 10}],
        "pairs": [{"employee": "e1", "position": "p1", "score": 5, "cost": 4},
                  {"employee": "e1", "position": "p2", "score": 7, "cost": 4},
                  {"employee": "e2", "position": "p1", "score": 9, "cost": 6},
                  {"employee": "e2", "position": "p2", "score": 1, "cost": 6}],
        "max_moves": 0}
    path = tmp_path / "problem.json"
    path.write_text(json.dumps(problem))
    result = json.loads(mutasi("plan", "--problem", str(path), "--json", env=demo_env).stdout)
    # e1 may not move (max_moves 0), so e2 takes p2: 5 + 1
    assert result["status"] == "optimal" and result["objective"] == 6
    assert result["assignment"] == {"e1": "p1", "e2": "p2"}
    path.write_text('{"employees": [{"id": "e1"}], "positions": [], "units": [], "pairs": [{"employee": "e1", "position": "zz", "score": 1}]}')
    refused = mutasi("plan", "--problem", str(path), "--json", env=demo_env, check=False)
    assert refused.returncode == 1 and "zz" in refused.stderr


def test_the_city_plan_from_the_command_line_is_recorded_as_a_draft(demo_env):
    before = json.loads(mutasi("stats", "--json", env=demo_env).stdout)["events"]
    result = json.loads(mutasi("plan", "--max-moves", "10", "--json", env=demo_env).stdout)
    assert result["status"] == "optimal" and len(result["lines"]) == 10 and result["moves"] == 10
    assert set(result["lines"][0]) >= {"nip", "name", "from_post", "to_post", "score"}
    assert json.loads(mutasi("stats", "--json", env=demo_env).stdout)["events"] == before + 1
    bad = mutasi("plan", "--max-moves", "-1", "--json", env=demo_env, check=False)
    assert bad.returncode == 2 and "Invalid value" in bad.stderr


def test_sk_cert_prints_the_certificate_that_signed_the_demo_sk(demo_env, tmp_path):
    from pathlib import Path

    from cryptography import x509

    from domain.access import Actor
    from events.store import Storage
    from events.system import System
    from events.usecases import decrees
    from tests.test_decree import signature_status
    shown = mutasi("sk-cert", env=demo_env)
    assert shown.stdout.startswith("-----BEGIN CERTIFICATE-----")
    certificate = x509.load_pem_x509_certificate(shown.stdout.encode())
    assert "Mutasi (uji/instalasi)" in certificate.subject.rfc4514_string() and "SHA-256: " in shown.stderr
    (tmp_path / "sk-cert.pem").write_text(shown.stdout)
    system = System(Storage(Path(demo_env["MUTASI_DATA_DIR"])))
    try:
        signed, _ = decrees.decree_document(system.app, Actor("inspektur", "inspektur"), "821.2/301/BKD/2026")
    finally:
        system.close()
    status = signature_status(signed, tmp_path / "sk-cert.pem")
    assert status.bottom_line and status.signer_reported_dt is not None
    assert system.app.decree_signer.fingerprint() in shown.stderr


def test_the_proposals_export_shows_every_step_as_bkd_works(demo_env):
    proposals = json.loads(mutasi("proposals", "--json", env=demo_env).stdout)
    states = {p["state"] for p in proposals}
    assert {"open", "approved", "executed", "rejected", "withdrawn", "returned"} <= states
    steps = [s for p in proposals for s in p["steps"]]
    roles = {s["step"]: s["role"] for s in steps}
    assert (roles["verified"], roles["forwarded"], roles["recommended"], roles["decided"], roles["decreed"],
            roles["spmt"]) == ("verifikator", "kepala_bkd", "tim_penilai", "ppk", "kepala_bkd", "verifikator")
    against = [s for s in steps if s["step"] == "decided" and s["against_recommendation"]]
    assert against and all(s["reason"] for s in against) and against[0]["outcome"] == "disetujui"
    assert not any(s["role"] == "admin" for s in steps)
    executed = json.loads(mutasi("proposals", "--state", "executed", "--json", env=demo_env).stdout)
    assert executed and {p["state"] for p in executed} == {"executed"}
    assert [s["step"] for s in executed[0]["steps"]][-3:] == ["decreed", "spmt", "executed"]


def test_a_new_draft_leaves_out_everyone_whose_move_is_still_open(demo_env):
    open_nips = {p["nip"] for p in json.loads(mutasi("proposals", "--json", env=demo_env).stdout)
                 if p["state"] in ("open", "approved", "decreed", "returned")}
    assert open_nips
    plan = json.loads(mutasi("plan", "--max-moves", "200", "--json", env=demo_env).stdout)
    assert plan["lines"] and not open_nips & {line["nip"] for line in plan["lines"]}
