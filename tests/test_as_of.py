"""The city "per tanggal" (issue #15): the views after the last event recorded before the end of a
day (WIB) equal a store cut at that position and rebuilt; pages and the CLI show them."""
from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from domain.access import SYSTEM
from domain.rules import DomainError
from events.app import recorded_at
from events.readside import projections
from events.readside.as_of import WIB, clean_day
from events.readside.readmodels import EmployeeRow, db
from events.store import Storage, insert_notifications
from events.system import System
from events.usecases import accounts, employees
from tests.factory import CLERK, NURSE, PLANNER, build_small_city
from tests.test_web import PASSWORD, login


def wib(*parts) -> datetime:
    return datetime(*parts, tzinfo=WIB)


@pytest.fixture
def history(system):
    """A city registered on 10 January 2024, a transfer recorded late on 30 June 2024 (WIB) and a
    promotion early on 1 July 2024 WIB, which is still 30 June in UTC."""
    with recorded_at(wib(2024, 1, 10, 9)):
        build_small_city(system.app)
    with recorded_at(wib(2024, 6, 30, 22, 30)):
        employees.transfer(system.app, PLANNER, CLERK, "PKM-PERAWAT", "821/1/BKD/2024", date(2024, 6, 1),
                           date(2024, 7, 1), "mengisi kekurangan perawat")
    with recorded_at(wib(2024, 7, 1, 1, 0)):
        employees.promote(system.app, PLANNER, NURSE, "III/c", date(2024, 7, 1), "823/7/BKD/2024")
    employees.promote(system.app, PLANNER, CLERK, "III/c", date(2025, 4, 1), "823/9/BKD/2025")  # today
    db.connect(reuse_if_open=True)
    system.catch_up()
    return system


def cut_and_rebuilt(system, position: int, folder) -> str:
    """The checksum of a new store holding only the first `position` events, rebuilt."""
    rows = [(n.id, n.originator_id, n.originator_version, n.topic, n.state)
            for n in system.app.recorder.select_notifications(1, position, stop=position)] if position else []
    cut = System(Storage(folder))
    try:
        insert_notifications(cut.app.recorder, rows)
        db.connect(reuse_if_open=True)
        cut.rebuild_views()
        return projections.checksum()
    finally:
        cut.close()


def seen(as_of) -> dict:
    with as_of.reading():
        return {r.nip: (r.unit_code, r.golongan) for r in EmployeeRow.select()}


def test_a_day_shows_what_a_store_cut_at_its_last_event_and_rebuilt_shows(history, tmp_path):
    june = history.as_of.at(date(2024, 6, 30))
    july = history.as_of.at(date(2024, 7, 1))  # replayed from a copy of June's replay
    assert 0 < june.position < july.position < history.event_count()
    assert june.recorded_wib == wib(2024, 6, 30, 22, 30)
    assert seen(june)[CLERK] == ("PKM-SBK", "III/b") and seen(june)[NURSE] == ("PKM-SBK", "III/b")
    assert seen(july)[NURSE] == ("PKM-SBK", "III/c") and seen(july)[CLERK] == ("PKM-SBK", "III/b")
    for as_of, folder in ((june, "june"), (july, "july")):
        with as_of.reading():
            replayed = projections.checksum()
        assert replayed == cut_and_rebuilt(history, as_of.position, tmp_path / folder)


def test_before_the_first_event_the_city_is_empty_and_a_second_view_replays_nothing(history):
    before = history.as_of.at(date(2024, 1, 9))
    assert before.position == 0 and seen(before) == {}
    history.as_of.at(date(2024, 6, 30))
    replayed = history.as_of.replayed
    again = history.as_of.at(date(2024, 6, 30))
    assert history.as_of.replayed == replayed and seen(again)[CLERK] == ("PKM-SBK", "III/b")
    assert EmployeeRow.get(EmployeeRow.nip == CLERK).golongan == "III/c"  # today's views untouched


def test_a_date_in_the_future_or_malformed_is_refused():
    with pytest.raises(DomainError, match="belum terjadi"):
        clean_day("2099-01-01")
    with pytest.raises(DomainError, match="TTTT-BB-HH"):
        clean_day("30/06/2024")


@pytest.fixture
def client(history):
    from webapp import create_app
    accounts.add_user(history.app, SYSTEM, "inspektur", PASSWORD, "inspektur")
    db.close()
    client = create_app(history, TESTING=True).test_client()
    assert login(client, "inspektur").status_code == 302
    return client


def test_pages_per_tanggal_are_marked_historical_and_keep_the_date_in_their_links(client):
    page = client.get(f"/pegawai/{CLERK}?per=2024-06-30").get_data(as_text=True)
    assert "Tampilan historis: per tanggal 30-06-2024" in page and "waktu pencatatan" in page
    assert "823/9/BKD/2025" not in page  # recorded today
    assert "823/9/BKD/2025" in client.get(f"/pegawai/{CLERK}").get_data(as_text=True)
    dashboard = client.get("/kebutuhan?per=2024-06-30").get_data(as_text=True)
    assert "id=\"as-of-banner\"" in dashboard and "/unit/PKM-SBK?per=2024-06-30" in dashboard
    audit = client.get("/audit/?per=2024-06-30").get_data(as_text=True)
    assert 'name="per" value="2024-06-30"' in audit and "823/7/BKD/2024" not in audit
    assert "as-of-banner" not in client.get("/kebutuhan").get_data(as_text=True)
    refused = client.get("/?per=kemarin")
    assert refused.status_code == 422 and "TTTT-BB-HH" in refused.get_data(as_text=True)


def test_stats_as_of_prints_the_counts_of_that_date(history, storage):
    import os
    from conftest import mutasi
    env = {**os.environ, "MUTASI_DATA_DIR": str(storage.data_dir)}
    env.pop("MUTASI_DATABASE_URL", None)
    if storage.database_url:
        env["MUTASI_DATABASE_URL"] = storage.database_url
    history.close()
    before = json.loads(mutasi("stats", "--as-of", "2024-01-09", "--json", env=env).stdout)
    june = json.loads(mutasi("stats", "--as-of", "2024-06-30", "--json", env=env).stdout)
    today = json.loads(mutasi("stats", "--json", env=env).stdout)
    assert (before["employees"], before["units"], before["events"], before["as_of"]) == (0, 0, 0, "2024-01-09")
    assert (june["employees"], june["units"], june["positions"]) == (3, 3, 3)
    assert 0 < june["events"] < today["events"]
    refused = mutasi("stats", "--as-of", "2099-01-01", "--json", env=env, check=False)
    assert refused.returncode != 0 and "belum terjadi" in refused.stderr


def test_a_replay_of_another_log_at_the_same_position_is_never_reused(history, tmp_path):
    from events.readside.as_of import AsOfViews
    june = history.as_of.at(date(2024, 6, 30))
    other = System(Storage(tmp_path / "other"))  # the same commands, recorded at other times
    try:
        build_small_city(other.app)
        employees.transfer(other.app, PLANNER, CLERK, "PKM-PERAWAT", "821/1/BKD/2024", date(2024, 6, 1),
                           date(2024, 7, 1), "mengisi kekurangan perawat")
        views = AsOfViews(other.app, history.as_of.folder)
        views.database(june.position)
        assert views.replayed == june.position  # replayed from the first event, nothing copied
        assert list(history.as_of.folder.glob(f"views-{june.position}-*.sqlite3")) == \
            [history.as_of.folder / f"views-{june.position}-{views.mark(june.position)}.sqlite3"]
    finally:
        other.close()


def test_the_demo_city_is_recorded_over_three_years_so_2024_is_another_city(demo_env):
    from conftest import mutasi

    def stats(*args):
        return json.loads(mutasi("stats", *args, "--json", env=demo_env).stdout)
    before, mid, today = stats("--as-of", "2023-11-30"), stats("--as-of", "2024-06-30"), stats()
    assert before["events"] == 0
    assert 0 < mid["events"] < today["events"] and mid["employees"] > today["employees"]


def test_snapshots_made_ahead_equal_a_cut_store_and_a_first_view_replays_only_the_events_since(history, tmp_path):
    from events.readside.as_of import AsOfViews, position_at
    from events.readside.as_of_snapshots import SnapshotSettings
    june = position_at(date(2024, 6, 30))
    every = (june - 1) // 2  # two snapshots before June's position, June itself between two of them
    views = AsOfViews(history.app, tmp_path / "per-tanggal", settings=SnapshotSettings(every=every, keep=1000))
    assert views.build_snapshots(limit=1) == 1 and list(views.snapshots()) == [every]
    assert views.build_snapshots() == history.event_count() // every - 1 and views.build_snapshots() == 0
    assert list(views.snapshots()) == [every * k for k in range(1, history.event_count() // every + 1)]
    made = views.replayed
    with views.at(date(2024, 6, 30)).reading():
        replayed = projections.checksum()
    assert views.replayed - made == june - 2 * every  # from the copy of the snapshot before June
    assert replayed == cut_and_rebuilt(history, june, tmp_path / "june")
    with db.reading(views.database(every)):  # a snapshot is opened as it is, nothing replayed
        snapshot = projections.checksum()
    assert snapshot == cut_and_rebuilt(history, every, tmp_path / "snapshot")
    assert views.replayed - made == june - 2 * every
    wider = AsOfViews(history.app, views.folder, settings=SnapshotSettings(every=2 * every, keep=1000))
    assert wider.build_snapshots() == 0  # a wider spacing keeps every other snapshot, rebuilds none
    assert list(wider.snapshots()) == [2 * every * k for k in range(1, history.event_count() // (2 * every) + 1)]


def test_the_spacing_of_snapshots_doubles_past_the_number_kept_and_settings_are_checked():
    from events.readside.as_of_snapshots import SnapshotSettings
    settings = SnapshotSettings.from_json('{"every": 1000, "keep": 3}')
    assert settings.positions(999) == [] and settings.positions(3500) == [1000, 2000, 3000]
    assert settings.positions(4000) == [2000, 4000] and settings.spacing(9000) == 4000
    assert SnapshotSettings.from_json("") == SnapshotSettings(every=5000, keep=48)
    for text, message in (('{"every": 0}', "tidak sah"), ('{"keep": true}', "tidak sah"),
                          ('{"setiap": 5}', "tidak dikenal"), ("[1]", "objek JSON")):
        with pytest.raises(DomainError, match=message):
            SnapshotSettings.from_json(text)


def test_the_follower_makes_the_snapshots_in_the_background(history):
    import time
    from events.readside.as_of_snapshots import SnapshotSettings
    history.as_of.settings = SnapshotSettings(every=max(1, history.event_count() // 3), keep=1000)
    db.close()
    history.start_following(interval=0.02)
    deadline = time.monotonic() + 60
    while len(history.as_of.snapshots()) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list(history.as_of.snapshots())[:3] == [history.as_of.settings.every * k for k in (1, 2, 3)]
