"""A tiny city for use-case and projection tests: two units, three positions, three ASN."""
from __future__ import annotations

from datetime import date

from domain.access import Actor
from domain.rules import make_nip
from events.usecases import appraisal, employees, organisation

PLANNER = Actor("rina.bkd", "perencana")
HEAD_DINKES = Actor("kadis.kes", "kepala_opd", "DINKES")
HEAD_DISDIK = Actor("kadis.dik", "kepala_opd", "DISDIK")

NURSE = make_nip(date(1990, 5, 4), date(2015, 3, 1), "P", 1)
TEACHER = make_nip(date(1985, 1, 20), date(2010, 1, 1), "L", 2)
CLERK = make_nip(date(1970, 7, 9), date(1995, 4, 1), "L", 3)


def position(app, code, unit, name, need, families=("kesehatan",), band=("III/a", "III/d")):
    organisation.create_position(app, PLANNER, unit, code=code, name=name, jabatan_type="fungsional_keahlian",
                        eselon=None, level="ahli_pertama", band_low=band[0], band_high=band[1],
                        education_families=families, track=families[0] if families else "umum",
                        abk_need=need, strategic=False)


def person(app, nip, name, sex, born, position_code, golongan="III/b", family="kesehatan"):
    employees.register_employee(app, PLANNER, position_code, nip=nip, name=name, sex=sex, birth_date=born,
                          status="PNS", golongan=golongan, education_level="S1",
                          education_field="Keperawatan", education_family=family,
                          in_post_since=date(2020, 1, 1), cpns_date=date(2010, 1, 1))


def build_small_city(app) -> None:
    organisation.establish_unit(app, PLANNER, code="DINKES", name="Dinas Kesehatan", kind="dinas", parent_code=None,
                       service_priority=1)
    organisation.establish_unit(app, PLANNER, code="PKM-SBK", name="Puskesmas Sibolga Kota", kind="puskesmas",
                       parent_code="DINKES", service_priority=1)
    organisation.establish_unit(app, PLANNER, code="DISDIK", name="Dinas Pendidikan", kind="dinas", parent_code=None,
                       service_priority=1)
    position(app, "PKM-PERAWAT", "PKM-SBK", "Perawat Ahli Pertama", 3)
    position(app, "DINKES-PERAWAT", "DINKES", "Perawat Ahli Pertama", 1)
    position(app, "DISDIK-GURU", "DISDIK", "Guru Ahli Pertama", 2, families=("pendidikan",))
    person(app, NURSE, "Rina Situmeang", "P", date(1990, 5, 4), "PKM-PERAWAT")
    person(app, TEACHER, "Budi Hutagalung", "L", date(1985, 1, 20), "DISDIK-GURU", family="pendidikan")
    person(app, CLERK, "Ahmad Nasution", "L", date(1970, 7, 9), "DINKES-PERAWAT")
    appraisal.open_period(app, PLANNER, "SKP 2025", 2025, date(2025, 1, 1), date(2025, 12, 31))
