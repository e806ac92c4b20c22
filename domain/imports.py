"""An import of a city's own data (the peta jabatan, a SIASN staff list), recorded as an event so
that an inspector sees where every fact came from: the file's name and SHA-256, its counts, whether
only its valid rows were imported, and who imported it. The facts themselves are the ordinary events
of Unit, Position and Employee that the import produced in the same transaction."""
from __future__ import annotations

from eventsourcing.domain import Aggregate, event

from domain.limits import SHORT_TEXT_LIMIT, clean_text
from domain.rules import DomainError

IMPORT_KINDS = {"posts": "peta jabatan", "people": "data utama SIASN"}


class ImportRecord(Aggregate):
    @classmethod
    def record(cls, *, kind: str, file: str, sha256: str, rows: int, counts: dict, only_valid: bool,
               refused_rows: list, actor: str, role: str) -> "ImportRecord":
        if kind not in IMPORT_KINDS:
            raise DomainError(f"Jenis impor '{kind}' tidak dikenal (posts atau people).")
        if len(sha256 or "") != 64:
            raise DomainError("Sidik SHA-256 berkas tidak sah.")
        return cls(kind=kind, file=clean_text(file, "Nama berkas", required=True, limit=SHORT_TEXT_LIMIT),
                   sha256=sha256, rows=int(rows), counts={k: int(v) for k, v in counts.items()},
                   only_valid=bool(only_valid), refused_rows=[int(r) for r in refused_rows],
                   actor=actor, role=role)

    @event("Recorded")
    def __init__(self, kind: str, file: str, sha256: str, rows: int, counts: dict, only_valid: bool,
                 refused_rows: list, actor: str, role: str) -> None:
        self.kind, self.file, self.sha256, self.rows = kind, file, sha256, rows
        self.counts, self.only_valid, self.refused_rows = counts, only_valid, refused_rows
