"""Dates, times and numbers as people in Sibolga read them, and the one catalogue of labels."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from flask import Flask, render_template_string

from domain.formats import angka, tanggal, waktu, wib_day_start, wib_days
from domain.labels import CATALOGUE, EVENTS, label
from events.readside.handlers import HANDLERS
from webapp.filters import register_filters


@pytest.mark.parametrize("moment, shown", [
    (datetime(2026, 11, 28, 16, 59, 59), "28 November 2026 23.59 WIB"),  # naive: UTC, as stored
    (datetime(2026, 11, 28, 17, 0), "29 November 2026 00.00 WIB"),
    (datetime(2026, 11, 29, 0, 30, tzinfo=timezone.utc), "29 November 2026 07.30 WIB"),
    ("2026-11-28T17:00:00.000000Z", "29 November 2026 00.00 WIB"),  # an exported time
])
def test_a_utc_moment_is_shown_in_wib_on_the_wib_day(moment, shown):
    assert waktu(moment) == shown
    assert tanggal(moment) == shown.rsplit(" ", 2)[0]


def test_dates_read_with_indonesian_month_names():
    assert tanggal(date(2026, 8, 17)) == "17 Agustus 2026"
    assert tanggal(date(2026, 2, 1), "short") == "01-02-2026"
    assert tanggal("2023-12-31") == "31 Desember 2023"  # a date kept as text in a JSON read model
    assert tanggal(None) == waktu(None) == angka(None) == "—"
    assert waktu(datetime(2026, 1, 5, 1, 2, 3), seconds=True) == "5 Januari 2026 08.02.03 WIB"


@pytest.mark.parametrize("value, args, shown", [
    (2710, (), "2.710"), (1234567, (), "1.234.567"), (91.48, (), "91,48"), (91.5, (2,), "91,50"),
    (3.14159, (1,), "3,1"), (0.001, (3,), "0,001"), (-12, (0, True), "-12"), (5, (0, True), "+5"),
    (0, (0, True), "0"), (15.0, (1, True), "+15,0"), ("2710", (), "2.710"), ("tidak ada", (), "tidak ada"),
])
def test_numbers_have_indonesian_separators(value, args, shown):
    assert angka(value, *args) == shown


def test_a_wib_day_starts_at_17_00_utc_the_day_before():
    assert wib_day_start(date(2026, 11, 29)) == datetime(2026, 11, 28, 17, 0)
    assert wib_days(date(2026, 11, 29), date(2026, 11, 29)) == (datetime(2026, 11, 28, 17), datetime(2026, 11, 29, 17))


def test_every_event_type_the_views_project_has_an_indonesian_label():
    assert set(HANDLERS) <= set(EVENTS)
    assert label("event", "Proposal.RuleWaived") == "Pengecualian aturan"
    assert label("plan_state", "submitted") == "Diajukan" and label("action", "send_back") == "usulan dikembalikan"


def test_a_key_without_a_label_is_visible_not_silently_english():
    assert label("event", "Proposal.Teleported") == "⟨Proposal.Teleported⟩"
    assert label("plan_state", None) == "—"
    with pytest.raises(KeyError):
        label("no_such_kind", "x")


def test_no_label_is_an_english_key_left_as_it_was():
    same = [(kind, key) for kind, labels in CATALOGUE.items() for key, text in labels.items()
            if text == key and "_" in key]
    assert same == []


def test_templates_use_the_filters_registered_once():
    app = Flask(__name__)
    register_filters(app)  # as create_app does
    with app.test_request_context():
        html = render_template_string(
            "{{ 'decided'|label('plan_state') }} · {{ moment|waktu }} · {{ day|tanggal }} · {{ 2710|angka }}"
            " · {{ 91.48|angka(2) }} · {{ 'move_cost'|label('score_part') }}",
            moment=datetime(2026, 11, 28, 17, 5), day=date(2026, 11, 29))
    assert html == "Diputuskan · 29 November 2026 00.05 WIB · 29 November 2026 · 2.710 · 91,48 · biaya mutasi"
