"""Reading a city's own staff list: a SIASN "data utama" export (CSV or XLSX) with SIASN's field
names as headers (`nipBaru`, `nama`, `golRuangAkhir`, `jabatanNama`, `unorNama`, …; any case, any
order; other columns ignored and listed). Values as SIASN writes them: dates dd-mm-yyyy (ISO too),
`jenisKelamin` M/F (L/P, Pria/Wanita, 1/2), golongan `III/b` (PPPK `IX`), BKN's education levels
(`S-1/Sarjana`, `Diploma III/Sarjana Muda`, `SLTA Kejuruan`, …).

Unlike a survey, a staff list is refused row by row: each row with a problem becomes a `Refusal`
(row as a spreadsheet shows it, column, value, reason) and the use case decides whether the file is
refused or only its valid rows imported. A file that cannot be read at all (encoding, empty, header
only, too large, a missing column) raises `FileErrors` like every upload.

CSV: UTF-8 with or without BOM, else Windows-1252 (Excel's "CSV" on Windows); anything else
(UTF-16, binary, bytes Windows-1252 does not define) is refused. `;` or `,` as Excel writes it for
the locale. XLSX: inspected by `xlsx_guard` before opening; formulas come as their text and are
refused, never evaluated.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from domain.limits import COUNT_LIMIT, YEARS, shown, thousands
from domain.rules import GOLONGAN_CODES, DomainError, canonical_nip, validate_identifier
from events.files.survey_files import FileError, FileErrors, Rows, is_blank, read_table, refuse
from events.files.xlsx_guard import MB

MAX_BYTES = 40 * MB        # 100,000 rows of a SIASN export as CSV stay below it
MAX_ROWS = COUNT_LIMIT     # data rows, the header and BLANK_ROWS besides
MAX_CELLS = 3_000_000      # 100,000 rows of 30 columns
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV",
         "XVI", "XVII")


@dataclass(frozen=True)
class Refusal:
    row: int | None
    column: str | None
    value: str
    reason: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "value": self.value, "reason": self.reason}


class Problem(Exception):
    """A cell's value refused, with the reason in Bahasa Indonesia."""


# --- the table --------------------------------------------------------------------------------
def read_sheet(filename: str, data: bytes, max_bytes: int = MAX_BYTES,
               max_rows: int = MAX_ROWS) -> tuple[Rows, str]:
    """The shared reader (survey_files.read_table) with this import's limits; formulas as text."""
    return read_table(filename, data, max_bytes, max_rows, data_only=False, max_cells=MAX_CELLS)


def header_key(cell) -> str:
    return re.sub(r"[^a-z0-9]", "", str(cell or "").lower())


def find_columns(header: list, spec: dict, required: tuple, labels: dict) -> tuple[dict, list[str]]:
    """{key: index} from the header row (a key's first alias present wins) and the ignored columns."""
    names = [header_key(cell) for cell in header]
    found, errors = {}, []
    for key, aliases in spec.items():
        for alias in aliases:
            hits = [i for i, name in enumerate(names) if name == alias]
            if len(hits) > 1:
                errors.append(FileError(1, labels[key], "kolom muncul lebih dari sekali di baris judul"))
            if hits:
                found[key] = hits[0]
                break
        else:
            if key in required:
                errors.append(FileError(1, labels[key], "kolom tidak ditemukan di baris judul"))
    if errors:
        raise FileErrors(errors)
    used = set(found.values())
    ignored = [str(cell).strip() for i, cell in enumerate(header) if i not in used and not is_blank([cell])]
    return found, ignored


def data_rows(rows: Rows, max_rows: int, what: str):
    """(header, the non-blank data rows); refuses an empty file, a header only, too many rows."""
    number, header = next(rows, (1, []))
    if is_blank(header):
        if all(is_blank(cells) for _, cells in rows):
            refuse("berkas kosong")
        refuse("baris judul kosong; baris pertama harus berisi nama kolom", row=1)

    def body():
        count = 0
        for number, cells in rows:
            if is_blank(cells):
                continue
            count += 1
            if count > max_rows:
                refuse(f"berkas berisi lebih dari {thousands(max_rows)} baris {what}; bagi berkasnya")
            yield number, cells
        if count == 0:
            refuse(f"berkas tidak berisi {what} (hanya baris judul)")
    return header, body()


class CellReader:
    """One row read key by key: each value parsed, each refused cell noted (row, column, value,
    reason) while the rest of the row is still read. Shared by the SIASN and peta jabatan readers."""

    def __init__(self, number: int, cells: list, columns: dict, labels: dict | None = None):
        self.number, self.cells, self.columns, self.labels = number, cells, columns, labels or {}
        self.values, self.refusals = {}, []

    def take(self, key: str, parse, *args) -> None:
        text = ""
        try:
            text = cell_text(self.cells, self.columns, key)
            self.values[key] = parse(text, *args)
        except Problem as problem:
            self.refusals.append(Refusal(self.number, self.labels.get(key, key), shown(text), str(problem)))


def cell_text(cells: list, columns: dict, key: str) -> str:
    index = columns.get(key)
    value = cells[index] if index is not None and index < len(cells) else None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = "" if value is None else (value.strftime("%d-%m-%Y") if isinstance(value, (date, datetime))
                                     else str(value))
    text = " ".join(text.split())
    if text.startswith("="):
        raise Problem("rumus (formula) tidak diterima; isi nilainya, bukan rumus")
    return text


# --- values ------------------------------------------------------------------------------------
DATE = re.compile(r"(\d{1,2})[-/](\d{1,2})[-/](\d{4})|(\d{4})-(\d{1,2})-(\d{1,2})")  # dd-mm-yyyy, ISO


def parse_date(text: str, required: bool = True) -> date | None:
    """dd-mm-yyyy (or dd/mm/yyyy) as SIASN writes it, ISO yyyy-mm-dd too; a time after it is ignored."""
    if not text:
        if required:
            raise Problem("tanggal kosong")
        return None
    match = DATE.fullmatch(text.split(" ")[0])
    if not match:
        raise Problem("tanggal tidak sah; gunakan HH-BB-TTTT (misalnya 04-05-1990)")
    day, month, year = (match.group(1, 2, 3) if match.group(1) else match.group(6, 5, 4))
    if not YEARS[0] <= int(year) <= YEARS[1]:
        raise Problem(f"tahun harus antara {YEARS[0]} dan {YEARS[1]}")
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise Problem("tanggal tidak ada di kalender") from None


SEXES = {"m": "L", "l": "L", "1": "L", "pria": "L", "lakilaki": "L",
         "f": "P", "p": "P", "2": "P", "wanita": "P", "perempuan": "P"}


def parse_sex(text: str) -> str:
    sex = SEXES.get(header_key(text))
    if sex is None:
        raise Problem("jenis kelamin harus M/F, L/P, Pria/Wanita atau 1/2")
    return sex


def parse_status(text: str) -> str:
    key = header_key(text)
    if "pppk" in key or "p3k" in key:
        return "PPPK"
    if key.startswith(("pns", "cpns")):
        return "PNS"
    raise Problem("status pegawai harus PNS, CPNS atau PPPK")


GOLONGAN = re.compile(r"^(IV|III|II|I)\s*[/\-.]?\s*([A-E])$")


def parse_golongan(text: str, status: str) -> str:
    """`III/b` (any case, `III-b`, `IIIb`); a PPPK golongan I–XVII as the PNS code of the same rank
    (IX, sarjana, = III/a), which is how Mutasi records it."""
    upper = text.upper().strip()
    match = GOLONGAN.match(upper)
    if match:
        return f"{match.group(1)}/{match.group(2).lower()}"
    if status == "PPPK" and upper in ROMAN:
        return GOLONGAN_CODES[ROMAN.index(upper)]
    raise Problem("golongan tidak dikenal (contoh: III/b; PPPK: IX)")


EDUCATION = (  # normalised prefix -> level, the longest first where one prefix contains another
    ("sarjanamuda", "D3"), ("diplomaiv", "D4"), ("diplomaiii", "D3"), ("diplomaii", "D2"),
    ("diplomai", "D1"), ("div", "D4"), ("diii", "D3"), ("dii", "D2"), ("d4", "D4"), ("d3", "D3"),
    ("d2", "D2"), ("d1", "D1"), ("s1", "S1"), ("sarjana", "S1"), ("s2", "S2"), ("magister", "S2"),
    ("pascasarjana", "S2"), ("s3", "S3"), ("doktor", "S3"), ("slta", "SMA"), ("sma", "SMA"),
    ("smk", "SMA"), ("smu", "SMA"), ("sltp", "SMP"), ("smp", "SMP"), ("sekolahdasar", "SD"),
    ("sd", "SD"), ("di", "D1"))


def parse_education(text: str) -> str:
    key = header_key(text)
    for prefix, level in EDUCATION:
        if key.startswith(prefix):
            return level
    raise Problem("tingkat pendidikan tidak dikenal (contoh: S-1/Sarjana, Diploma III/Sarjana Muda, SLTA)")


def parse_nip(text: str) -> str:
    if re.fullmatch(r"\d(\.\d+)?[eE]\+?\d+", text):
        raise Problem("NIP tersimpan sebagai angka sehingga digitnya hilang; format kolom sebagai Teks")
    try:
        return canonical_nip(text.lstrip("'"))
    except DomainError as error:
        raise Problem(str(error)) from None


# --- people -------------------------------------------------------------------------------------
PEOPLE_COLUMNS = {
    "nip": ("nipbaru", "nip"), "nama": ("nama",), "gelar_depan": ("gelardepan",),
    "gelar_belakang": ("gelarbelakang",), "tgl_lahir": ("tgllahir", "tanggallahir"),
    "jenis_kelamin": ("jeniskelamin",), "status": ("statuspegawai", "jenispegawainama", "jenispegawai"),
    "golongan": ("golruangakhir", "golongan"), "tmt_golongan": ("tmtgolakhir",),
    "jenis_jabatan": ("jenisjabatan", "jenisjabatannama"), "jabatan": ("jabatannama",),
    "tmt_jabatan": ("tmtjabatan",), "unor": ("unornama",), "unor_induk": ("unorinduknama",),
    "eselon": ("eselon", "eselonnama"), "pendidikan_tingkat": ("tkpendidikanterakhir", "tingkatpendidikannama"),
    "pendidikan_nama": ("pendidikanterakhirnama", "pendidikannama"), "tahun_lulus": ("tahunlulus",),
    "tmt_cpns": ("tmtcpns",),
}
PEOPLE_LABELS = {
    "nip": "nipBaru", "nama": "nama", "gelar_depan": "gelarDepan", "gelar_belakang": "gelarBelakang",
    "tgl_lahir": "tglLahir", "jenis_kelamin": "jenisKelamin", "status": "statusPegawai",
    "golongan": "golRuangAkhir", "tmt_golongan": "tmtGolAkhir", "jenis_jabatan": "jenisJabatan",
    "jabatan": "jabatanNama", "tmt_jabatan": "tmtJabatan", "unor": "unorNama",
    "unor_induk": "unorIndukNama", "eselon": "eselon", "pendidikan_tingkat": "tkPendidikanTerakhir",
    "pendidikan_nama": "pendidikanTerakhirNama", "tahun_lulus": "tahunLulus", "tmt_cpns": "tmtCpns",
}
PEOPLE_REQUIRED = ("nip", "nama", "tgl_lahir", "jenis_kelamin", "status", "golongan", "jabatan",
                   "tmt_jabatan", "unor", "pendidikan_tingkat", "pendidikan_nama", "tmt_cpns")


@dataclass(frozen=True)
class PersonRecord:
    row: int
    nip: str
    name: str
    sex: str
    birth_date: date
    status: str
    golongan: str
    tmt_golongan: date | None
    post_name: str
    unit_name: str
    parent_unit_name: str
    in_post_since: date
    education_level: str
    education_field: str
    cpns_date: date


@dataclass
class PeopleFile:
    kind: str  # CSV or XLSX
    rows: int
    people: list[PersonRecord]
    refused: list[Refusal]
    nips_seen: set  # every NIP the file names, refused rows included (they are not missing)
    ignored_columns: list[str]


def read_people(filename: str, data: bytes, max_bytes: int = MAX_BYTES,
                max_rows: int = MAX_ROWS) -> PeopleFile:
    rows, kind = read_sheet(filename, data, max_bytes, max_rows)
    header, body = data_rows(rows, max_rows, "data pegawai")
    columns, ignored = find_columns(header, PEOPLE_COLUMNS, PEOPLE_REQUIRED, PEOPLE_LABELS)
    result, first_row = PeopleFile(kind, 0, [], [], set(), ignored), {}
    for number, cells in body:
        result.rows += 1
        record, refusals, nip = person_row(number, cells, columns)
        if nip:
            if nip in first_row:
                refusals = [Refusal(number, "nipBaru", nip, f"NIP sama dengan baris {first_row[nip]} "
                                                            "(NIP ganda di berkas)")]
            first_row.setdefault(nip, number)
            result.nips_seen.add(nip)
        if refusals:
            result.refused.extend(refusals)
        else:
            result.people.append(record)
    return result


def person_row(number: int, cells: list, columns: dict) -> tuple[PersonRecord | None, list[Refusal], str]:
    reader = CellReader(number, cells, columns, PEOPLE_LABELS)
    values, refusals, take = reader.values, reader.refusals, reader.take

    take("nip", parse_nip)
    take("nama", required_text, "nama")
    for key in ("gelar_depan", "gelar_belakang", "unor_induk"):
        take(key, optional_text)
    take("tgl_lahir", parse_date)
    take("jenis_kelamin", parse_sex)
    take("status", parse_status)
    take("golongan", parse_golongan, values.get("status", "PNS"))
    take("tmt_golongan", parse_date, False)
    take("jabatan", required_text, "nama jabatan")
    take("tmt_jabatan", parse_date)
    take("unor", required_text, "nama unor")
    take("pendidikan_tingkat", parse_education)
    take("pendidikan_nama", required_text, "nama pendidikan")
    take("tmt_cpns", parse_date)
    nip = values.get("nip", "")
    if refusals:
        return None, refusals, nip
    try:
        validate_identifier(nip, values["status"], values["tgl_lahir"], values["jenis_kelamin"],
                            values["tmt_cpns"] if values["status"] == "PNS" else None)
    except DomainError as error:
        return None, [Refusal(number, "nipBaru", nip, str(error))], nip
    name = values["nama"]
    if values["gelar_depan"]:
        name = f"{values['gelar_depan']} {name}"
    if values["gelar_belakang"]:
        name = f"{name}, {values['gelar_belakang']}"
    return PersonRecord(number, nip, name, values["jenis_kelamin"], values["tgl_lahir"], values["status"],
                        values["golongan"], values["tmt_golongan"], values["jabatan"], values["unor"],
                        values["unor_induk"], values["tmt_jabatan"], values["pendidikan_tingkat"],
                        values["pendidikan_nama"], values["tmt_cpns"]), [], nip


def required_text(text: str, label: str) -> str:
    if not text:
        raise Problem(f"{label} kosong")
    if len(text) > 200:
        raise Problem(f"{label} paling panjang 200 karakter")
    return text


def optional_text(text: str) -> str:
    if len(text) > 200:
        raise Problem("paling panjang 200 karakter")
    return text


def name_key(text: str) -> str:
    """How a unit or post name is matched: case and spacing ignored."""
    return " ".join(str(text or "").lower().split())
