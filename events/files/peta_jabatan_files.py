"""Reading the peta jabatan (units and posts with their ABK need) from CSV or XLSX: columns `unor`,
`unor_induk`, `kode_unor`, `jabatan`, `kode_jabatan`, `jenis_jabatan`, `eselon`, `jf`, `jenjang`,
`kelas_jabatan`, `kebutuhan`, `pendidikan`, `bidang_pendidikan`, `rumpun`, `sertifikat` (any case;
other columns ignored and listed). The same reading, encodings and refusals as the SIASN staff list
(`events.files.siasn_files`). A post without `kode_jabatan` gets a stable code derived from its unit's
code and its name; a unit without `kode_unor` one derived from its name.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from domain.limits import COUNT_LIMIT, shown
from domain.organisation import CODE_LIMIT
from domain.professions import JF_LEVEL_BANDS, JF_LEVEL_NAMES, JF_LEVELS, STRUCTURAL_ESELON
from domain.rules import ESELON_BANDS
from events.files.siasn_files import (MAX_BYTES, MAX_ROWS, CellReader, Problem, Refusal, cell_text, data_rows,
                                      find_columns, name_key, optional_text, parse_education, read_sheet,
                                      required_text)

POST_COLUMNS = {
    "unor": ("unor", "unornama"), "unor_induk": ("unorinduk", "unorinduknama"), "kode_unor": ("kodeunor",),
    "jabatan": ("jabatan", "jabatannama"), "kode_jabatan": ("kodejabatan",),
    "jenis_jabatan": ("jenisjabatan",), "eselon": ("eselon",), "jf": ("jf",), "jenjang": ("jenjang",),
    "kelas_jabatan": ("kelasjabatan",), "kebutuhan": ("kebutuhan", "kebutuhanabk"),
    "pendidikan": ("pendidikan",), "bidang_pendidikan": ("bidangpendidikan",), "rumpun": ("rumpun",),
    "sertifikat": ("sertifikat",),
}
POST_LABELS = {key: key for key in POST_COLUMNS}
POST_REQUIRED = ("unor", "jabatan", "jenis_jabatan", "kebutuhan")
UNIT_WORDS = (  # a unit's kind from its name, first match
    ("sekretariat daerah", "setda"), ("sekretariat", "sekretariat"), ("inspektorat", "inspektorat"),
    ("rumah sakit", "rsud"), ("rsud", "rsud"), ("puskesmas", "puskesmas"), ("sekolah", "sekolah"),
    ("sd negeri", "sekolah"), ("smp negeri", "sekolah"), ("sdn", "sekolah"), ("smpn", "sekolah"),
    ("kecamatan", "kecamatan"), ("kelurahan", "kelurahan"), ("badan", "badan"), ("dinas", "dinas"))
PELAKSANA_BAND = ("I/a", "III/d")  # a pelaksana post admits any PNS pangkat up to III/d
LEVEL_KEYS = {name.lower(): key for key, name in JF_LEVEL_NAMES.items()}
TYPE_WORDS = {"jpt": "jpt", "jptpratama": "jpt", "administrator": "administrator", "pengawas": "pengawas",
              "pelaksana": "pelaksana", "jfu": "pelaksana", "fungsionalumum": "pelaksana"}


@dataclass(frozen=True)
class UnitRecord:
    row: int
    code: str
    name: str
    kind: str
    parent_name: str


@dataclass(frozen=True)
class PostRecord:
    row: int
    code: str
    unit_name: str
    name: str
    jabatan_type: str
    eselon: str | None
    level: str | None
    band_low: str
    band_high: str
    jf: str | None
    abk_need: int
    education_levels: tuple
    education_fields: tuple
    family: str
    credential: dict | None


@dataclass
class PostsFile:
    kind: str
    rows: int
    units: dict  # name key -> UnitRecord (first row that names it)
    posts: list[PostRecord]
    refused: list[Refusal]
    ignored_columns: list[str]


def derived_code(*parts: str) -> str:
    """Upper-case words joined by '-', cut to CODE_LIMIT with a digest of the whole so it stays unique."""
    text = "-".join(re.sub(r"[^A-Z0-9]+", "-", p.upper()).strip("-") for p in parts if p)
    if len(text) <= CODE_LIMIT:
        return text
    return text[:CODE_LIMIT - 9].rstrip("-") + "-" + hashlib.sha1(text.encode()).hexdigest()[:8].upper()


def unit_kind(name: str) -> str:
    key = name_key(name)
    for word, kind in UNIT_WORDS:
        if word in key:
            return kind
    return "dinas"


def read_posts(filename: str, data: bytes, max_bytes: int = MAX_BYTES,
               max_rows: int = min(MAX_ROWS, COUNT_LIMIT)) -> PostsFile:
    rows, kind = read_sheet(filename, data, max_bytes, max_rows)
    header, body = data_rows(rows, max_rows, "jabatan")
    columns, ignored = find_columns(header, POST_COLUMNS, POST_REQUIRED, POST_LABELS)
    result, first = PostsFile(kind, 0, {}, [], [], ignored), {}
    for number, cells in body:
        result.rows += 1
        unit, post, refusals = post_row(number, cells, columns)
        if not refusals:
            refusals = consistent(result.units, first, unit, post)
        if refusals:
            result.refused.extend(refusals)
            continue
        result.units.setdefault(name_key(unit.name), unit)
        first[(name_key(unit.name), name_key(post.name))] = number
        result.posts.append(post)
    return result


def consistent(units: dict, first: dict, unit: UnitRecord, post: PostRecord) -> list[Refusal]:
    known = units.get(name_key(unit.name))
    if known and (known.code, name_key(known.parent_name)) != (unit.code, name_key(unit.parent_name)):
        return [Refusal(unit.row, "unor", shown(unit.name), f"unor ini di baris {known.row} tercatat dengan "
                        "kode atau unor induk lain")]
    seen = first.get((name_key(unit.name), name_key(post.name)))
    if seen:
        return [Refusal(post.row, "jabatan", shown(post.name), f"jabatan yang sama di unor yang sama sudah ada "
                        f"di baris {seen}; jumlahkan kebutuhannya dalam satu baris")]
    return []


def post_row(number: int, cells: list, columns: dict):
    reader = CellReader(number, cells, columns)
    values, refusals, take = reader.values, reader.refusals, reader.take

    take("unor", required_text, "nama unor")
    take("jabatan", required_text, "nama jabatan")
    for key in ("unor_induk", "kode_unor", "kode_jabatan", "jf", "bidang_pendidikan", "rumpun"):
        take(key, optional_text)
    take("jenis_jabatan", parse_type)
    take("eselon", parse_eselon)
    take("jenjang", parse_level)
    take("kelas_jabatan", parse_class)
    take("kebutuhan", parse_need)
    take("pendidikan", parse_levels)
    take("sertifikat", parse_credential)
    if refusals:
        return None, None, refusals
    try:
        jabatan_type, eselon, level, band = post_kind(values)
    except Problem as problem:
        return None, None, [Refusal(number, "jenis_jabatan", shown(cell_text(cells, columns, "jenis_jabatan")),
                                    str(problem))]
    unit_code = (values["kode_unor"].upper() or derived_code(values["unor"]))[:CODE_LIMIT]
    unit = UnitRecord(number, unit_code, values["unor"], unit_kind(values["unor"]), values["unor_induk"])
    code = values["kode_jabatan"].upper() or derived_code(unit_code, values["jabatan"])
    fields = tuple(f.strip() for f in values["bidang_pendidikan"].split(";") if f.strip())
    post = PostRecord(number, code[:CODE_LIMIT], values["unor"], values["jabatan"], jabatan_type, eselon, level,
                      band[0], band[1], values["jf"] or None, values["kebutuhan"], values["pendidikan"], fields,
                      values["rumpun"].lower(), values["sertifikat"])
    return unit, post, []


def post_kind(values: dict) -> tuple[str, str | None, str | None, tuple]:
    """(jabatan_type, eselon, level, pangkat band) from jenis_jabatan, eselon and jenjang."""
    kind, eselon, level = values["jenis_jabatan"], values["eselon"], values["jenjang"]
    if kind == "struktural":
        kind = next((k for k, levels in STRUCTURAL_ESELON.items() if eselon in levels), None)
        if kind is None:
            raise Problem("jabatan struktural memerlukan eselon II.a–IV.b")
    if kind in STRUCTURAL_ESELON:
        if eselon not in STRUCTURAL_ESELON[kind]:
            raise Problem(f"jabatan {kind} harus eselon {' atau '.join(STRUCTURAL_ESELON[kind])}")
        return kind, eselon, None, ESELON_BANDS[eselon]
    if kind == "fungsional":
        kind = next((k for k, levels in JF_LEVELS.items() if level in levels), None)
        if kind is None:
            raise Problem("jabatan fungsional memerlukan jenjang (Ahli Pertama … Ahli Utama, Pemula … Penyelia)")
        if not values["jf"]:
            values["jf"] = re.sub(rf"\s+{re.escape(JF_LEVEL_NAMES[level])}$", "", values["jabatan"],
                                  flags=re.IGNORECASE)
        return kind, None, level, JF_LEVEL_BANDS[level]
    if eselon or level:
        raise Problem("jabatan pelaksana tidak mempunyai eselon atau jenjang")
    return "pelaksana", None, None, PELAKSANA_BAND


def parse_type(text: str) -> str:
    key = re.sub(r"[^a-z]", "", text.lower())
    if key.startswith("struktural"):
        return "struktural"
    if key.startswith(("fungsional", "jft")) and key not in TYPE_WORDS:
        return "fungsional"
    if key in TYPE_WORDS:
        return TYPE_WORDS[key]
    raise Problem("jenis jabatan harus Struktural, Fungsional, Pelaksana, JPT, Administrator atau Pengawas")


def parse_eselon(text: str) -> str | None:
    if not text:
        return None
    match = re.fullmatch(r"(II|III|IV|2|3|4)\s*[.\-/ ]?\s*([abAB])", text.strip())
    if not match:
        raise Problem("eselon tidak dikenal (contoh: II.b, III.a, IV.b)")
    roman = {"2": "II", "3": "III", "4": "IV"}.get(match.group(1), match.group(1))
    eselon = f"{roman}.{match.group(2).lower()}"
    if eselon not in ESELON_BANDS:
        raise Problem("eselon tidak dikenal (contoh: II.b, III.a, IV.b)")
    return eselon


def parse_level(text: str) -> str | None:
    if not text:
        return None
    level = LEVEL_KEYS.get(" ".join(text.lower().replace("_", " ").split()))
    if level is None:
        raise Problem(f"jenjang tidak dikenal ({', '.join(JF_LEVEL_NAMES.values())})")
    return level


def parse_class(text: str) -> int | None:
    if not text:
        return None
    if not re.fullmatch(r"\d{1,2}", text) or not 1 <= int(text) <= 17:
        raise Problem("kelas jabatan harus bilangan bulat 1–17")
    return int(text)


def parse_need(text: str) -> int:
    if not re.fullmatch(r"\d{1,6}", text) or int(text) > COUNT_LIMIT:
        raise Problem(f"kebutuhan harus bilangan bulat 0–{COUNT_LIMIT:,}".replace(",", "."))
    return int(text)


def parse_levels(text: str) -> tuple:
    return tuple(dict.fromkeys(parse_education(part) for part in re.split(r"[,;]", text) if part.strip()))


def parse_credential(text: str) -> dict | None:
    """`STR Perawat` or `sertifikat pendidik Matematika` (also `STR: Perawat`)."""
    if not text:
        return None
    match = re.fullmatch(r"(STR|sertifikat pendidik)\s*:?\s*(.+)", text, flags=re.IGNORECASE)
    if not match or len(match.group(2)) > 100:
        raise Problem("sertifikat harus 'STR <profesi>' atau 'sertifikat pendidik <mata pelajaran>'")
    kind = "STR" if match.group(1).upper() == "STR" else "sertifikat_pendidik"
    return {"type": kind, "subject": match.group(2).strip()}

