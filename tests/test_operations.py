"""Running in production: health and readiness, one JSON log line per request, the client address
only from a trusted proxy, Secure cookies and HSTS behind TLS."""
from __future__ import annotations

import json
import re

import pytest

from domain.access import SYSTEM
from events.readside import throttle
from events.readside.readmodels import db
from events.usecases import accounts
from tests.factory import NURSE, build_small_city

PASSWORD = "kata-sandi-rahasia"


@pytest.fixture
def city(system):
    db.connect(reuse_if_open=True)
    build_small_city(system.app)
    accounts.add_user(system.app, SYSTEM, "perencana", PASSWORD, "perencana")
    db.close()
    return system


def app_for(system, **config):
    from webapp import create_app
    return create_app(system, TESTING=True, **config)


def test_liveness_answers_without_login_and_without_the_database(city, monkeypatch):
    client = app_for(city).test_client()
    db.close()
    monkeypatch.setattr(db.obj, "connect", lambda *a, **k: pytest.fail("/sehat opened the database"))
    response = client.get("/sehat")
    assert response.status_code == 200 and response.json == {"status": "hidup"}


def test_readiness_reports_counts_only_and_503_when_the_views_lag_or_a_database_fails(city, monkeypatch):
    client = app_for(city, SECURITY_SETTINGS={"ready_max_lag_events": 3}).test_client()
    ready = client.get("/siap")
    head = city.event_count()
    assert ready.status_code == 200 and ready.json == {"status": "siap", "head": head, "views": head, "lag": 0}
    assert NURSE not in ready.get_data(as_text=True) and "Rina" not in ready.get_data(as_text=True)
    monkeypatch.setattr(city, "views_position", lambda: head - 4)
    assert client.get("/siap").status_code == 503 and client.get("/siap").json["lag"] == 4

    def unreachable():
        raise ConnectionError("database away")
    monkeypatch.setattr(city, "event_count", unreachable)
    away = client.get("/siap")
    assert away.status_code == 503 and away.json["status"] == "belum siap"


def test_each_request_writes_one_json_line_with_user_route_status_and_duration(city, capsys):
    client = app_for(city, WTF_CSRF_ENABLED=False).test_client()
    client.post("/masuk", data={"username": "perencana", "password": PASSWORD})
    capsys.readouterr()
    client.get(f"/pegawai/{NURSE}")
    client.get("/tidak-ada")
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")]
    assert [(l["user"], l["method"], l["route"], l["status"]) for l in lines] == [
        ("perencana", "GET", "/pegawai/<nip>", 200), ("perencana", "GET", None, 404)]
    assert all(isinstance(l["ms"], float) and l["pid"] and l["time"] for l in lines)
    assert NURSE not in json.dumps(lines)  # the rule, never the path with its NIP


@pytest.mark.parametrize("trusted, client_address", [(None, "127.0.0.1"), ("1", "203.0.113.9")])
def test_the_client_address_comes_from_the_proxy_only_when_it_is_trusted(city, monkeypatch, trusted, client_address):
    if trusted:
        monkeypatch.setenv("MUTASI_TRUSTED_PROXIES", trusted)
    client = app_for(city, WTF_CSRF_ENABLED=False).test_client()
    client.post("/masuk", data={"username": "perencana", "password": "salah"},
                headers={"X-Forwarded-For": "203.0.113.9"}, environ_base={"REMOTE_ADDR": "127.0.0.1"})
    db.connect(reuse_if_open=True)
    keys = {row.key for row in throttle.ThrottleRow.select()}
    assert keys == {"login:account:perencana", f"login:client:{client_address}"}


def test_a_bad_proxy_count_is_refused_at_start(city, monkeypatch):
    from domain.rules import DomainError
    monkeypatch.setenv("MUTASI_TRUSTED_PROXIES", "semua")
    with pytest.raises(DomainError, match="MUTASI_TRUSTED_PROXIES"):
        app_for(city)


@pytest.mark.parametrize("secure", [False, True])
def test_secure_cookies_and_hsts_only_when_asked(city, monkeypatch, secure):
    if secure:
        monkeypatch.setenv("MUTASI_SECURE_COOKIES", "1")
    client = app_for(city).test_client()
    page = client.get("/masuk", base_url="https://mutasi.example")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True)).group(1)
    response = client.post("/masuk", data={"username": "perencana", "password": PASSWORD, "csrf_token": token},
                           base_url="https://mutasi.example", headers={"Referer": "https://mutasi.example/masuk"})
    cookie = response.headers["Set-Cookie"]
    assert response.status_code == 302 and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert ("Secure" in cookie and cookie.startswith("__Host-mutasi=")) is secure
    assert ("Strict-Transport-Security" in response.headers) is secure
    assert "Expires=" in cookie  # the absolute lifetime (12 hours), not the browser's 31 days
