"""Accounts, sessions and logins: every session of a user ends at once, lifetimes hold, account
changes are audited events, the password policy, hashes, and throttling counted in the database."""
from __future__ import annotations

import re
import threading

import pytest
from werkzeug.security import generate_password_hash

from domain.access import SYSTEM, Actor, ForbiddenError
from domain.passwords import DEMO_PASSWORD, check_password
from domain.rules import DomainError
from domain.security_settings import SecuritySettings
from events.readside.audit import AuditRow
from events.readside.readmodels import db
from events.readside import throttle
from events.usecases import accounts, passwords
from tests.factory import build_small_city

PASSWORD = "kata-sandi-rahasia"
NEW_PASSWORD = "burung-kuntul-di-sawah"
SETTINGS = SecuritySettings()


@pytest.fixture
def city(system):
    db.connect(reuse_if_open=True)
    build_small_city(system.app)
    accounts.add_user(system.app, SYSTEM, "perencana", PASSWORD, "perencana")
    return system


@pytest.fixture
def web(city):
    from webapp import create_app
    db.close()
    return create_app(city, TESTING=True)


def token_of(client, url: str = "/masuk") -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(url).get_data(as_text=True)).group(1)


def logged_in(web, username: str = "perencana", password: str = PASSWORD):
    client = web.test_client()
    response = client.post("/masuk", data={"username": username, "password": password, "csrf_token": token_of(client)})
    assert response.status_code == 302
    return client


def can_read_and_write(client, system) -> tuple[bool, bool]:
    """Reads the audit trail, then tries to open an appraisal period (a write)."""
    reads = client.get("/audit/").status_code == 200
    events = system.event_count()
    token = token_of(client, "/penilaian/") if reads else "tidak-ada"
    client.post("/penilaian/", data={"name": f"SKP uji {events}", "year": "2026", "starts": "2026-01-01",
                                     "ends": "2026-12-31", "csrf_token": token})
    return reads, system.event_count() > events


# --- sessions -----------------------------------------------------------------------------------------
def test_logout_ends_every_session_of_the_user_including_a_copied_cookie(web, city):
    first, second = logged_in(web), logged_in(web)
    thief = web.test_client()
    thief.set_cookie("session", first.get_cookie("session").value)  # copied before the logout
    assert can_read_and_write(thief, city) == (True, True)
    stolen_token = token_of(thief, "/penilaian/")
    assert first.post("/keluar", data={"csrf_token": token_of(first, "/")}).status_code == 302
    for client in (first, second, thief):
        assert can_read_and_write(client, city) == (False, False)
    events = city.event_count()
    response = thief.post("/penilaian/", data={"name": "SKP curian", "year": "2026", "starts": "2026-01-01",
                                               "ends": "2026-12-31", "csrf_token": stolen_token})
    assert response.status_code in (302, 400, 401) and city.event_count() == events  # 401: "sesi berakhir"
    assert can_read_and_write(logged_in(web), city) == (True, True)  # a new login works


def test_a_new_password_or_a_disabled_account_ends_its_sessions_at_once(web, city):
    client = logged_in(web)
    accounts.change_password(city.app, SYSTEM, "perencana", NEW_PASSWORD)
    assert client.get("/audit/").status_code == 302
    client = logged_in(web, password=NEW_PASSWORD)
    accounts.disable(city.app, SYSTEM, "perencana", "pindah tugas ke dinas lain")
    assert client.get("/audit/").status_code == 302
    refused = web.test_client().post("/masuk", data={"username": "perencana", "password": NEW_PASSWORD,
                                                      "csrf_token": token_of(web.test_client())})
    assert refused.status_code in (400, 401)
    accounts.enable(city.app, SYSTEM, "perencana", "kembali bertugas di BKD")
    assert logged_in(web, password=NEW_PASSWORD).get("/audit/").status_code == 200


@pytest.mark.parametrize("key, age_seconds", [("seen", 31 * 60), ("since", 12 * 3600 + 60)])
def test_a_session_ends_after_its_idle_or_absolute_lifetime(web, key, age_seconds):
    client = logged_in(web)
    assert client.get("/audit/").status_code == 200
    with client.session_transaction() as session:
        session[key] -= age_seconds
    assert client.get("/audit/").status_code == 302
    with client.session_transaction() as session:
        assert "username" not in session


def test_lifetimes_are_settings(web):
    web.config["SECURITY_SETTINGS"] = SecuritySettings(session_idle_minutes=5)
    client = logged_in(web)
    with client.session_transaction() as session:
        session["seen"] -= 6 * 60
    assert client.get("/audit/").status_code == 302
    assert SecuritySettings.from_json('{"session_absolute_hours": 8}').session_absolute_hours == 8
    for text in ('{"session_idle": 1}', '{"session_idle_minutes": -1}', "[]"):
        with pytest.raises(DomainError):
            SecuritySettings.from_json(text)


# --- account changes are events -----------------------------------------------------------------
def test_every_account_change_is_an_event_in_the_audit_trail_without_the_password(city):
    accounts.change_password(city.app, SYSTEM, "perencana", NEW_PASSWORD)
    accounts.disable(city.app, SYSTEM, "perencana", "cuti di luar tanggungan negara")
    accounts.enable(city.app, SYSTEM, "perencana", "kembali dari cuti")
    rows = list(AuditRow.select().where(AuditRow.aggregate_type == "Account").order_by(AuditRow.position))
    assert [r.type for r in rows] == ["Account.Registered", "Account.PasswordChanged", "Account.Disabled",
                                      "Account.Enabled"]
    assert {(r.actor, r.role) for r in rows} == {("sistem", "admin")} and rows[2].reason == "cuti di luar tanggungan negara"
    for n in city.app.recorder.select_notifications(1, 10_000):
        assert b"argon2" not in n.state and PASSWORD.encode() not in n.state and NEW_PASSWORD.encode() not in n.state


def test_only_an_administrator_changes_accounts_and_refusals_write_nothing(city):
    events = city.event_count()
    with pytest.raises(ForbiddenError):
        accounts.disable(city.app, Actor("rina.bkd", "perencana"), "perencana", "iseng")
    with pytest.raises(DomainError, match="tidak ada"):
        accounts.disable(city.app, SYSTEM, "tidak.ada", "salah ketik")
    with pytest.raises(DomainError, match="Alasan wajib"):
        accounts.disable(city.app, SYSTEM, "perencana", "  ")
    with pytest.raises(DomainError, match="sudah aktif"):
        accounts.enable(city.app, SYSTEM, "perencana", "sudah aktif kok")
    with pytest.raises(DomainError, match="sudah ada"):
        accounts.add_user(city.app, SYSTEM, "perencana", NEW_PASSWORD, "perencana")
    assert city.event_count() == events


# --- passwords ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("password, message", [
    ("pendek-saja", "minimal 12"), ("1234567890ab", "mudah ditebak"), ("password1234", "mudah ditebak"),
    ("qwertyuiop123", "mudah ditebak"), ("perencana2026", "mudah ditebak"), ("a" * 129, "paling panjang 128"),
    (DEMO_PASSWORD, "akun demo"),
])
def test_the_password_policy_refuses_short_common_and_guessable_passwords(password, message):
    with pytest.raises(DomainError, match=message):
        check_password(password, username="perencana")


def test_the_password_policy_accepts_long_unrelated_words():
    assert check_password(NEW_PASSWORD, username="perencana") == NEW_PASSWORD
    passphrase = "burung kuntul terbang rendah di atas sawah hijau ketika matahari terbenam di barat"
    assert check_password(passphrase, username="perencana") == passphrase  # estimated on its first 72
    with pytest.raises(DomainError, match="mudah ditebak"):
        check_password("x" * 100 + "Zq9!#kuntul")  # what follows 72 repeated letters does not count


def test_the_demo_password_is_only_for_the_accounts_of_mutasi_demo(city):
    with pytest.raises(DomainError, match="akun demo"):
        accounts.add_user(city.app, SYSTEM, "budi", DEMO_PASSWORD, "perencana")
    accounts.add_demo_user(city.app, "walikota", "ppk", None, "Wali Kota (demo)")
    assert accounts.log_in("walikota", DEMO_PASSWORD, "127.0.0.1", SETTINGS).actor.role == "ppk"


def test_an_old_hash_still_verifies_and_is_upgraded_to_argon2id_at_login(city):
    accounts.AccountRow.update(password_hash=generate_password_hash(PASSWORD, "scrypt")).execute()
    assert accounts.log_in("perencana", PASSWORD, "127.0.0.1", SETTINGS).actor is not None
    assert accounts.AccountRow.get().password_hash.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert accounts.log_in("perencana", PASSWORD, "127.0.0.1", SETTINGS).actor is not None


def test_unknown_users_disabled_users_and_wrong_passwords_get_the_same_answer_after_the_same_work(city, monkeypatch):
    accounts.add_user(city.app, SYSTEM, "siti", NEW_PASSWORD, "perencana")
    accounts.disable(city.app, SYSTEM, "siti", "pensiun dini")
    checks, hasher = [], passwords.HASHER

    class Counting:
        def verify(self, stored, password):
            checks.append(stored)
            return hasher.verify(stored, password)

        def __getattr__(self, name):
            return getattr(hasher, name)
    monkeypatch.setattr(passwords, "HASHER", Counting())
    answers = [accounts.log_in(name, password, "10.0.0.1", SETTINGS)
               for name, password in (("tidak.ada", PASSWORD), ("perencana", "salah-sekali-ini"), ("siti", NEW_PASSWORD))]
    assert answers == [accounts.Login()] * 3
    assert len(checks) == 3 and checks[0] == passwords.dummy_hash()  # one argon2id check each


# --- throttling ---------------------------------------------------------------------------------------
def test_wrong_passwords_slow_an_account_down_exponentially_without_locking_its_owner_out(city):
    t = 1_000_000.0
    for n in range(5):
        assert accounts.log_in("perencana", "salah", "10.0.0.1", SETTINGS, now=t) == accounts.Login()
    assert accounts.log_in("perencana", PASSWORD, "10.0.0.2", SETTINGS, now=t).wait_seconds == 1
    waits = []
    for _ in range(8):  # the attacker waits out each backoff and fails again
        t += accounts.log_in("perencana", "salah", "10.0.0.1", SETTINGS, now=t).wait_seconds or 0
        assert accounts.log_in("perencana", "salah", "10.0.0.1", SETTINGS, now=t) == accounts.Login()
        waits.append(accounts.log_in("perencana", "salah", "10.0.0.1", SETTINGS, now=t).wait_seconds)
    assert waits == [2, 4, 8, 16, 32, 60, 60, 60]  # doubling, capped at a minute
    t += 60
    owner = accounts.log_in("perencana", PASSWORD, "10.0.0.2", SETTINGS, now=t)
    assert owner.actor is not None  # the owner gets in after at most a minute
    assert accounts.log_in("perencana", "salah", "10.0.0.1", SETTINGS, now=t) == accounts.Login()  # forgiven


def test_a_client_that_sprays_many_accounts_is_slowed_and_other_clients_are_not(city):
    t = 2_000_000.0
    for n in range(SETTINGS.client_free_attempts):
        assert accounts.log_in(f"tebakan{n}", "salah", "10.9.9.9", SETTINGS, now=t).wait_seconds is None
    assert accounts.log_in("perencana", PASSWORD, "10.9.9.9", SETTINGS, now=t).wait_seconds == 1
    assert accounts.log_in("perencana", PASSWORD, "10.0.0.2", SETTINGS, now=t).actor is not None


def test_an_office_behind_one_address_is_not_slowed_by_its_own_logins(city):
    t = 3_000_000.0
    for _ in range(SETTINGS.client_free_attempts * 2):
        assert accounts.log_in("perencana", PASSWORD, "10.1.1.1", SETTINGS, now=t).actor is not None


def test_thirty_simultaneous_wrong_passwords_get_at_most_the_allowed_checks(city, monkeypatch):
    settings = SecuritySettings(login_backoff_seconds=3600)  # none of the 30 may outwait the backoff
    checks = []
    verify = passwords.verify
    monkeypatch.setattr(passwords, "verify", lambda h, p: checks.append(1) or verify(h, p))
    db.close()
    start, answers = threading.Barrier(30), []

    def attempt(n):
        start.wait()
        try:
            answers.append(accounts.log_in("perencana", f"salah-{n}", f"10.0.1.{n}", settings))
        finally:
            db.close()
    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(answers) == 30 and len(checks) == settings.login_free_attempts
    assert sum(a.wait_seconds is not None for a in answers) == 30 - settings.login_free_attempts


def test_counters_are_kept_per_key_and_forgotten_when_quiet(city):
    rule = throttle.Rule("uji", free=1, base=10, cap=10, forget_after=100)
    assert throttle.attempt([rule], now=0.0) is None
    assert throttle.attempt([rule], now=5.0) == 5.0
    assert throttle.attempt([rule], now=500.0) is None  # quiet for longer than forget_after: afresh
    throttle.clear()
    assert throttle.ThrottleRow.select().count() == 0


def test_a_free_attempt_blocks_no_other_attempt_even_one_whose_clock_ran_behind(city):
    """Threads read the clock a moment apart: a free attempt recorded at 1000.010 must not make one
    stamped 1000.000 wait 0.01 s (30 simultaneous logins once got 2 checks instead of 5)."""
    rule = throttle.Rule("uji-jam", free=3, base=60, cap=60, forget_after=900)
    assert throttle.attempt([rule], now=1000.010) is None
    assert throttle.attempt([rule], now=1000.000) is None
    assert throttle.attempt([rule], now=1000.005) is None  # the third is checked, and the next waits
    assert throttle.attempt([rule], now=1000.020) == pytest.approx(59.985)


def test_new_hashes_are_argon2id_with_the_documented_parameters():
    assert (passwords.HASHER.time_cost, passwords.HASHER.memory_cost, passwords.HASHER.parallelism) == (2, 19456, 1)
    assert passwords.hash_password(NEW_PASSWORD).startswith("$argon2id$") and not passwords.needs_upgrade(
        passwords.hash_password(NEW_PASSWORD))
