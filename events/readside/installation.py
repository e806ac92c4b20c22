"""Facts about this installation that are neither events nor views: for now, that a `mutasi demo`
has started and not finished (so that the next one can remove what it left and start again).
Not a projection: rebuilding the views keeps them."""
from __future__ import annotations

import peewee as pw

from events.readside.readmodels import Base, db


class InstallationRow(Base):
    key = pw.CharField(primary_key=True, max_length=100)
    value = pw.TextField(default="")


def create_tables() -> None:
    db.create_tables([InstallationRow], safe=True)


def mark(key: str, value: str = "") -> None:
    (InstallationRow.insert(key=key, value=value)
     .on_conflict(conflict_target=[InstallationRow.key], preserve=[InstallationRow.value]).execute())


def unmark(key: str) -> None:
    InstallationRow.delete().where(InstallationRow.key == key).execute()


def marked(key: str) -> bool:
    return InstallationRow.select().where(InstallationRow.key == key).exists()
