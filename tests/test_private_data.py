"""Personal data stays where it belongs: no page or download behind the login stays in a cache, and
the data folder with its databases and keys belongs to the server's user alone (issue #13)."""
from __future__ import annotations

import stat
from pathlib import Path

import pytest

from events.readside.readmodels import db
from events.usecases import organisation
from tests.factory import NURSE, PLANNER, proposed, with_file
from tests.test_input_limits import build_site, client_for


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from events.store import Storage
    app, system = build_site(Storage(tmp_path_factory.mktemp("private")))
    proposal_id = proposed(system.app)
    with_file(system.app, proposal_id)
    app.proposal_id = proposal_id
    yield app, system
    system.close()


def get_routes(app) -> list[str]:
    """Every GET address of the URL map that needs no argument."""
    return sorted(rule.rule for rule in app.url_map.iter_rules()
                  if "GET" in rule.methods and not rule.arguments)


def test_every_page_and_download_says_no_store_and_static_files_do_not(site):
    app, _ = site
    client = client_for(app, "perencana")
    addresses = [*get_routes(app), f"/pegawai/{NURSE}", "/audit/ekspor.csv", "/audit/ekspor.jsonl",
                 f"/persetujuan/{app.proposal_id}", f"/persetujuan/{app.proposal_id}/berkas/status_pns"]
    assert len(addresses) > 15
    for address in addresses:
        response = client.get(address)
        response.get_data()  # a streamed export runs to its end
        assert response.status_code < 500, address
        assert response.headers.get("Cache-Control") == "no-store", address
    assert client.get(f"/persetujuan/{app.proposal_id}/berkas/status_pns").mimetype == "application/pdf"
    assert app.test_client().get("/masuk").headers.get("Cache-Control") == "no-store"  # the form's CSRF token
    static = app.test_client().get("/static/mutasi.css")
    assert static.status_code == 200 and static.headers.get("Cache-Control") != "no-store"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_data_folder_and_its_files_are_the_server_users_alone(tmp_path):
    from events.store import Storage
    from events.system import System
    from webapp import create_app
    folder = tmp_path / "data"
    folder.mkdir(mode=0o755)
    (folder / "views.sqlite3").touch(mode=0o644)  # an older installation's world-readable file
    system = System(Storage(folder))
    create_app(system, TESTING=True)  # the session key
    db.connect(reuse_if_open=True)
    organisation.establish_unit(system.app, PLANNER, code="DINKES", name="Dinas Kesehatan", kind="dinas",
                                parent_code=None, service_priority=1)  # the WAL files exist
    system.close()
    files = {path.name: mode(path) for path in folder.iterdir()}
    assert {"events.sqlite3", "views.sqlite3", "sk-key.pem", "sk-cert.pem", "secret_key",
            "checkpoint-key.pem"} <= set(files)
    assert files == {name: 0o600 for name in files}
    assert mode(folder) == 0o700
