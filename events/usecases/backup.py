"""`mutasi backup OUT` and `mutasi restore IN`: the event log, the accounts and the stored files.

A backup is gzip-compressed JSON Lines: a header (format, version, time, the views' checksum when
they were current), one line per event with its original position, one per account (with its
password hash: the file is created readable by its owner only) and one per stored file, and a last
line with the counts and the SHA-256 of every line before it. The views are not in it: they are
rebuilt from the log, and the checksum proves they came out the same.

A restore reads the file twice: first to check it whole (nothing is written when it is damaged or
truncated), then to write it, only into an empty installation.
"""
from __future__ import annotations

import base64
import gzip
import hashlib
import json
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator
from uuid import UUID

from domain.rules import DomainError
from events.readside import projections
from events.readside.blobs import BlobRow
from events.readside.readmodels import db
from events.store import insert_notifications
from events.usecases.accounts import AccountRow

FORMAT, VERSION = "mutasi-backup", 1
BATCH = 2000
ACCOUNT_FIELDS = ("username", "full_name", "password_hash", "role", "unit_code", "active", "created_at",
                  "session_version")


def backup(app, target: Path, views_current: bool) -> dict:
    """Writes the backup; returns its counts. The log is read up to its head at the start."""
    head = app.recorder.max_notification_id() or 0
    header = {"format": FORMAT, "version": VERSION, "created": datetime.now(timezone.utc).isoformat(),
              "checksum": projections.checksum() if views_current else None}
    counts = {"events": 0, "accounts": 0, "blobs": 0}
    digest = hashlib.sha256()
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # password hashes inside
    with os.fdopen(fd, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
        def write(record: dict) -> None:
            line = (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
            digest.update(line)
            out.write(line)
        write(header)
        for kind, record in records(app, head):
            counts[kind] += 1
            write(record)
        out.write((json.dumps({"end": {**counts, "sha256": digest.hexdigest()}}) + "\n").encode())
    return {**counts, "checksum": header["checksum"]}


def records(app, head: int) -> Iterator[tuple[str, dict]]:
    start = 1
    while start <= head:
        batch = app.recorder.select_notifications(start, BATCH, stop=head)
        if not batch:
            break
        for n in batch:
            yield "events", {"e": [n.id, str(n.originator_id), n.originator_version, n.topic,
                                   base64.b64encode(n.state).decode()]}
        start = batch[-1].id + 1
    for row in AccountRow.select().order_by(AccountRow.username).dicts().iterator():
        yield "accounts", {"a": {k: str(row[k]) if k == "created_at" else row[k] for k in ACCOUNT_FIELDS}}
    for row in BlobRow.select().order_by(BlobRow.sha256).iterator():
        yield "blobs", {"b": {"sha256": row.sha256, "media_type": row.media_type,
                              "content": base64.b64encode(bytes(row.content)).decode()}}


def read(source: Path) -> Iterator[tuple[bytes, dict]]:
    try:
        with gzip.open(source, "rb") as lines:
            for line in lines:
                yield line, json.loads(line)
    except (OSError, EOFError, ValueError) as error:
        raise DomainError(f"Berkas cadangan rusak atau bukan cadangan Mutasi ({error}).") from None


def check(source: Path) -> dict:
    """The header after checking the whole file: format, counts and the hash of its lines."""
    digest, header, counts, end = hashlib.sha256(), None, {"events": 0, "accounts": 0, "blobs": 0}, None
    for line, record in read(source):
        if end is not None:
            raise DomainError("Berkas cadangan rusak: ada data setelah baris penutup.")
        if "end" in record:
            end = record["end"]
            continue
        digest.update(line)
        if header is None:
            header = record
            if header.get("format") != FORMAT or header.get("version") != VERSION:
                raise DomainError("Berkas ini bukan cadangan Mutasi (versi 1).")
            continue
        counts[{"e": "events", "a": "accounts", "b": "blobs"}[next(iter(record))]] += 1
    if end is None or end.get("sha256") != digest.hexdigest() or any(end.get(k) != v for k, v in counts.items()):
        raise DomainError("Berkas cadangan tidak utuh (terpotong atau diubah): tidak ada yang dipulihkan.")
    return {**header, **counts}


def is_empty(app) -> bool:
    return not (app.recorder.max_notification_id() or AccountRow.select().exists() or BlobRow.select().exists())


def restore(app, source: Path) -> dict:
    """Writes a checked backup into an empty installation (events, then accounts and files)."""
    if not is_empty(app):
        raise DomainError("Instalasi tujuan tidak kosong (sudah ada kejadian, akun atau berkas): pemulihan "
                          "hanya ke basis data kosong.")
    header = check(source)
    events = ((r["e"][0], UUID(r["e"][1]), r["e"][2], r["e"][3], base64.b64decode(r["e"][4]))
              for _, r in read(source) if "e" in r)
    try:
        insert_notifications(app.recorder, events)
    except ValueError as error:
        raise DomainError(f"{error} Pemulihan dibatalkan.") from None
    with db.atomic():
        for _, record in read(source):
            if "a" in record:
                row = record["a"]
                AccountRow.insert(**{**row, "created_at": datetime.fromisoformat(row["created_at"])}).execute()
            elif "b" in record:
                blob = record["b"]
                content = base64.b64decode(blob["content"])
                BlobRow.insert(sha256=blob["sha256"], media_type=blob["media_type"], size=len(content),
                               content=content).execute()
    return header
