"""Use cases on in-memory persistence: what is accepted, what is refused, and that a refusal
writes nothing."""
from __future__ import annotations

from datetime import date

import pytest

from domain.access import Actor, ForbiddenError
from domain.rules import ConflictError, DomainError, make_nip
from tests.factory import CLERK, HEAD_DINKES, HEAD_DISDIK, NURSE, PLANNER, TEACHER, build_small_city
from events.usecases import appraisal, employees, talent


@pytest.fixture
def city(app):
    build_small_city(app)
    return app


def events_in(app) -> int:
    return app.recorder.max_notification_id() or 0


def refused(app, call, match: str, error=DomainError):
    before = events_in(app)
    with pytest.raises(error, match=match):
        call()
    assert events_in(app) == before, "a refused command must not write an event"


def register(app, nip, born=date(1991, 2, 3), sex="L", golongan="III/a", position="PKM-PERAWAT"):
    employees.register_employee(app, PLANNER, position, nip=nip, name="Sarah Zebua", sex=sex, birth_date=born,
                          status="PNS", golongan=golongan, education_level="S1",
                          education_field="Keperawatan", education_family="kesehatan",
                          in_post_since=date(2021, 1, 1), cpns_date=date(2015, 1, 1))


def test_a_transfer_moves_the_asn_and_records_the_sk(city):
    employees.transfer(city, PLANNER, CLERK, "PKM-PERAWAT", "821/9/BKD/2025", date(2025, 3, 1), date(2025, 4, 1),
                  "mengisi kekurangan perawat")
    employee = city.employee(CLERK)
    assert employee.position_id == city.position("PKM-PERAWAT").id
    assert employee.in_post_since == date(2025, 4, 1)


def test_an_invalid_nip_is_refused_and_nothing_is_written(city):
    refused(city, lambda: register(city, "19910203"), "18 digit")
    nip = make_nip(date(1991, 2, 3), date(2015, 1, 1), "L", 9)
    refused(city, lambda: register(city, nip, born=date(1991, 2, 4)), "Tanggal lahir di NIP")


def test_an_unknown_golongan_is_refused(city):
    nip = make_nip(date(1991, 2, 3), date(2015, 1, 1), "L", 9)
    refused(city, lambda: register(city, nip, golongan="III/f"), "Golongan 'III/f' tidak dikenal")


def test_the_same_nip_cannot_be_registered_twice(city):
    refused(city, lambda: register(city, NURSE, born=date(1990, 5, 4), sex="P"), "sudah terdaftar",
            ConflictError)


def test_an_appraisal_for_a_closed_period_is_refused_but_a_correction_with_reason_is_an_event(city):
    appraisal.appraise(city, PLANNER, NURSE, "SKP 2025", "sesuai", "sesuai")
    appraisal.close_period(city, PLANNER, "SKP 2025")
    refused(city, lambda: appraisal.appraise(city, PLANNER, TEACHER, "SKP 2025", "sesuai", "sesuai"), "sudah ditutup")
    refused(city, lambda: appraisal.correct_appraisal(city, PLANNER, NURSE, "SKP 2025", "di_atas", "di_atas", ""),
            "Alasan koreksi wajib")
    appraisal.correct_appraisal(city, PLANNER, NURSE, "SKP 2025", "di_atas", "di_atas", "keberatan diterima")
    assert city.employee(NURSE).appraisals["SKP 2025"] == "Sangat Baik"


def test_re_rating_while_the_unit_is_a_draft_is_a_new_appraised_event(city):
    appraisal.appraise(city, PLANNER, NURSE, "SKP 2025", "sesuai", "sesuai")
    before = events_in(city)
    assert appraisal.appraise(city, PLANNER, NURSE, "SKP 2025", "di_atas", "di_atas", "melampaui target")
    assert events_in(city) == before + 1
    assert city.employee(NURSE).appraisals["SKP 2025"] == "Sangat Baik"


def test_the_same_rating_again_writes_nothing(city):
    appraisal.appraise(city, PLANNER, NURSE, "SKP 2025", "sesuai", "sesuai", "sesuai target")
    before = events_in(city)
    assert not appraisal.appraise(city, PLANNER, NURSE, "SKP 2025", "sesuai", "sesuai", "sesuai target")
    assert events_in(city) == before


def test_a_transfer_to_a_position_that_does_not_exist_is_refused(city):
    refused(city, lambda: employees.transfer(city, PLANNER, NURSE, "NO-SUCH-POST", "SK", date(2025, 1, 1),
                                        date(2025, 2, 1), "x"), "Jabatan NO-SUCH-POST tidak ditemukan")


def test_a_transfer_of_someone_who_has_retired_is_refused(city):
    employees.record_leaving(city, PLANNER, CLERK, date(2025, 8, 1), "BUP")
    refused(city, lambda: employees.transfer(city, PLANNER, CLERK, "PKM-PERAWAT", "SK", date(2025, 9, 1),
                                        date(2025, 9, 1), "x"), "sudah tidak aktif")


def test_a_transfer_without_sk_or_reason_is_refused(city):
    refused(city, lambda: employees.transfer(city, PLANNER, NURSE, "DINKES-PERAWAT", " ", date(2025, 1, 1),
                                        date(2025, 2, 1), "x"), "Nomor SK wajib")
    refused(city, lambda: employees.transfer(city, PLANNER, NURSE, "DINKES-PERAWAT", "SK 1", date(2025, 1, 1),
                                        date(2025, 2, 1), ""), "Alasan mutasi wajib")


def test_a_promotion_must_go_up_the_ladder(city):
    refused(city, lambda: employees.promote(city, PLANNER, NURSE, "III/a", date(2025, 4, 1), "SK"), "di atas III/b")
    employees.promote(city, PLANNER, NURSE, "III/c", date(2025, 4, 1), "823/1/BKD/2025")
    assert city.employee(NURSE).golongan == "III/c"


def test_a_stale_form_is_refused_with_a_conflict(city):
    version = city.employee(NURSE).version
    employees.promote(city, PLANNER, NURSE, "III/c", date(2025, 4, 1), "SK 1", expected_version=version)
    refused(city, lambda: employees.promote(city, PLANNER, NURSE, "III/d", date(2025, 4, 1), "SK 2",
                                       expected_version=version), "sudah diubah orang lain", ConflictError)


def test_roles_limit_who_may_change_records(city):
    inspector = Actor("ins", "inspektur")
    refused(city, lambda: employees.transfer(city, inspector, NURSE, "DINKES-PERAWAT", "SK", date(2025, 1, 1),
                                        date(2025, 2, 1), "x"), "tidak berwenang", ForbiddenError)


def test_a_unit_head_appraises_only_their_own_unit_and_its_sub_units(city):
    appraisal.appraise(city, HEAD_DINKES, NURSE, "SKP 2025", "sesuai", "di_atas")  # puskesmas under DINKES
    refused(city, lambda: appraisal.appraise(city, HEAD_DINKES, TEACHER, "SKP 2025", "sesuai", "sesuai"),
            f"NIP {TEACHER} tidak ditemukan di unit Anda")
    appraisal.appraise(city, HEAD_DISDIK, TEACHER, "SKP 2025", "sesuai", "sesuai")


def test_every_event_records_who_did_it(city):
    talent.assess_talent(city, Actor("tim", "tim_penilai"), NURSE, "2025", "di_atas", "tinggi")
    notifications = city.recorder.select_notifications(1, 100)
    last = city.mapper.to_domain_event(notifications[-1])
    assert (last.actor, last.role, last.box) == ("tim", "tim_penilai", 9)
