"""The synthetic Kota Sibolga (events/demo_city.py): deterministic, valid and realistic enough."""
import os
from collections import Counter

import pytest

from conftest import mutasi
from tests import demo_plan_checks

from domain.rules import (GOLONGAN_CODES, PPPK_GOLONGAN, in_band, parse_ni_pppk, retirement_age,
                          validate_identifier)
from events.demo import names as t
from events.demo.city import HISTORY_END, HISTORY_START
from events.demo.facts import PROFESSIONS, person_credentials, post_facts
from events.demo.history import build_city
from events.demo.names import KECAMATAN


@pytest.fixture(scope="module")
def city():
    return build_city()


def test_same_scale_and_seed_give_identical_city(city):
    assert build_city() == city
    assert build_city(seed=7).people != city.people


def test_every_nip_validates_and_is_unique(city):
    for p in city.people:  # a PNS's NIP, a PPPK's NI PPPK, each checked as its own format
        assert validate_identifier(p.nip, p.status, p.birth_date, p.sex, p.cpns_date) == p.nip
    assert len({p.nip for p in city.people}) == len(city.people)


def test_people_have_known_golongan_and_realistic_ages(city):
    assert all(p.golongan in (PPPK_GOLONGAN if p.status == "PPPK" else GOLONGAN_CODES)
               for p in city.people)
    ages = [(HISTORY_START - p.birth_date).days // 365 for p in city.people]
    assert 22 <= min(ages) and max(ages) <= 60
    assert 2_500 <= len(city.people) <= 4_000


def test_nobody_is_past_retirement_age_at_history_start(city):
    positions = {p.code: p for p in city.positions}
    for person in city.people:
        pos = positions[person.position_code]
        level = pos.level.removeprefix("ahli_") if pos.level else None
        bup = retirement_age(pos.jabatan_type, level)
        assert person.birth_date.replace(year=person.birth_date.year + bup) > HISTORY_START


def test_units_and_positions_reference_each_other(city):
    units = {u.code for u in city.units}
    assert len(units) == len(city.units)
    assert all(u.parent_code is None or u.parent_code in units for u in city.units)
    assert len({p.code for p in city.positions}) == len(city.positions)
    assert all(p.unit_code in units for p in city.positions)
    codes = {p.code for p in city.positions}
    assert all(p.position_code in codes for p in city.people)


def test_units_follow_the_real_city(city):
    by_code = {u.code: u for u in city.units}
    for code in ("SETDA", "BKD", "BPKPD", "DINKES", "RSUD", "DISDIK", "INSP", "SETWAN"):
        assert code in by_code
    kelurahan = [u for u in city.units if u.kind == "kelurahan"]
    assert len([u for u in city.units if u.kind == "kecamatan"]) == 4 and len(kelurahan) == 17
    assert {u.name.removeprefix("Kelurahan ") for u in kelurahan} == \
        {k for _, _, ks in KECAMATAN for k in ks}
    assert all(by_code[u.parent_code].kind == "kecamatan" for u in kelurahan)
    assert sum(u.kind == "puskesmas" and u.parent_code == "DINKES" for u in city.units) == 5
    assert any(p.name == "Kepala Bidang Anggaran" and p.strategic for p in city.positions)


def test_steps_are_sorted_and_inside_the_window(city):
    dates = [s.on for s in city.steps]
    assert dates == sorted(dates)
    assert HISTORY_START <= dates[0] and dates[-1] <= HISTORY_END


def _replay(city):
    """Yields (step, golongan before the step) for every person step, in order."""
    golongan = {p.nip: p.golongan for p in city.people}
    for step in city.steps:
        if step.nip:
            yield step, golongan[step.nip]
            if step.kind == "promotion":
                golongan[step.nip] = step.data["golongan"]


def test_transfers_target_existing_posts_that_admit_the_person(city):
    positions = {p.code: p for p in city.positions}
    people = {p.nip: p for p in city.people}
    transfers = 0
    for step, golongan in _replay(city):
        if step.kind != "transfer":
            continue
        transfers += 1
        target = positions[step.data["to_position"]]
        assert in_band(golongan, target.band_low, target.band_high)
        families = target.education_families
        assert not families or people[step.nip].education_family in families
        assert step.data["sk_date"] < step.data["tmt"] == step.on
    assert transfers > 50


def test_promotions_go_one_step_up_and_not_past_iv_e(city):
    for step, golongan in _replay(city):
        if step.kind == "promotion":
            assert GOLONGAN_CODES.index(step.data["golongan"]) == GOLONGAN_CODES.index(golongan) + 1


def test_no_step_after_retirement(city):
    retired = {}
    for step in city.steps:
        if step.nip:
            assert step.nip not in retired
            if step.kind == "retirement":
                retired[step.nip] = step.on
    assert retired and set(Counter(s.data["reason"] for s in city.steps
                                   if s.kind == "retirement")) <= \
        {"BUP", "atas permintaan sendiri", "meninggal dunia"}


def test_appraisals_only_in_open_periods_once_per_person(city):
    open_periods, seen, appraised = set(), set(), set()
    for step in city.steps:
        if step.kind == "open_period":
            open_periods.add(step.data["period"])
        elif step.kind == "close_period":
            open_periods.discard(step.data["period"])
        elif step.kind == "appraisal":
            assert step.data["period"] in open_periods
            key = (step.nip, step.data["period"])
            assert key not in seen
            seen.add(key)
        elif step.kind == "talent":
            assert (step.nip, step.data["period"]) in seen
            appraised.add(step.nip)
    assert open_periods == {"SKP 2026"}
    assert len(seen) > 2 * len(city.people)


def test_end_of_history_shows_shortages_and_surpluses(city):
    staff = city.bezetting()

    def need_and_staff(match):
        chosen = [p for p in city.positions if match(p)]
        return sum(p.abk_need for p in chosen), sum(staff[p.code] for p in chosen)

    for prefix in ("Perawat", "Guru", "Dokter"):
        need, have = need_and_staff(lambda p: p.name.startswith(prefix))
        assert have < need, prefix
    need, have = need_and_staff(lambda p: p.code == "SETDA-PENGADM-UMUM")
    assert have > need
    assert any(staff[p.code] < p.abk_need for p in city.positions
               if p.unit_code.startswith("KEL-") and p.name == t.PENGADM)


def test_scale_two_doubles_the_city_with_fresh_nips(city):
    double = build_city(scale=2)
    assert len(double.people) == 2 * len(city.people)
    assert len(double.units) == 2 * len(city.units)
    assert len({p.nip for p in double.people}) == len(double.people)
    copies = [u for u in double.units if u.code.endswith("-2")]
    assert len(copies) == len(city.units)
    assert all(u.parent_code is None or u.parent_code.endswith("-2") for u in copies)
    assert double.people[:len(city.people)] == city.people


# --- a city a BKD officer recognises (DOMAIN.md "Kota Sibolga") --------------------------------------
def _share(people, match) -> float:
    return sum(1 for p in people if match(p)) / len(people)


def _age(p) -> int:
    return HISTORY_END.year - p.birth_date.year - \
        ((HISTORY_END.month, HISTORY_END.day) < (p.birth_date.month, p.birth_date.day))


def test_the_workforce_is_shaped_like_the_national_pns_figures(city):
    """BKN 2023: aged 51+ about 34%, 41-50 about 33%; D4/S1/S2/S3 about 69%, SD-SMA about 15%;
    slightly more women than men."""
    staying = city.placements()
    pns = [p for p in city.people if p.nip in staying and p.status == "PNS"]
    bands = Counter("<=30" if _age(p) <= 30 else "31-40" if _age(p) <= 40 else
                    "41-50" if _age(p) <= 50 else "51+" for p in pns)
    levels = Counter(p.education_level for p in pns)
    print("\nPNS at the end of the history:", len(pns))
    print("  age:", {k: f"{100 * bands[k] / len(pns):.0f}%" for k in ("<=30", "31-40", "41-50", "51+")})
    print("  education:", {k: f"{100 * v / len(pns):.0f}%" for k, v in sorted(levels.items())})
    print("  women:", f"{100 * _share(pns, lambda p: p.sex == 'P'):.0f}%")
    assert 0.28 <= bands["51+"] / len(pns) <= 0.40 and 0.28 <= bands["41-50"] / len(pns) <= 0.40
    assert 0.62 <= _share(pns, lambda p: p.education_level in ("D4", "S1", "S2", "S3")) <= 0.76
    assert 0.10 <= _share(pns, lambda p: p.education_level in ("SD", "SMP", "SMA")) <= 0.20
    assert 0.5 < _share(pns, lambda p: p.sex == "P") < 0.6


def test_several_dozen_sd_negeri_and_ten_smp_with_their_teachers(city):
    schools = [u for u in city.units if u.kind == "sekolah"]
    sd = [u for u in schools if u.name.startswith("SD Negeri")]
    assert len(sd) >= 40 and sum(u.name.startswith("SMP Negeri") for u in schools) == 10
    by_unit: dict = {}
    for p in city.positions:
        by_unit.setdefault(p.unit_code, []).append(p)
    for school in schools:
        names = {p.name for p in by_unit[school.code]}
        teachers = t.SD_TEACHERS if school in sd else t.SMP_TEACHERS
        assert {"Kepala Sekolah", *(name for _, name, *_ in teachers)} <= names
    posts = {p.code: p for p in city.positions}
    teachers = [p for p in city.people if posts[p.position_code].name in t.TEACHER_SUBJECT]
    certified = 0
    for person in teachers:  # a subject teacher's degree fits the subject; the sertifikat names it
        post = posts[person.position_code]
        assert person.education_field in post.education_fields
        required = post_facts(post)["credential"]
        assert required == {"type": "sertifikat_pendidik", "subject": t.TEACHER_SUBJECT[post.name]}
        held = person_credentials(person, post, person.cpns_date)
        assert all(c["subject"] == required["subject"] for c in held)
        certified += bool(held)
    assert 0.6 < certified / len(teachers) < 0.9


def test_pelaksana_posts_carry_the_titles_of_permenpanrb_45_2022(city):
    pelaksana = [p for p in city.positions if p.jabatan_type == "pelaksana"]
    assert {p.name for p in pelaksana} == set(t.PELAKSANA_EDUCATION)
    assert not any(p.name.startswith(("Pengadministrasi Umum", "Pengemudi", "Pengolah Data"))
                   for p in city.positions)


def test_pppk_teknis_and_paruh_waktu_have_a_ni_pppk_and_golongan_i_to_xvii(city):
    posts = {p.code: p for p in city.positions}
    pppk = [p for p in city.people if p.status == "PPPK"]
    assert all(p.golongan in PPPK_GOLONGAN for p in pppk)
    assert all(parse_ni_pppk(p.nip).appointment_year == p.cpns_date.year for p in pppk)
    teknis = [p for p in pppk if posts[p.position_code].jabatan_type == "pelaksana" and not p.part_time]
    part_time = [p for p in pppk if p.part_time]
    assert teknis and part_time and not any(p.part_time for p in city.people if p.status == "PNS")
    assert {p.golongan for p in pppk} >= {"V", "VII", "IX"}  # SMA, D3, S1 (Perpres 98/2020)


def test_health_staff_have_the_degree_and_the_str_of_their_profession(city):
    posts = {p.code: p for p in city.positions}
    checked = 0
    for person in city.people:
        post = posts[person.position_code]
        required = post_facts(post)["credential"]
        if not required or required["type"] != "STR":
            continue
        checked += 1
        assert person.education_field in PROFESSIONS[required["subject"]], (person, post.name)
        held = person_credentials(person, post, person.cpns_date)
        if required["subject"] != "Bidan" or person.sex == "P":
            assert held == ({"type": "STR", "subject": required["subject"], "valid_until": None},)
        assert post_facts(post)["education_levels"] == \
            (("S2",) if "Spesialis" in post.name else ("D3",) if post.level == "terampil" else ("S1",))
    assert checked > 300


def test_every_top_post_is_held_or_has_a_named_plt(city):
    """JPT, kepala OPD, camat, lurah, kepala sekolah, kepala puskesmas: every structural post and
    every principal's post vacant at the end of the history has a Plt who is still employed."""
    staff, where = city.bezetting(), city.placements()
    acting = {s.data["position"]: s for s in city.steps if s.kind == "acting"}
    top = [p for p in city.positions if p.eselon or p.name == "Kepala Sekolah"]
    vacant = [p for p in top if not staff[p.code]]
    assert vacant and {p.code for p in vacant} <= set(acting)
    for post in vacant:
        step = acting[post.code]
        assert step.nip in where and where[step.nip] != post.code
        assert step.on <= HISTORY_END and step.data["sk_number"]
    assert staff["SETDA-SEKDA"] or "SETDA-SEKDA" in acting


# --- the loaded demo: its exports and a plan on it, checked as a BKD officer would -------------------
@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """A demo city of its own: drafting a plan records events the shared demo must not see."""
    env = {**os.environ, "MUTASI_DATA_DIR": str(tmp_path_factory.mktemp("demo-plan"))}
    env.pop("MUTASI_DATABASE_URL", None)
    mutasi("demo", env=env)
    return env


def test_a_plan_on_the_demo_city_looks_right_to_a_bkd_officer(loaded):
    """No line changes a JF, breaks a credential or a degree, takes a principal or a unit's last
    holder, or moves someone from a post at/below need to a post that is not more urgent."""
    people, posts, plan = demo_plan_checks.load(loaded)
    found = demo_plan_checks.problems(people, posts, plan["lines"])
    print(f"\nplan: {len(plan['lines'])} lines, shortage {plan['shortage_before']} -> "
          f"{plan['shortage_after']}, refused by the checks: { {k: len(v) for k, v in found.items()} }")
    assert len(plan["lines"]) > 50 and found == {}
    assert plan["shortage_after"] < plan["shortage_before"]
    assert {line["to_post"] for line in plan["lines"]} <= {p["code"] for p in posts}


def test_the_exports_carry_the_plt_the_pppk_and_the_credentials(loaded):
    people = demo_plan_checks._jsonl("export", "employees", "--format", "jsonl", env=loaded)
    posts = demo_plan_checks._jsonl("export", "positions", "--format", "jsonl", env=loaded)
    active = {p["nip"] for p in people}
    top = [p for p in posts if p["eselon"] or p["name"] == "Kepala Sekolah"]
    vacant = [p for p in top if p["holders"] == 0]
    assert vacant and all(p["acting"] in active for p in vacant)  # a named Plt, still employed
    assert all(p["acting"] is None for p in posts if p["holders"])
    pppk = [p for p in people if p["status"] == "PPPK"]
    assert pppk and all(p["golongan"] in PPPK_GOLONGAN for p in pppk)
    subjects = {p["code"]: p["credential"] for p in posts if p["jf"] == "Guru" and p["credential"]}
    teachers = [p for p in people if p["position"] in subjects]
    assert all(c["subject"] == subjects[p["position"]]["subject"]
               for p in teachers for c in p["credentials"])
    assert sum(bool(p["credentials"]) for p in teachers) > len(teachers) / 2
    assert any(p["blocked_until"] for p in people)
    officials = [p for p in people if p["position"] in {q["code"] for q in posts if q["eselon"]}]
    assert sum(p["jpm"] is not None for p in officials) > 0.8 * len(officials)
