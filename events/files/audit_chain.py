"""Hash-chained exports of the audit trail, and their verification. Standard library only: an
inspector can verify a file with this module alone (or re-implement it from this description).

Every record has `prev_hash` and `hash`, where
    hash = SHA-256 hex of (prev_hash + canonical JSON of the record without "hash"),
canonical JSON = keys sorted, separators "," and ":", UTF-8 without \\u escapes (json.dumps with
sort_keys=True, separators=(",", ":"), ensure_ascii=False); the first record's prev_hash is 64 zeros.
JSON Lines: one record per line. CSV: UTF-8 with BOM, a header row, the `data` column holds the
record's data as JSON, empty cells are null, and a cell that starts with = + - @ tab CR or ' gets one
leading ' (so no spreadsheet runs it as a formula; strip that one quote to get the value back).
Keep the last hash with the file: comparing it also catches records cut off the end.
Once the log has a signed checkpoint, the last record is of type `Log.Checkpoint`: the stored log's
head position and link at export time and the last checkpoint (position, link, Ed25519 signature,
public key); verification checks that signature when the `cryptography` package is at hand.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import math
from datetime import date, datetime, timezone
from decimal import Decimal
from enum import Enum
from itertools import chain
from typing import Iterable, Iterator
from uuid import UUID

BATCH = 1000
CHECKPOINT_RECORD = "Log.Checkpoint"
GENESIS = "0" * 64
CSV_COLUMNS = ("position", "time", "type", "aggregate", "version", "actor", "role", "reason", "nip",
               "unit", "plan", "data", "prev_hash", "hash")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")  # "'" too, so that restoring is exact


def naive_utc(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc).replace(tzinfo=None) if moment.tzinfo else moment


def json_safe(value):
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, datetime):
        return iso_utc(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (UUID, Decimal)):
        return str(value)
    if isinstance(value, Enum):
        return json_safe(value.value)
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted((json_safe(v) for v in value), key=str)
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    return str(value)


def iso_utc(moment: datetime) -> str:
    return naive_utc(moment).isoformat(timespec="microseconds") + "Z"


def canonical(record: dict) -> str:
    return json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def record_hash(record: dict) -> str:
    body = {k: v for k, v in record.items() if k != "hash"}
    return hashlib.sha256((str(body["prev_hash"]) + canonical(body)).encode("utf-8")).hexdigest()


def chained(records: Iterable[dict], summary: dict) -> Iterator[dict]:
    previous, summary["count"], summary["hash"] = GENESIS, 0, None
    for record in records:
        record["prev_hash"] = previous
        record["hash"] = previous = record_hash(record)
        summary["count"] += 1
        summary["hash"] = previous
        yield record


def as_jsonl(records: Iterable[dict]) -> Iterator[str]:
    lines = []
    for record in records:
        lines.append(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
        if len(lines) >= BATCH:
            yield "".join(lines)
            lines = []
    if lines:
        yield "".join(lines)


def neutralise(text: str) -> str:
    """A cell that a spreadsheet could read as a formula gets a leading single quote."""
    return "'" + text if text.startswith(FORMULA_START) else text


def restore(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_START) else text


def csv_cells(record: dict) -> list[str]:
    cells = []
    for column in CSV_COLUMNS:
        value = record[column]
        if column == "data":
            value = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        cells.append("" if value is None else neutralise(value) if isinstance(value, str) else str(value))
    return cells


def as_csv(records: Iterable[dict]) -> Iterator[str]:
    """UTF-8 with a BOM (so spreadsheets read it as UTF-8), a header row, one row per event."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(CSV_COLUMNS)
    for n, record in enumerate(records, 1):
        writer.writerow(csv_cells(record))
        if n % BATCH == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


# --- verification (needs nothing but the file) -------------------------------------------------------
class BrokenExport(Exception):
    pass


def jsonl_records(lines: Iterable[str]) -> Iterator[tuple[str, dict]]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError:
            raise BrokenExport(f"Baris {number} bukan JSON yang sah.") from None
        if not isinstance(record, dict):
            raise BrokenExport(f"Baris {number} bukan objek JSON.")
        yield f"baris {number}", record


def csv_records(lines: Iterable[str]) -> Iterator[tuple[str, dict]]:
    reader = csv.reader(lines)
    if tuple(next(reader, ())) != CSV_COLUMNS:
        raise BrokenExport("Baris judul CSV tidak sesuai format ekspor jejak audit.")
    for row in reader:
        if len(row) != len(CSV_COLUMNS):
            raise BrokenExport(f"Baris {reader.line_num} CSV berisi {len(row)} kolom, "
                               f"bukan {len(CSV_COLUMNS)}.")
        cells = dict(zip(CSV_COLUMNS, (restore(c) for c in row)))
        try:
            record = {**cells, "position": int(cells["position"]), "version": int(cells["version"]),
                      "data": json.loads(cells["data"])}
        except ValueError:
            raise BrokenExport(f"Baris {reader.line_num} CSV tidak dapat dibaca "
                               "(posisi, versi atau data).") from None
        for column in ("reason", "nip", "unit", "plan"):
            record[column] = record[column] or None
        yield f"baris {reader.line_num}", record


def safe_hash(record: dict) -> str | None:
    try:
        return record_hash(record)
    except (ValueError, TypeError):  # NaN or other values no export writes
        return None


def verify_export(lines: Iterable[str], last_hash: str | None = None) -> tuple[bool, str]:
    """Re-computes the hash chain of a JSON Lines or CSV export: (ok, message in Indonesian).

    Read files with newline="" (CSV cells may hold line breaks). `last_hash`, the value noted at
    export time, also catches records cut off the end."""
    lines = iter(lines)
    first = next(lines, "").lstrip("\ufeff")
    lines = chain([first], lines)
    records = csv_records(lines) if first.startswith("position,") else jsonl_records(lines)
    previous, count, last = GENESIS, 0, {}
    try:
        for where, record in records:
            position = record.get("position")
            if record.get("prev_hash") != previous:
                return False, (f"Rantai hash putus pada kejadian #{position} ({where}): prev_hash tidak sama "
                               "dengan hash catatan sebelumnya (catatan dihapus, disisipkan atau ditukar).")
            if record.get("hash") != safe_hash(record):
                return False, f"Kejadian #{position} ({where}) telah diubah: hash catatan tidak cocok."
            previous, count, last = record["hash"], count + 1, record
    except BrokenExport as error:
        return False, str(error)
    signed = checkpoint_note(last) if count and last.get("type") == CHECKPOINT_RECORD else ""
    if signed.startswith("TIDAK"):
        return False, f"Checkpoint di akhir berkas {signed}."
    if last_hash and last_hash.strip().lower() != previous:
        return False, (f"Rantai {count} catatan utuh, tetapi hash terakhirnya {previous} tidak sama dengan "
                       f"{last_hash.strip()}: ada catatan yang dipotong dari akhir atau berkasnya diganti.")
    return True, f"Rantai hash utuh: {count} catatan, hash terakhir {previous if count else '-'}.{signed}"


def checkpoint_note(record: dict) -> str:
    """The check of a Log.Checkpoint record's signature, for the verdict's message."""
    checkpoint = (record.get("data") or {}).get("checkpoint") or {}
    try:
        import cryptography  # noqa: F401
        from domain.event_links import checkpoint_message, fingerprint, verify_signature
    except ImportError:  # this module alone, without the app: the signature is left to the inspector
        return " Tanda tangan checkpoint tidak diperiksa (paket cryptography tidak tersedia)."
    try:
        message = checkpoint_message(int(checkpoint["position"]), str(checkpoint["link"]))
        ok = verify_signature(str(checkpoint["public_key"]), str(checkpoint["signature"]), message)
    except (KeyError, TypeError, ValueError):
        ok = False
    if not ok:
        return "TIDAK bertanda tangan sah."
    return (f" Checkpoint posisi {checkpoint['position']} bertanda tangan sah (kunci SHA-256 "
            f"{fingerprint(checkpoint['public_key'])}); tautan kepala log saat ekspor "
            f"{record['data'].get('head_link')}.")
