"""The synthetic Kota Sibolga (events/demo_city.py): deterministic, valid and realistic enough."""
from collections import Counter

import pytest

from domain.rules import GOLONGAN_CODES, in_band, retirement_age, validate_nip
from events.demo.city import HISTORY_END, HISTORY_START
from events.demo.history import build_city
from events.demo.names import KECAMATAN


@pytest.fixture(scope="module")
def city():
    return build_city()


def test_same_scale_and_seed_give_identical_city(city):
    assert build_city() == city
    assert build_city(seed=7).people != city.people


def test_every_nip_validates_and_is_unique(city):
    for p in city.people:
        assert validate_nip(p.nip, p.birth_date, p.sex) == p.nip
    assert len({p.nip for p in city.people}) == len(city.people)


def test_people_have_known_golongan_and_realistic_ages(city):
    assert all(p.golongan in GOLONGAN_CODES for p in city.people)
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
               if p.unit_code.startswith("KEL-") and p.name == "Pengadministrasi Umum")


def test_scale_two_doubles_the_city_with_fresh_nips(city):
    double = build_city(scale=2)
    assert len(double.people) == 2 * len(city.people)
    assert len(double.units) == 2 * len(city.units)
    assert len({p.nip for p in double.people}) == len(double.people)
    copies = [u for u in double.units if u.code.endswith("-2")]
    assert len(copies) == len(city.units)
    assert all(u.parent_code is None or u.parent_code.endswith("-2") for u in copies)
    assert double.people[:len(city.people)] == city.people
