"""After a logout elsewhere or an expired session: htmx gets a clear message with a way back to the
page, a form comes back with what was typed, nothing is written, and logging in returns to the page."""
from __future__ import annotations

import html as htmllib
import re

import pytest

from domain.access import SYSTEM
from events.readside.readmodels import db
from events.usecases import accounts
from tests.factory import NURSE, build_small_city
from tests.test_web import PASSWORD, csrf_from, login

PAGE = f"http://localhost/pegawai/{NURSE}"


@pytest.fixture
def web(system):
    from webapp import create_app
    db.connect(reuse_if_open=True)
    build_small_city(system.app)
    accounts.add_user(system.app, SYSTEM, "kadis.kes", PASSWORD, "kepala_opd", "DINKES")
    db.close()
    return create_app(system, TESTING=True)


def ended_elsewhere(web):
    """A client logged in with a page's CSRF token, whose session then ends in another tab."""
    client = web.test_client()
    assert login(client, "kadis.kes").status_code == 302
    client.token = csrf_from(client.get(f"/pegawai/{NURSE}").get_data(as_text=True))
    other = web.test_client()
    login(other, "kadis.kes")
    assert other.post("/keluar", data={"csrf_token": csrf_from(other.get("/").get_data(as_text=True))}).status_code == 302
    return client


def test_an_htmx_request_after_the_session_ended_gets_a_message_and_a_way_back(web, system):
    client = ended_elsewhere(web)
    for response in (client.get("/pegawai/?q=rina", headers={"HX-Request": "true", "HX-Current-URL": PAGE}),
                     client.post("/persetujuan/usul", data={"csrf_token": client.token, "reason": "x"},
                                 headers={"HX-Request": "true", "HX-Current-URL": PAGE, "X-CSRFToken": client.token})):
        text = response.get_data(as_text=True)
        assert response.status_code == 401 and response.headers["HX-Retarget"] == "#session-message"
        assert "Sesi Anda telah berakhir" in text and f"/masuk?next=/pegawai/{NURSE}&amp;berakhir=1" in text


def test_a_form_after_the_session_ended_keeps_what_was_typed_and_writes_nothing(web, system):
    client = ended_elsewhere(web)
    events = system.event_count()
    typed = "memperkuat tim imunisasi di dinas selama akreditasi & pelaporan <segera>"
    response = client.post("/persetujuan/usul", data={"csrf_token": client.token, "nip": NURSE,
                                                      "to_post": "DINKES-PERAWAT", "reason": typed},
                           headers={"Referer": PAGE})
    page = response.get_data(as_text=True)
    assert response.status_code == 401 and "tidak disimpan" in page and "token CSRF" not in page
    assert htmllib.escape(typed) in page and 'data-name="reason"' in page and 'data-name="csrf_token"' not in page
    assert system.event_count() == events
    back = re.search(r'href="(/masuk\?next=[^"]+)" id="login-again"', page).group(1).replace("&amp;", "&")
    login_page = client.get(back).get_data(as_text=True)
    assert 'id="login-ended"' in login_page
    again = client.post(back, data={"username": "kadis.kes", "password": PASSWORD, "csrf_token": csrf_from(login_page)})
    assert again.status_code == 302 and again.headers["Location"] == f"/pegawai/{NURSE}"


def test_a_stale_token_in_a_live_session_is_still_an_ordinary_refusal(web):
    client = web.test_client()
    login(client, "kadis.kes")
    response = client.post("/persetujuan/usul", data={"csrf_token": "palsu", "reason": "x"})
    assert response.status_code == 400 and "token CSRF" in response.get_data(as_text=True)
