"""Importing a city's own data: the peta jabatan (units, posts, ABK need) and a SIASN staff list.

Each import is planned against the views first (`preview`): every row is new, changed, unchanged or
refused, and the changes are the ordinary events of Unit, Position and Employee (registered,
promoted, transferred, corrected, flagged missing). Nothing is written by a preview. An import then
stores all of them and an `ImportRecord` (file name, SHA-256, counts, `only_valid`, actor) in ONE
transaction: one refused row refuses the whole file unless the user asked for the valid rows only,
which the record says. A file imported twice changes nothing but its own record.

A person's post is found by `jabatanNama` + `unorNama` (case and spacing ignored) among the posts of
the peta jabatan; a person in the file whose post is not there is refused with that reason. Active
people absent from the file are flagged once for BKD to record why (`Employee.flag_missing`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from domain.access import Actor
from domain.employee import Employee
from domain.imports import IMPORT_KINDS, ImportRecord
from domain.limits import SHORT_TEXT_LIMIT, clean_text, shown
from domain.organisation import Position, Unit
from domain.rules import DomainError, golongan_rank
from events.app import Mutasi
from events.files.documents import content_hash
from events.files.peta_jabatan_files import read_posts
from events.files.siasn_files import Refusal, name_key, read_people
from events.readside import blobs
from events.readside.audit import flagged_missing
from events.readside.readmodels import EmployeeRow, PositionRow, UnitRow

SIASN_SK = "SIASN"  # the SK number of a promotion or transfer that came from SIASN's data
MEDIA = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


@dataclass
class Outcome:
    kind: str
    file: str
    sha256: str
    rows: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    missing: int = 0
    refused: list = field(default_factory=list)
    changes: list = field(default_factory=list)
    aggregates: list = field(default_factory=list)
    ignored_columns: list = field(default_factory=list)

    def refuse(self, row: int, column: str | None, value, reason: str) -> None:
        self.refused.append(Refusal(row, column, shown(value or ""), reason))

    def summary(self) -> dict:
        return {"kind": self.kind, "file": self.file, "sha256": self.sha256, "rows": self.rows,
                "new": self.new, "changed": self.changed, "unchanged": self.unchanged,
                "missing": self.missing, "refused": [r.as_dict() for r in self.refused],
                "changes": self.changes, "ignored_columns": self.ignored_columns}


class ImportRefused(DomainError):
    """The file has refused rows and the user did not choose to import only the valid ones."""

    def __init__(self, summary: dict) -> None:
        self.summary = summary
        first = "; ".join(f"baris {r['row']}, kolom {r['column']}: {r['reason']}" for r in summary["refused"][:3])
        super().__init__(f"Berkas ditolak, tidak ada data yang disimpan: {len(summary['refused'])} baris "
                         f"bermasalah ({first}). Perbaiki berkasnya, atau impor hanya baris yang sah.")


def run_import(app: Mutasi, actor: Actor, kind: str, filename: str, data: bytes, *,
               dry_run: bool = False, only_valid: bool = False) -> dict:
    """The preview (`dry_run`) or the import of one file; see the module's docstring."""
    actor.require("import_records")
    if kind not in IMPORT_KINDS:
        raise DomainError(f"Jenis impor '{shown(kind)}' tidak dikenal (posts atau people).")
    filename = clean_text(filename, "Nama berkas", required=True, limit=SHORT_TEXT_LIMIT)
    outcome = Outcome(kind, filename, content_hash(data))
    (plan_posts if kind == "posts" else plan_people)(outcome, actor, filename, data, app)
    summary = outcome.summary()
    if dry_run:
        return {**summary, "imported": False}
    if outcome.refused and not only_valid:
        raise ImportRefused(summary)
    counts = {key: summary[key] for key in ("rows", "new", "changed", "unchanged", "missing")}
    record = ImportRecord.record(kind=kind, file=filename, sha256=outcome.sha256, rows=outcome.rows,
                                 counts={**counts, "refused": len(outcome.refused)}, only_valid=only_valid,
                                 refused_rows=sorted({r.row for r in outcome.refused if r.row}),
                                 actor=actor.username, role=actor.role)
    app.store(*outcome.aggregates, record, conflict="Data berubah selama impor; ulangi impornya.")
    return {**summary, "imported": True, "import_id": str(record.id), "only_valid": only_valid}


def preview_upload(app: Mutasi, actor: Actor, kind: str, filename: str, data: bytes) -> dict:
    """The browser's preview: the same as a dry run, and the file kept by its SHA-256 so that the
    confirmation imports exactly the bytes previewed (`confirm_upload`)."""
    summary = run_import(app, actor, kind, filename, data, dry_run=True)
    blobs.put(data, MEDIA.get(filename.rsplit(".", 1)[-1].lower(), "application/octet-stream"))
    return summary


def confirm_upload(app: Mutasi, actor: Actor, kind: str, filename: str, sha256: str,
                   only_valid: bool) -> dict:
    actor.require("import_records")
    if not re.fullmatch(r"[0-9a-f]{64}", sha256 or ""):
        raise DomainError("Sidik berkas yang dipratinjau tidak sah; unggah berkasnya lagi.")
    data = blobs.get(sha256)  # refused when absent or when its bytes no longer match the SHA-256
    return run_import(app, actor, kind, filename, data, only_valid=only_valid)


# --- the peta jabatan ---------------------------------------------------------------------------
def plan_posts(outcome: Outcome, actor: Actor, filename: str, data: bytes, app: Mutasi) -> None:
    posts_file = read_posts(filename, data)
    outcome.rows, outcome.ignored_columns = posts_file.rows, posts_file.ignored_columns
    outcome.refused.extend(posts_file.refused)
    by = {"actor": actor.username, "role": actor.role}
    units = {name_key(row.name): row for row in UnitRow.select()}
    codes = {row.code for row in units.values()}
    refused_units = set()
    for key, record in posts_file.units.items():  # parents first: they are looked up by name
        unit_for(key, posts_file.units, units, codes, refused_units, outcome, by)
    existing = {row.code: row for row in PositionRow.select()}
    for post in posts_file.posts:
        unit = units.get(name_key(post.unit_name))
        if unit is None:
            outcome.refuse(post.row, "unor", post.unit_name, "unor ditolak (lihat baris unor tersebut)")
            continue
        try:
            plan_post(app, outcome, post, unit, existing.get(post.code), filename, by)
        except DomainError as error:
            outcome.refuse(post.row, "jabatan", post.name, str(error))


def unit_for(key: str, file_units: dict, units: dict, codes: set, refused: set, outcome: Outcome, by: dict):
    """The unit named `key`: known, or established from the file (its parent first)."""
    if key in units or key in refused:
        return units.get(key)
    record = file_units[key]
    parent = None
    if record.parent_name:
        parent_key = name_key(record.parent_name)
        parent = units.get(parent_key)
        if parent is None and parent_key in file_units and parent_key != key:
            refused.add(key)  # no cycle: a unit waits for its parent only once
            parent = unit_for(parent_key, file_units, units, codes, refused, outcome, by)
            refused.discard(key)
        if parent is None:
            outcome.refuse(record.row, "unor_induk", record.parent_name,
                           "unor induk tidak ada di berkas maupun di data")
            refused.add(key)
            return None
    if record.code in codes:
        outcome.refuse(record.row, "kode_unor", record.code, "kode unor sudah dipakai unor lain")
        refused.add(key)
        return None
    try:
        unit = Unit.establish(code=record.code, name=record.name, kind=record.kind,
                              parent_code=parent.code if parent else None, service_priority=2, **by)
    except DomainError as error:
        outcome.refuse(record.row, "unor", record.name, str(error))
        refused.add(key)
        return None
    units[key] = unit
    codes.add(unit.code)
    outcome.aggregates.append(unit)
    outcome.changes.append({"code": unit.code, "kind": "established", "from": None, "to": unit.name})
    return unit


def plan_post(app: Mutasi, outcome: Outcome, post, unit, known, filename: str, by: dict) -> None:
    if known is None:
        position = Position.create(
            code=post.code, unit=unit, name=post.name, jabatan_type=post.jabatan_type, eselon=post.eselon,
            level=post.level, band_low=post.band_low, band_high=post.band_high,
            education_families=(post.family,) if post.family else (), track=post.family or "umum",
            abk_need=post.abk_need, strategic=False, jf=post.jf, education_levels=post.education_levels,
            education_fields=post.education_fields, credential=post.credential, **by)
        outcome.aggregates.append(position)
        outcome.new += 1
        outcome.changes.append({"code": post.code, "kind": "created", "from": None,
                                "to": f"{post.name} ({unit.name}), kebutuhan {post.abk_need}"})
        return
    recorded = (name_key(known.name), known.unit_code, known.jabatan_type, known.eselon, known.level)
    if recorded != (name_key(post.name), unit.code, post.jabatan_type, post.eselon, post.level):
        raise DomainError(f"jabatan {post.code} tercatat dengan nama, unor, jenis, eselon atau jenjang lain; "
                          "hanya kebutuhan ABK yang dapat diubah lewat impor")
    if known.abk_need == post.abk_need:
        outcome.unchanged += 1
        return
    position = app.position(post.code)
    position.change_need(post.abk_need, f"Peta jabatan (impor berkas {filename})", by["actor"], by["role"])
    outcome.aggregates.append(position)
    outcome.changed += 1
    outcome.changes.append({"code": post.code, "kind": "need_changed", "from": known.abk_need,
                            "to": post.abk_need})


# --- the SIASN staff list -----------------------------------------------------------------------
def plan_people(outcome: Outcome, actor: Actor, filename: str, data: bytes, app: Mutasi) -> None:
    people_file = read_people(filename, data)
    outcome.rows, outcome.ignored_columns = people_file.rows, people_file.ignored_columns
    outcome.refused.extend(people_file.refused)
    by, source = {"actor": actor.username, "role": actor.role}, f"data SIASN (berkas {filename})"
    unit_names = {row.code: row.name for row in UnitRow.select(UnitRow.code, UnitRow.name)}
    posts, places = {}, {}
    for row in PositionRow.select(PositionRow.id, PositionRow.unit_id, PositionRow.unit_code, PositionRow.name,
                                  PositionRow.code).iterator():
        posts.setdefault((name_key(unit_names.get(row.unit_code)), name_key(row.name)), []).append(row)
        places[row.id] = f"{row.name} ({unit_names.get(row.unit_code, row.unit_code)})"
    columns = (EmployeeRow.id, EmployeeRow.nip, EmployeeRow.name, EmployeeRow.golongan, EmployeeRow.education_level,
               EmployeeRow.education_field, EmployeeRow.position_id, EmployeeRow.active, EmployeeRow.left_on)
    known = {row.nip: row for row in EmployeeRow.select(*columns).namedtuples().iterator()}
    flagged = flagged_missing()  # ids of the people flagged absent from an earlier list, not found since
    for person in people_file.people:
        row = known.get(person.nip)
        post = post_of(person, posts.get((name_key(person.unit_name), name_key(person.post_name)), []), row)
        if isinstance(post, str):
            outcome.refuse(person.row, "jabatanNama", person.post_name, post)
            continue
        try:
            plan_person(app, outcome, person, post, row, places, source, by, row is not None and row.id in flagged)
        except DomainError as error:
            outcome.refuse(person.row, getattr(error, "column", None), person.nip, str(error))
    for row in known.values():
        if row.active and row.nip not in people_file.nips_seen:
            employee = app.employee(row.nip)
            if employee.flag_missing(source=source, **by):
                outcome.aggregates.append(employee)
                outcome.missing += 1
                outcome.changes.append({"nip": row.nip, "kind": "missing", "from": places.get(row.position_id),
                                        "to": None})


def post_of(person, candidates: list, row):
    """The post `jabatanNama` + `unorNama` name, or why there is none: not in the peta jabatan, or
    several posts of that name in units of that name (the person's current one among them is kept)."""
    where = f"jabatan '{shown(person.post_name)}' di unor '{shown(person.unit_name)}'"
    if not candidates:
        return f"{where} tidak ada di peta jabatan; impor peta jabatan dulu atau samakan namanya"
    if len(candidates) == 1:
        return candidates[0]
    current = [post for post in candidates if row is not None and post.id == row.position_id]
    if current:
        return current[0]
    return (f"{where} ada {len(candidates)} di peta jabatan ({', '.join(p.code for p in candidates[:5])}); "
            "beri nama yang berbeda agar dapat dicocokkan")


def step(column: str, command, **arguments) -> None:
    """One command of a person's changes; its refusal names the column it came from."""
    try:
        command(**arguments)
    except DomainError as error:
        error.column = column
        raise


def plan_person(app: Mutasi, outcome: Outcome, person, post, row, places: dict, source: str, by: dict,
                flagged: bool = False) -> None:
    if row is None:
        outcome.aggregates.append(Employee.register(
            position=post, nip=person.nip, name=person.name, sex=person.sex, birth_date=person.birth_date,
            status=person.status, golongan=person.golongan, education_level=person.education_level,
            education_field=person.education_field, education_family="", in_post_since=person.in_post_since,
            cpns_date=person.cpns_date, **by))
        outcome.new += 1
        outcome.changes.append({"nip": person.nip, "kind": "registered", "from": None, "to": places[post.id]})
        return
    if not row.active:
        raise DomainError(f"ASN {row.nip} tercatat berhenti sejak {row.left_on:%d-%m-%Y}; periksa data SIASN")
    corrections = {key: new for key, old, new in (
        ("name", row.name, person.name), ("education_level", row.education_level, person.education_level),
        ("education_field", row.education_field, person.education_field)) if old != new}
    rise = golongan_rank(person.golongan) - golongan_rank(row.golongan)
    if rise < 0:
        corrections["golongan"] = person.golongan
    moved = post.id != row.position_id
    if not corrections and rise <= 0 and not moved and not flagged:
        outcome.unchanged += 1
        return
    employee, changes = app.employee(row.nip), []
    if flagged and employee.found_again(source=source, **by):  # flagged missing before, in this file again
        changes.append({"nip": row.nip, "kind": "found_again", "from": None, "to": places.get(row.position_id)})
    if corrections:
        previous = {key: getattr(row, key) for key in corrections}
        step("nama", employee.correct_record, changes=dict(corrections), reason=f"Koreksi dari {source}", **by)
        changes.append({"nip": row.nip, "kind": "corrected", "from": previous, "to": corrections})
    if rise > 0:
        step("golRuangAkhir", employee.promote, golongan=person.golongan,
             tmt=person.tmt_golongan or person.in_post_since, sk_number=SIASN_SK, **by)
        changes.append({"nip": row.nip, "kind": "promoted", "from": row.golongan, "to": person.golongan})
    if moved:
        step("tmtJabatan", employee.transfer, to=post, sk_number=SIASN_SK, sk_date=person.in_post_since,
             tmt=person.in_post_since, reason=f"Perubahan jabatan menurut {source}", **by)
        changes.append({"nip": row.nip, "kind": "transferred", "from": places.get(row.position_id),
                        "to": places[post.id]})
    outcome.aggregates.append(employee)
    outcome.changed += 1
    outcome.changes.extend(changes)
