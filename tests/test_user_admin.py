"""User administration in the browser (administrator only): the list with last login, a new
account with role and unit, a new password, deactivation and activation, each an event in the
audit trail; the password policy and the rule that the last administrator stays."""
from __future__ import annotations

import re

import pytest

from domain.access import SYSTEM, Actor
from domain.rules import DomainError
from events.readside.audit import AuditRow
from events.readside.readmodels import db
from events.usecases import accounts
from tests.factory import build_small_city
from tests.test_web import PASSWORD, csrf_from, login

NEW_PASSWORD = "kerang laut tapanuli senja 77"


@pytest.fixture
def web(system):
    from webapp import create_app
    db.connect(reuse_if_open=True)
    build_small_city(system.app)
    accounts.add_user(system.app, SYSTEM, "admin", PASSWORD, "admin")
    accounts.add_user(system.app, SYSTEM, "perencana", PASSWORD, "perencana")
    db.close()
    return create_app(system, TESTING=True)


def admin_client(web):
    client = web.test_client()
    assert login(client, "admin").status_code == 302
    client.token = csrf_from(client.get("/pengguna/").get_data(as_text=True))
    return client


def trail(system, type_: str) -> list[tuple[str, str]]:
    system.catch_up()
    return [(r.actor, r.aggregate_type) for r in AuditRow.select().where(AuditRow.type == type_)]


def test_the_administrator_creates_an_account_with_role_and_unit(web, system):
    client = admin_client(web)
    page = client.get("/pengguna/").get_data(as_text=True)
    assert "Perencana BKD" in page and 'id="nav-users"' in page
    row = page[page.index('id="user-admin"'):].split("</tr>")[0]
    assert re.search(r"\d{1,2} \w+ \d{4} \d\d\.\d\d WIB", row)  # their own last login, in WIB
    assert "belum pernah" in page.split('id="user-perencana"')[1].split("</tr>")[0]
    created = client.post("/pengguna/", data={"username": "kadis.kes", "full_name": "Kepala Dinas Kesehatan",
                                              "role": "kepala_opd", "unit_code": "DINKES", "password": NEW_PASSWORD,
                                              "password_again": NEW_PASSWORD, "csrf_token": client.token})
    assert created.status_code == 303
    assert "Akun kadis.kes dibuat" in client.get(created.headers["Location"]).get_data(as_text=True)
    assert login(web.test_client(), "kadis.kes", NEW_PASSWORD).status_code == 302
    assert ("admin", "Account") in trail(system, "Account.Registered")


def test_a_refused_account_comes_back_with_what_was_typed_and_nothing_written(web, system):
    client = admin_client(web)
    events = system.event_count()
    for password, again, message in (("pendek", "pendek", "minimal 12 karakter"),
                                     (NEW_PASSWORD, NEW_PASSWORD + "x", "tidak sama")):
        refused = client.post("/pengguna/", data={"username": "verif.baru", "full_name": "Verifikator Baru",
                                                  "role": "verifikator", "password": password,
                                                  "password_again": again, "csrf_token": client.token})
        page = refused.get_data(as_text=True)
        assert refused.status_code == 422 and message in page and 'value="verif.baru"' in page
        assert password not in page.split('id="new-user"')[1]  # a password is never echoed
    no_unit = client.post("/pengguna/", data={"username": "kadis.x", "role": "kepala_opd", "password": NEW_PASSWORD,
                                              "password_again": NEW_PASSWORD, "csrf_token": client.token})
    assert no_unit.status_code == 422 and "wajib punya unit" in no_unit.get_data(as_text=True)
    assert system.event_count() == events


def test_a_new_password_and_deactivation_end_the_sessions_and_are_in_the_trail(web, system):
    client = admin_client(web)
    planner = web.test_client()
    login(planner, "perencana")
    assert client.post("/pengguna/perencana/sandi", data={"password": NEW_PASSWORD, "csrf_token": client.token}).status_code == 303
    assert planner.get("/pegawai/").status_code == 302  # the session ended
    assert login(web.test_client(), "perencana").status_code == 401
    assert login(web.test_client(), "perencana", NEW_PASSWORD).status_code == 302
    weak = client.post("/pengguna/perencana/sandi", data={"password": "perencana123", "csrf_token": client.token})
    assert weak.status_code == 422 and "perencana: Kata sandi" in weak.get_data(as_text=True)

    unreasoned = client.post("/pengguna/perencana/nonaktif", data={"reason": "", "csrf_token": client.token})
    assert unreasoned.status_code == 422
    assert client.post("/pengguna/perencana/nonaktif", data={"reason": "pindah tugas ke provinsi",
                                                             "csrf_token": client.token}).status_code == 303
    assert login(web.test_client(), "perencana", NEW_PASSWORD).status_code == 401
    assert "nonaktif" in client.get("/pengguna/").get_data(as_text=True).split('id="user-perencana"')[1].split("</tr>")[0]
    assert client.post("/pengguna/perencana/aktif", data={"reason": "kembali bertugas",
                                                          "csrf_token": client.token}).status_code == 303
    assert login(web.test_client(), "perencana", NEW_PASSWORD).status_code == 302
    for kind in ("Account.PasswordChanged", "Account.Disabled", "Account.Enabled"):
        assert ("admin", "Account") in trail(system, kind), kind


def test_the_last_administrator_stays(web, system):
    client = admin_client(web)
    page = client.get("/pengguna/").get_data(as_text=True)
    assert "/pengguna/admin/nonaktif" not in page  # no button to deactivate oneself
    refused = client.post("/pengguna/admin/nonaktif", data={"reason": "uji", "csrf_token": client.token})
    assert refused.status_code == 422 and "akun Anda sendiri" in refused.get_data(as_text=True)
    db.connect(reuse_if_open=True)
    with pytest.raises(DomainError, match="Administrator aktif terakhir"):
        accounts.disable(system.app, Actor("cli:root", "admin"), "admin", "uji")
