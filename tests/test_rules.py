"""The DOMAIN.md tables, cell by cell, and the NIP rule."""
from __future__ import annotations

from datetime import date

import pytest

from domain.rules import (DomainError, Settings, add_months, golongan_rank, in_band, make_nip,
                          months_between, nine_box, parse_nip, predikat, validate_nip)

PREDIKAT_TABLE = """
di_atas   di_bawah Kurang
di_atas   sesuai   Baik
di_atas   di_atas  Sangat Baik
sesuai    di_bawah Kurang
sesuai    sesuai   Baik
sesuai    di_atas  Baik
di_bawah  di_bawah Sangat Kurang
di_bawah  sesuai   Butuh Perbaikan
di_bawah  di_atas  Butuh Perbaikan
"""


@pytest.mark.parametrize("hasil,perilaku,expected",
                         [line.split(None, 2) for line in PREDIKAT_TABLE.strip().splitlines()])
def test_predikat_follows_the_permenpanrb_6_2022_matrix(hasil, perilaku, expected):
    assert predikat(hasil, perilaku) == expected


@pytest.mark.parametrize("kinerja,potensial,box", [
    ("di_atas", "rendah", 4), ("di_atas", "menengah", 7), ("di_atas", "tinggi", 9),
    ("sesuai", "rendah", 2), ("sesuai", "menengah", 5), ("sesuai", "tinggi", 8),
    ("di_bawah", "rendah", 1), ("di_bawah", "menengah", 3), ("di_bawah", "tinggi", 6)])
def test_nine_box_numbers_follow_permenpanrb_3_2020(kinerja, potensial, box):
    assert nine_box(kinerja, potensial) == box


def test_unknown_ratings_are_refused_with_a_message():
    with pytest.raises(DomainError, match="tidak dikenal"):
        predikat("bagus", "sesuai")
    with pytest.raises(DomainError, match="Potensial"):
        nine_box("sesuai", "luar biasa")


def test_the_rank_ladder_orders_golongan_and_refuses_unknown_codes():
    assert golongan_rank("I/a") == 0 and golongan_rank("IV/e") == 16
    assert in_band("III/d", "III/d", "IV/a") and not in_band("III/c", "III/d", "IV/a")
    with pytest.raises(DomainError, match="Golongan 'V/a' tidak dikenal"):
        golongan_rank("V/a")


def test_a_nip_encodes_birth_date_tmt_cpns_sex_and_sequence():
    nip = make_nip(date(1990, 5, 4), date(2015, 3, 1), "P", 7)
    assert nip == "199005042015032007"
    parts = parse_nip(nip)
    assert (parts.birth_date, parts.cpns_year, parts.cpns_month, parts.sex, parts.sequence) == (
        date(1990, 5, 4), 2015, 3, "P", 7)


@pytest.mark.parametrize("nip,message", [
    ("12345", "18 digit"), ("19900504201503200X", "18 digit"),
    ("199013042015032007", "tanggal lahir"), ("199005042015132007", "TMT CPNS"),
    ("199005042015033007", "digit ke-15")])
def test_malformed_nips_are_refused(nip, message):
    with pytest.raises(DomainError, match=message):
        parse_nip(nip)


def test_a_nip_must_agree_with_the_birth_date_and_sex_on_record():
    nip = make_nip(date(1990, 5, 4), date(2015, 3, 1), "P", 7)
    assert validate_nip(nip, date(1990, 5, 4), "P") == nip
    with pytest.raises(DomainError, match="Tanggal lahir di NIP"):
        validate_nip(nip, date(1990, 5, 5), "P")
    with pytest.raises(DomainError, match="Jenis kelamin"):
        validate_nip(nip, date(1990, 5, 4), "L")


def test_every_threshold_is_a_setting_with_the_domain_default():
    settings = Settings()
    assert (settings.min_months_in_post, settings.max_months_in_post, settings.effective_hours_per_year) == (24, 60, 1250)
    assert settings.with_overrides(min_months_in_post=6).min_months_in_post == 6
    with pytest.raises(DomainError, match="tidak dikenal"):
        settings.with_overrides(no_such_rule=1)


@pytest.mark.parametrize("start, months, expected", [
    (date(2026, 1, 31), 1, date(2026, 2, 28)),
    (date(2028, 1, 31), 1, date(2028, 2, 29)),
    (date(2026, 8, 31), 1, date(2026, 9, 30)),
    (date(2026, 3, 29), -1, date(2026, 2, 28)),
    (date(2026, 11, 30), 6, date(2027, 5, 30)),
    (date(2026, 12, 15), 1, date(2027, 1, 15)),
])
def test_one_month_arithmetic_ends_on_the_last_day_of_a_shorter_month(start, months, expected):
    assert add_months(start, months) == expected


@pytest.mark.parametrize("start", [date(2024, 2, 29), date(2026, 1, 31), date(2026, 3, 30), date(2026, 5, 1)])
def test_whole_months_and_added_months_never_disagree(start):
    for months in range(0, 40):
        end = add_months(start, months)
        assert months_between(start, end) == months
        assert months_between(start, end - date.resolution) == max(months - 1, 0)


def test_a_post_held_since_29_february_is_held_24_months_on_28_february_two_years_later():
    assert months_between(date(2024, 2, 29), date(2026, 2, 28)) == 24
