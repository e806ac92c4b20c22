"""Small pure pieces: public text checks, survey periods and the decline rule, settings, the rate
limiter (with a fake clock: no wall-clock time), the trend chart geometry."""
from __future__ import annotations

from datetime import date

import pytest

from domain.public_text import clean, mask_identity_numbers
from domain.rules import DomainError
from domain.service_decline import detect, period_bounds
from domain.stakeholder_settings import StakeholderSettings
from webapp.ratelimit import RateLimiter
from webapp.trend_chart import trend_chart


@pytest.mark.parametrize("period,bounds", [
    ("2026", (date(2026, 1, 1), date(2026, 12, 31))),
    ("2026-S1", (date(2026, 1, 1), date(2026, 6, 30))),
    ("2026-S2", (date(2026, 7, 1), date(2026, 12, 31))),
    ("2026-Q1", (date(2026, 1, 1), date(2026, 3, 31))),
    ("2026-Q4", (date(2026, 10, 1), date(2026, 12, 31))),
])
def test_survey_periods_have_first_and_last_days(period, bounds):
    assert period_bounds(period) == bounds


def test_a_decline_is_flagged_only_with_mutations_between_the_two_surveys():
    moved = [{"tmt": date(2026, 3, 1), "nip": "x"}, {"tmt": date(2024, 1, 1), "nip": "y"}]
    previous = {"period": "2025-S2", "score": 90.0}
    flag = detect(previous, "2026-S1", 84.0, moved, 5)
    assert (flag["drop"], [m["nip"] for m in flag["movements"]]) == (6.0, ["x"])
    assert detect(previous, "2026-S1", 85.01, moved, 5) is None  # less than the threshold
    assert detect(previous, "2026-S1", 80.0, moved[1:], 5) is None  # nobody moved in between
    assert detect(None, "2026-S1", 30.0, moved, 5) is None  # first survey


@pytest.mark.parametrize("text,ok", [
    ("Nilai 3 < 4 tetap teks biasa", True), ("Satu tautan https://sibolgakota.go.id boleh", True),
    ("Dua tanggal 01/01/2026 02/02/2026 bukan NIP", True), ("<b>tebal</b>", False),
    ("[link]x[/link]", False), ("[teks](http://x.co)", False), ("javascript:alert(1)", False),
    ("NIK 1271 0123 4567 8901", False), ("telepon 0812 3456 7890", True),
])
def test_public_text_allows_plain_text_and_refuses_markup_spam_and_identity_numbers(text, ok):
    if ok:
        assert clean(text, "Komentar", max_chars=200, max_links=1) == text
    else:
        with pytest.raises(DomainError):
            clean(text, "Komentar", max_chars=200, max_links=1)


def test_identity_numbers_are_masked_when_refused_input_is_shown_again():
    assert mask_identity_numbers("NIP 19900504 201503 2 001 ya") == "NIP [nomor dihapus] ya"


def test_settings_refuse_unknown_keys_and_bad_values():
    assert StakeholderSettings.from_json('{"public_rate_limit": 9}').public_rate_limit == 9
    assert StakeholderSettings.from_json("").decline_points == 5.0
    for text, message in (('{"nope": 1}', "tidak dikenal"), ('{"public_rate_limit": -1}', "negatif"),
                          ('{"public_leadership_names": "ya"}', "tidak sah"), ("[1]", "objek JSON")):
        with pytest.raises(DomainError, match=message):
            StakeholderSettings.from_json(text)


def test_the_rate_limiter_counts_per_client_in_a_window_shared_through_the_database(system):
    from events.readside.readmodels import db
    db.connect(reuse_if_open=True)
    now = [1000.0]
    limiter = RateLimiter(2, 60, clock=lambda: now[0])
    other_worker = RateLimiter(2, 60, clock=lambda: now[0])  # another process: the same counts
    assert [limiter.hit("a"), other_worker.hit("a"), limiter.hit("b")] == [None, None, None]
    assert limiter.hit("a") == 60
    now[0] = 1030.0
    assert other_worker.hit("a") == 30
    now[0] = 1060.5
    assert limiter.hit("a") is None


def test_the_trend_chart_places_scores_on_a_time_axis_with_the_mutations():
    surveys = [{"period": "2025-S2", "score": 100.0, "grade": "A"}, {"period": "2026-S1", "score": 25.0, "grade": "D"}]
    moved = [{"tmt": date(2026, 2, 2), "direction": "masuk"}, {"tmt": date(2026, 2, 20), "direction": "masuk"},
             {"tmt": date(2026, 3, 1), "direction": "keluar"}, {"tmt": date(2020, 1, 1), "direction": "keluar"}]
    chart = trend_chart(surveys, moved)
    first, second = chart["points"]
    assert first["y"] == chart["top"] and second["y"] == chart["axis"]  # 100 at the top, 25 on the axis
    assert chart["left"] < first["x"] < second["x"] < chart["right"]
    assert [(m["direction"], m["count"]) for m in chart["markers"]] == [("masuk", 2), ("keluar", 1)]
    assert first["x"] < chart["markers"][0]["x"] < second["x"]
    assert trend_chart([], moved) is None
