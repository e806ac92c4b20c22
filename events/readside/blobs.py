"""Files kept in the database, addressed by their SHA-256: the signed SKs (later: evidence files).

Not a projection (a signature cannot be replayed): rebuilding the views keeps them, like accounts.
An event records a file's hash; the bytes live here, on SQLite and PostgreSQL alike. Storing the same
bytes twice keeps one row; a file is checked against its address whenever it is read.
"""
from __future__ import annotations

import peewee as pw

from domain.rules import DomainError
from events.files.documents import content_hash
from events.readside.readmodels import Base, db


class BlobRow(Base):
    sha256 = pw.CharField(primary_key=True, max_length=64)
    media_type = pw.CharField(max_length=100)
    size = pw.IntegerField()
    content = pw.BlobField()


def create_tables() -> None:
    db.create_tables([BlobRow], safe=True)


def put(data: bytes, media_type: str) -> str:
    digest = content_hash(data)
    with db.atomic():
        (BlobRow.insert(sha256=digest, media_type=media_type, size=len(data), content=data)
         .on_conflict_ignore().execute())
    return digest


def get(digest: str) -> bytes:
    row = BlobRow.get_or_none(BlobRow.sha256 == digest)
    if row is None:
        raise DomainError(f"Berkas {digest[:12]}… tidak tersimpan.")
    data = bytes(row.content)
    if content_hash(data) != digest:
        raise DomainError(f"Berkas {digest[:12]}… rusak: isinya tidak cocok dengan sidiknya.")
    return data
