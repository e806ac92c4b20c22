"""The facts the regulations look at, recorded by the aggregates, kept by the read models and mapped
into the planner's snapshot: a nurse is refused a doctor's post by the credential rule, through an
individual proposal's rule check and through a plan."""
from __future__ import annotations

from datetime import date

import pytest

from domain.access import Actor
from domain.rules import DomainError, make_ni_pppk, make_nip
from events.readside.readmodels import db
from events.readside.rule_checks import violations
from events.readside.snapshot import city_snapshot
from events.usecases import competence, employees, organisation, planning

PLANNER = Actor("rina.bkd", "perencana")
NURSE = make_nip(date(1990, 5, 4), date(2015, 3, 1), "P", 1)
NURSE_2 = make_nip(date(1991, 6, 5), date(2016, 3, 1), "P", 2)
PPPK_NURSE = make_ni_pppk(date(1993, 2, 3), 2023, 1, "P", 3)
AS_OF = date(2026, 3, 1)
STR_NURSE = {"type": "STR", "subject": "Perawat", "valid_until": date(2030, 1, 1)}


def health_post(app, code, name, jf, field, need, **more):
    organisation.create_position(
        app, PLANNER, "PKM", code=code, name=name, jabatan_type="fungsional_keahlian", eselon=None,
        level="ahli_pertama", band_low="III/a", band_high="III/b", education_families=("kesehatan",),
        track="kesehatan", abk_need=need, strategic=False, jf=jf, education_levels=("S1",),
        education_fields=(field,), **{"credential": {"type": "STR", "subject": jf}, **more})


def nurse(app, nip, born, status="PNS"):
    employees.register_employee(
        app, PLANNER, "PKM-PERAWAT", nip=nip, name="Rina Situmeang", sex="P", birth_date=born,
        status=status, golongan="III/b", education_level="S1", education_field="Keperawatan",
        education_family="kesehatan", in_post_since=date(2020, 1, 1), cpns_date=date(2015, 3, 1),
        jf="Perawat", jf_level="ahli_pertama", credentials=(STR_NURSE,))


def health_city(app) -> None:
    organisation.establish_unit(app, PLANNER, code="PKM", name="Puskesmas Sibolga Kota",
                                kind="puskesmas", parent_code=None, service_priority=1)
    health_post(app, "PKM-DOKTER", "Dokter Ahli Pertama", "Dokter", "Pendidikan Dokter", 2,
                competence=(("pelayanan klinis", "teknis", 3),))
    health_post(app, "PKM-PERAWAT", "Perawat Ahli Pertama", "Perawat", "Keperawatan", 1)
    nurse(app, NURSE, date(1990, 5, 4))
    nurse(app, NURSE_2, date(1991, 6, 5))


def test_a_post_band_that_contradicts_its_jenjang_is_refused(app):
    organisation.establish_unit(app, PLANNER, code="PKM", name="Puskesmas", kind="puskesmas",
                                parent_code=None, service_priority=1)
    before = app.recorder.max_notification_id()
    with pytest.raises(DomainError, match="bertentangan dengan jenjang Ahli Pertama"):
        organisation.create_position(
            app, PLANNER, "PKM", code="PKM-X", name="Perawat Ahli Pertama",
            jabatan_type="fungsional_keahlian", eselon=None, level="ahli_pertama", band_low="III/a",
            band_high="III/d", education_families=(), track="kesehatan", abk_need=1, strategic=False)
    with pytest.raises(DomainError, match="Jenis sertifikat"):
        health_post(app, "PKM-Y", "Perawat Ahli Pertama", "Perawat", "Keperawatan", 1,
                    credential={"type": "ijazah", "subject": "Perawat"})
    with pytest.raises(DomainError, match="paling banyak 100 karakter"):
        health_post(app, "PKM-Z", "Perawat Ahli Pertama", "Perawat", "Keperawatan", 1,
                    credential={"type": "STR", "subject": "P" * 101})
    assert app.recorder.max_notification_id() == before


def test_a_pppk_is_registered_under_a_ni_pppk_and_blocks_are_dated(app):
    health_city(app)
    nurse(app, PPPK_NURSE, date(1993, 2, 3), status="PPPK")
    with pytest.raises(DomainError, match="NI PPPK"):
        nurse(app, NURSE.replace(NURSE[:8], "19930203", 1), date(1993, 2, 3), status="PPPK")
    with pytest.raises(DomainError, match="tidak boleh sebelum"):
        employees.record_block(app, PLANNER, NURSE, "tugas_belajar", date(2026, 1, 1),
                               date(2025, 1, 1), "SK 1")
    with pytest.raises(DomainError, match="tidak dikenal"):
        employees.record_block(app, PLANNER, NURSE, "liburan", date(2026, 1, 1), None, "SK 1")


def test_the_read_models_carry_every_fact_into_the_snapshot(system):
    health_city(system.app)
    competence.assess_competence(system.app, PLANNER, NURSE, date(2025, 6, 1),
                                 {"integritas": 3, "pelayanan klinis": 2})
    employees.record_block(system.app, PLANNER, NURSE_2, "tugas_belajar", date(2026, 1, 1),
                           date(2027, 12, 31), "SK 800/12/BKD/2025")
    db.connect(reuse_if_open=True)
    system.catch_up()
    snapshot, _ = city_snapshot(AS_OF)
    people = {p.nip: p for p in snapshot.people}
    doctor = next(p for p in snapshot.posts if p.code == "PKM-DOKTER")
    assert (doctor.jf, doctor.education_levels, doctor.education_fields) == (
        "Dokter", ("S1",), ("Pendidikan Dokter",))
    assert (doctor.credential.type, doctor.credential.subject) == ("STR", "Dokter")
    assert doctor.competence == (("pelayanan klinis", "teknis", 3),)
    rina = people[NURSE]
    assert (rina.jf, rina.jf_level, rina.education_field) == ("Perawat", "ahli_pertama", "Keperawatan")
    assert [(c.subject, c.valid_until) for c in rina.credentials] == [("Perawat", date(2030, 1, 1))]
    assert rina.assessment.on == date(2025, 6, 1)
    assert rina.assessment.as_dict() == {"integritas": 3, "pelayanan klinis": 2}
    assert [(b.kind, b.end) for b in people[NURSE_2].blocks] == [("tugas_belajar", date(2027, 12, 31))]
    assert any("tugas belajar" in v for v in violations(NURSE_2, "PKM-DOKTER", AS_OF))


def test_a_nurse_is_refused_a_doctor_post_by_the_credential_rule(system):
    health_city(system.app)
    db.connect(reuse_if_open=True)
    system.catch_up()
    refusal = "Jabatan ini mensyaratkan STR (Surat Tanda Registrasi) Dokter: tidak dimiliki (UU 17/2023)"
    found = violations(NURSE, "PKM-DOKTER", AS_OF)
    assert refusal in found
    assert any("Bidang pendidikan 'Keperawatan'" in v for v in found)
    plan_id = planning.draft_from_views(system.app, PLANNER, "Uji", {})
    plan = planning.get_plan(system.app, plan_id)
    assert not [line for line in plan["lines"] if line["to_post"] == "PKM-DOKTER"]
    answer = planning.ask_why_not(system.app, PLANNER, plan_id, NURSE, "PKM-DOKTER")
    assert not answer["allowed"] and refusal in answer["rules"]


def test_a_vacant_post_gets_a_named_plt_shown_while_it_is_vacant(system):
    """Position.appoint_acting through the use case: an active PNS who keeps their own post; the
    export's `acting` and the unit page carry the Plt only while nobody holds the post."""
    from events.readside.exports import position_records
    from events.readside.queries import get_unit
    health_city(system.app)
    health_post(system.app, "PKM-APOTEKER", "Apoteker Ahli Pertama", "Apoteker", "Profesi Apoteker", 1)
    nurse(system.app, PPPK_NURSE, date(1993, 2, 3), status="PPPK")
    with pytest.raises(DomainError, match="bukan PPPK"):
        organisation.appoint_acting(system.app, PLANNER, "PKM-APOTEKER", PPPK_NURSE, date(2026, 1, 5),
                                    "800/1/Plt/2026")
    with pytest.raises(DomainError, match="sekaligus menjadi Plt"):
        organisation.appoint_acting(system.app, PLANNER, "PKM-PERAWAT", NURSE, date(2026, 1, 5), "800/1/Plt/2026")
    with pytest.raises(DomainError, match="tidak ditemukan"):
        organisation.appoint_acting(system.app, PLANNER, "PKM-APOTEKER", "199001012015031999",
                                    date(2026, 1, 5), "800/1/Plt/2026")
    organisation.appoint_acting(system.app, PLANNER, "PKM-APOTEKER", NURSE, date(2026, 1, 5), "800/1/Plt/2026")
    system.catch_up()
    acting = {r["code"]: r["acting"] for r in position_records()}
    assert acting["PKM-APOTEKER"] == NURSE and acting["PKM-PERAWAT"] is None
    plt = {p["code"]: p["plt"] for p in get_unit("PKM")["positions"]}
    assert plt["PKM-APOTEKER"]["nip"] == NURSE and plt["PKM-DOKTER"] is None
    employees.register_employee(  # the post is filled: the Plt's task is over
        system.app, PLANNER, "PKM-APOTEKER", nip=make_nip(date(1992, 1, 2), date(2018, 3, 1), "L", 4),
        name="Daniel Hutapea", sex="L", birth_date=date(1992, 1, 2), status="PNS", golongan="III/a",
        education_level="S1", education_field="Profesi Apoteker", education_family="kesehatan",
        in_post_since=date(2026, 2, 1), cpns_date=date(2018, 3, 1))
    system.catch_up()
    assert {r["code"]: r["acting"] for r in position_records()}["PKM-APOTEKER"] is None


def test_a_pppk_has_golongan_i_to_xvii_and_may_be_part_time(app):
    health_city(app)
    common = dict(name="Sarma Gultom", sex="P", birth_date=date(1993, 2, 3), education_level="S1",
                  education_field="Keperawatan", education_family="kesehatan",
                  in_post_since=date(2025, 10, 1), cpns_date=date(2025, 10, 1))
    with pytest.raises(DomainError, match="hanya untuk PPPK"):
        employees.register_employee(app, PLANNER, "PKM-PERAWAT", nip=make_nip(date(1993, 2, 3), date(2025, 10, 1), "P", 5),
                                    status="PNS", golongan="IX", **common)
    with pytest.raises(DomainError, match="Hanya PPPK"):
        employees.register_employee(app, PLANNER, "PKM-PERAWAT", nip=make_nip(date(1993, 2, 3), date(2025, 10, 1), "P", 5),
                                    status="PNS", golongan="III/a", part_time=True, **common)
    with pytest.raises(DomainError, match="I–XVII"):
        employees.register_employee(app, PLANNER, "PKM-PERAWAT", nip=make_ni_pppk(date(1993, 2, 3), 2025, 1, "P", 6),
                                    status="PPPK", golongan="XVIII", **common)
    employees.register_employee(app, PLANNER, "PKM-PERAWAT", nip=make_ni_pppk(date(1993, 2, 3), 2025, 1, "P", 6),
                                status="PPPK", golongan="IX", part_time=True, **common)
    person = app.employee(make_ni_pppk(date(1993, 2, 3), 2025, 1, "P", 6))
    assert (person.golongan, person.part_time) == ("IX", True)
