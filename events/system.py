"""Composition of the event store, the read-model database and the projection."""
from __future__ import annotations

import os

from domain.decree_settings import DecreeSettings
from events.usecases import accounts

from events.readside import blobs, projections
from events.app import Mutasi
from events.files.signing import DecreeSigner
from events.readside.readmodels import db
from events.store import Storage


class System:
    """One per process: the Application (event store) plus the read models it feeds."""

    def __init__(self, storage: Storage | None = None, decree_settings: DecreeSettings | None = None):
        self.storage = storage or Storage.from_environment()
        self.app = Mutasi(env=self.storage.event_store_env())
        self.app.on_saved = self.project_up_to
        self.app.decree_signer = DecreeSigner.at(*self.storage.decree_key_files())  # created at set-up
        self.app.decree_settings = decree_settings or DecreeSettings.from_json(
            os.environ.get("MUTASI_DECREE_SETTINGS"))
        db.initialize(self.storage.read_database())
        db.connect(reuse_if_open=True)
        projections.create_tables()
        accounts.create_tables()
        blobs.create_tables()
        db.close()

    def project_up_to(self, position: int) -> None:
        """After a write of this process: the views include it before the request answers."""
        projections.catch_up(self.app)

    def catch_up(self, progress=None) -> int:
        return projections.catch_up(self.app, progress)

    def event_count(self) -> int:
        return self.app.recorder.max_notification_id() or 0

    def close(self) -> None:
        if not db.is_closed():
            db.close()
        self.app.close()
