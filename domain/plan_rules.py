"""Who may move, and who may take which post: the rules of DOMAIN.md over a city snapshot.

`move_rules` (person) and `pair_rules` (person, target post) return `(key, sentence)` for every rule
broken; each key is in `domain.rule_book.RULE_BOOK` with its setting, regulation and explanation.
`move_kind` says what a move is in the regulations' terms: a mutasi keeps the JF; entering another
JF is *perpindahan jabatan*, leaving a JF for a pelaksana post *pemberhentian dari JF*.
Thresholds come from `PlanSettings`; everything is as of `snapshot.as_of`. Scores:
domain.plan_score. Snapshot types: domain.plan_snapshot (re-exported here).
"""
from __future__ import annotations

from datetime import date

from domain.competence import default_standard, jpm, jpm_category
from domain.labels import label
from domain.plan_settings import PlanSettings
from domain.plan_snapshot import (BLOCK_KINDS, CitySnapshot, Credential, Person,  # noqa: F401
                                  Post, SnapshotIndex, UnitInfo, holder_group, index)
from domain.professions import EDUCATION_RANK, FUNCTIONAL_TYPES, education_at_least
from domain.rules import PREDIKAT_ORDER, add_months, at_least, in_band, months_between, retirement_age

MOVE_KINDS = {"mutasi": "mutasi", "perpindahan_jabatan": "perpindahan jabatan",
              "pemberhentian_jf": "pemberhentian dari jabatan fungsional"}


# --- the public sentences -------------------------------------------------------------------------
def move_blockers(person: Person, snapshot: CitySnapshot, settings: PlanSettings) -> list[str]:
    """The rules that keep this person in their post, each a sentence naming the rule."""
    return [text for _, text in move_rules(person, index(snapshot), settings)]


def pair_blockers(person: Person, post: Post, snapshot: CitySnapshot,
                  settings: PlanSettings) -> list[str]:
    """Why this person may not take this post (empty: the pair is allowed)."""
    idx = index(snapshot)
    return [text for _, text in pair_rules(person, idx.current(person), post, idx.as_of, settings)]


# --- dates ----------------------------------------------------------------------------------------
def appraisal_years(as_of: date, settings: PlanSettings) -> list[int]:
    """The SKP years that must reach min_predikat, latest first."""
    latest = as_of.year - (1 if as_of.month > settings.appraisal_month else 2)
    return [latest - k for k in range(settings.predikat_years)]


def is_teacher_post(post: Post) -> bool:
    return post.level == "guru" or post.is_principal or (post.jf_name or "").startswith("Guru")


def post_bup(post: Post) -> int:
    """Batas usia pensiun of the post (DOMAIN.md "Retirement age")."""
    return retirement_age(post.jabatan_type, "guru" if is_teacher_post(post) else post.level)


def retirement_day(birth: date, age: int) -> date:
    """TMT pensiun: the first day of the month after the month `age` is reached."""
    months = (birth.year + age) * 12 + birth.month  # the month after, 0-based
    return date(months // 12, months % 12 + 1, 1)


def retirement_date(person: Person, post: Post) -> tuple[int, date]:
    """(BUP of `post`, TMT pensiun of `person` in it)."""
    age = post_bup(post)
    return age, retirement_day(person.birth_date, age)


def retirement_on(birth_date: date, jabatan_type: str, level: str | None) -> tuple[int, date]:
    """(BUP, TMT pensiun) in a post of this type (for views that have no `Post` at hand)."""
    age = retirement_age(jabatan_type, level)
    return age, retirement_day(birth_date, age)


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def horizon_end(as_of: date, s: PlanSettings) -> date:
    return add_months(as_of, s.horizon_months)


def retires_within(person: Person, post: Post, as_of: date, s: PlanSettings) -> bool:
    return retirement_date(person, post)[1] <= horizon_end(as_of, s)


# --- who may move ---------------------------------------------------------------------------------
def move_rules(person: Person, idx: SnapshotIndex, s: PlanSettings) -> list[tuple[str, str]]:
    """(rule key, sentence) for every rule that keeps `person` in their post."""
    as_of, current, rules = idx.as_of, idx.current(person), []
    months = months_between(person.in_post_since, as_of)
    if months < s.min_months_in_post:
        rules.append(("masa_jabatan", f"Masa jabatan {months} bulan < minimal "
                      f"{s.min_months_in_post} bulan (PP 11/2017 Pasal 190 ayat 3)"))
    rules += _skp_rules(person, as_of, s)
    if retires_within(person, current, as_of, s):
        age, retires = retirement_date(person, current)
        rules.append(("pensiun", f"Pensiun (BUP {age}) dalam {s.horizon_months} bulan: TMT pensiun "
                      f"{retires:%d-%m-%Y} (UU 5/2014 Pasal 90; horizon rencana)"))
    if person.status == "PPPK" and not s.pppk_may_move:
        rules.append(("pppk", f"PPPK tidak berhak mutasi (pengaturan “{label('setting', 'pppk_may_move')}”)"))
    if s.hold_blocked_people:
        rules += _block_rules(person, as_of)
    if person.open_proposal:
        rules.append(("dalam_proses", f"Sedang dalam proses usulan mutasi {person.open_proposal[:8]} "
                      "(satu orang hanya satu usulan terbuka)"))
    if person.unit_under_investigation and s.hold_units_under_investigation:
        rules.append(("investigasi", f"Unit {current.unit} sedang diinvestigasi karena penurunan "
                      f"layanan: tidak ada mutasi keluar (pengaturan “{label('setting', 'hold_units_under_investigation')}”)"))
    if current.structural and election_freeze(as_of, s):
        rules.append(("pilkada", f"Pejabat struktural tidak diganti selama {_freeze_text(s)} "
                      "(UU 10/2016 Pasal 71 ayat 2)"))
    return rules + _protected(current, idx, s)


def _skp_rules(person: Person, as_of: date, s: PlanSettings) -> list[tuple[str, str]]:
    rules = []
    for year in appraisal_years(as_of, s):
        found = person.predikat.get(year, person.predikat.get(str(year)))  # JSON keys are text
        if found is None:
            text = f"SKP {year} belum ada; syarat minimal '{s.min_predikat}'"
        elif found not in PREDIKAT_ORDER:
            text = f"SKP {year} predikat '{found}' tidak dikenal"
        elif not at_least(found, s.min_predikat):
            text = f"SKP {year} '{found}' di bawah '{s.min_predikat}'"
        else:
            continue
        rules.append(("skp", f"{text} (Peraturan BKN 5/2019)"))
    return rules


def _block_rules(person: Person, as_of: date) -> list[tuple[str, str]]:
    rules = []
    if person.under_discipline:
        rules.append(("disiplin", "Sedang menjalani hukuman disiplin (PP 94/2021)"))
    if person.on_study_leave:
        rules.append(("tugas_belajar", "Sedang tugas belajar (Peraturan BKN 5/2019)"))
    for block in person.blocks:
        if block.active(as_of):
            label, source = BLOCK_KINDS[block.kind]
            key = "disiplin" if block.kind.startswith("disiplin") else block.kind
            until = f"s.d. {block.end:%d-%m-%Y}" if block.end else "tanpa tanggal akhir"
            rules.append((key, f"Sedang {label} sejak {block.start:%d-%m-%Y} {until} ({source})"))
    return rules


def _protected(current: Post, idx: SnapshotIndex, s: PlanSettings) -> list[tuple[str, str]]:
    rules = []
    if current.is_principal and s.protect_principals:
        rules.append(("kepala_sekolah", f"Kepala sekolah {idx.units[current.unit].name}: diangkat, "
                      "tidak dipindahkan oleh rencana (Permendikbudristek 40/2021)"))
    jf, unit = holder_group(current), current.unit
    holders = idx.jf_holders[unit, jf]
    if s.min_holders_per_jf and not current.is_principal and idx.jf_need[unit, jf] >= 1 and \
            holders <= s.min_holders_per_jf:
        rules.append(("pemangku_tunggal", f"Hanya {holders} pemangku {jf} di "
                      f"{idx.units[unit].name} (kebutuhan ABK {idx.jf_need[unit, jf]}); minimal "
                      f"{s.min_holders_per_jf} harus tetap (pengaturan “{label('setting', 'min_holders_per_jf')}”)"))
    return rules


# --- who may take which post ------------------------------------------------------------------------
def move_kind(person: Person, current: Post, post: Post) -> str:
    """mutasi | perpindahan_jabatan | pemberhentian_jf (PermenPANRB 1/2023)."""
    held = person.jf or current.jf_name
    if post.jf_name is not None:
        return "mutasi" if held == post.jf_name else "perpindahan_jabatan"
    if held is not None and post.jabatan_type == "pelaksana":
        return "pemberhentian_jf"
    return "mutasi"


def pair_rules(person: Person, current: Post, post: Post, as_of: date,
               s: PlanSettings) -> list[tuple[str, str]]:
    """(rule key, sentence) for every rule against `person` taking `post`."""
    return static_pair_rules(person, current, post, as_of, s) + competence_rules(person, post, s)


def static_pair_rules(person: Person, current: Post, post: Post, as_of: date,
                      s: PlanSettings) -> list[tuple[str, str]]:
    """The pair rules that do not depend on the person's competence assessment."""
    rules = []
    if post.code == current.code:
        rules.append(("jabatan_sama", "Sudah menduduki jabatan ini"))
    if s.enforce_band and not in_band(person.golongan, post.band_low, post.band_high):
        source = "PP 13/2002" if post.structural else "rentang pangkat jenjang jabatan"
        rules.append(("pangkat", f"Golongan {person.golongan} di luar rentang pangkat jabatan "
                      f"{post.band_low}–{post.band_high} ({source})"))
    if s.enforce_education and not post.admits(person.education_family):
        rules.append(("pendidikan", f"Pendidikan rumpun '{person.education_family}' tidak diterima "
                      f"jabatan ini ({', '.join(post.education_families)}) "
                      "(PP 11/2017 Pasal 190 ayat 4)"))
    if s.enforce_education_field:
        rules += _education_rules(person, post)
    if s.enforce_credentials and post.credential is not None:
        rules += _credential_rules(person, post.credential, as_of)
    rules += _jf_rules(person, current, post, as_of, s)
    if s.structural_same_eselon_only:
        rules += _structural_rules(current, post)
    if post.is_principal and s.protect_principals:
        rules.append(("kepala_sekolah", "Kepala sekolah diangkat sebagai tugas tambahan guru, "
                      "bukan diisi lewat mutasi (Permendikbudristek 40/2021)"))
    if retires_within(person, post, as_of, s):
        age, retires = retirement_date(person, post)
        rules.append(("pensiun_tujuan", f"BUP jabatan tujuan {age} tahun: pensiun {retires:%d-%m-%Y}"
                      f", dalam horizon {s.horizon_months} bulan (UU 5/2014 Pasal 90)"))
    if post.structural and election_freeze(as_of, s):
        rules.append(("pilkada", f"Jabatan struktural tidak berganti pemangku selama "
                      f"{_freeze_text(s)} (UU 10/2016 Pasal 71 ayat 2)"))
    return rules


def _education_rules(person: Person, post: Post) -> list[tuple[str, str]]:
    rules, source = [], "(PP 11/2017 Pasal 190 ayat 4)"
    if post.education_levels:
        lowest = min(post.education_levels, key=lambda level: EDUCATION_RANK.get(level, 99))
        if not education_at_least(person.education_level, lowest):
            rules.append(("pendidikan_bidang", f"Pendidikan {person.education_level} di bawah "
                          f"syarat jabatan (minimal {lowest}) {source}"))
    fields = {field.casefold() for field in post.education_fields}
    if fields and person.education_field.casefold() not in fields:
        rules.append(("pendidikan_bidang", f"Bidang pendidikan '{person.education_field or '-'}' "
                      f"tidak sesuai syarat jabatan ({', '.join(post.education_fields)}) {source}"))
    return rules


def _credential_rules(person: Person, required: Credential,
                      as_of: date) -> list[tuple[str, str]]:
    if any(held.matches(required, as_of) for held in person.credentials):
        return []
    source = "UU 17/2023" if required.type == "STR" else "UU 14/2005"
    expired = [held for held in person.credentials
               if (held.type, held.subject.casefold()) == (required.type,
                                                           required.subject.casefold())]
    why = f"kedaluwarsa {expired[0].valid_until:%d-%m-%Y}" if expired else "tidak dimiliki"
    return [("sertifikat", f"Jabatan ini mensyaratkan {required.text()}: {why} ({source})")]


def _jf_rules(person: Person, current: Post, post: Post, as_of: date,
              s: PlanSettings) -> list[tuple[str, str]]:
    kind, source = move_kind(person, current, post), "(PermenPANRB 1/2023)"
    held = person.jf or current.jf_name
    if kind == "pemberhentian_jf":
        return [] if s.allow_leave_jf else [(
            "pemberhentian_jf", f"Dari JF {held} ke jabatan pelaksana adalah pemberhentian dari "
            f"jabatan fungsional, bukan mutasi {source}")]
    if kind == "perpindahan_jabatan":
        if not s.allow_jf_transfer:
            origin = f"JF {held}" if held else "jabatan pelaksana/struktural"
            return [("perpindahan", f"Dari {origin} ke JF {post.jf_name} adalah perpindahan jabatan,"
                     f" bukan mutasi {source}")]
        return _transfer_conditions(person, post, as_of, s)
    level = person.jf_level or current.level
    if post.jf_name is not None and s.same_jf_level and level != post.level:
        return [("jenjang", f"Jenjang {level or '-'} ke {post.level or '-'}: mutasi mempertahankan "
                 f"jenjang JF {post.jf_name} {source}")]
    return []


def _transfer_conditions(person: Person, post: Post, as_of: date,
                         s: PlanSettings) -> list[tuple[str, str]]:
    """Perpindahan jabatan admitted by a setting: its own conditions (BKN FAQ, settings)."""
    rules, age = [], age_on(person.birth_date, as_of)
    senior = post.level in ("ahli_madya", "ahli_utama")
    limit = s.transfer_max_age_madya if senior else s.transfer_max_age
    if age > limit:
        rules.append(("syarat_perpindahan", f"Perpindahan jabatan ke JF {post.jf_name}: usia {age} "
                      f"> {limit} tahun (PermenPANRB 1/2023; pengaturan)"))
    lowest = s.transfer_education_keahlian if post.jabatan_type == "fungsional_keahlian" else \
        s.transfer_education_keterampilan
    if post.jabatan_type in FUNCTIONAL_TYPES and \
            not education_at_least(person.education_level, lowest):
        rules.append(("syarat_perpindahan", f"Perpindahan jabatan ke JF {post.jf_name}: pendidikan "
                      f"{person.education_level} di bawah {lowest} (PermenPANRB 1/2023)"))
    return rules


def _structural_rules(current: Post, post: Post) -> list[tuple[str, str]]:
    setting = f"(pengaturan “{label('setting', 'structural_same_eselon_only')}”)"
    if current.structural and (not post.structural or post.eselon != current.eselon):
        target = f"eselon {post.eselon}" if post.structural else "jabatan non-struktural"
        return [("struktural", f"Pejabat struktural eselon {current.eselon} hanya dimutasi ke "
                 f"jabatan struktural eselon yang sama, bukan ke {target} {setting}")]
    if post.structural and not current.structural:
        return [("struktural", "Jabatan struktural tidak diisi lewat mutasi dari jabatan "
                 f"non-struktural (promosi/seleksi terbuka) {setting}")]
    return []


# --- competence -----------------------------------------------------------------------------------
def standard_of(post: Post, s: PlanSettings) -> tuple:
    return post.competence or default_standard(post.jabatan_type, post.level, s)


def person_jpm(person: Person, post: Post, s: PlanSettings) -> float | None:
    """JPM of the person's latest assessment for `post` (None: never assessed)."""
    levels = person.assessment.as_dict() if person.assessment else None
    return jpm(levels, standard_of(post, s), post.level, s)


def competence_rules(person: Person, post: Post, s: PlanSettings) -> list[tuple[str, str]]:
    if not (s.structural_needs_jpm and post.structural):
        return []
    value, source = person_jpm(person, post, s), "(PermenPANRB 38/2017; Peraturan BKN 26/2019)"
    if value is None:
        return [("kompetensi", f"Belum ada hasil asesmen kompetensi untuk jabatan struktural "
                 f"{source}")]
    if value < s.jpm_masih_memenuhi - 1e-9:
        return [("kompetensi", f"JPM {value:.1f}% untuk jabatan ini ({jpm_category(value, s)}); "
                 f"minimal {s.jpm_masih_memenuhi:g}% {source}".replace(".", ",", 1))]
    return []


# --- the election freeze --------------------------------------------------------------------------
def election_freeze(as_of: date, s: PlanSettings) -> bool:
    start, end = s.election_freeze_start, s.election_freeze_end
    return start is not None and start <= as_of and (end is None or as_of <= end)


def _freeze_text(s: PlanSettings) -> str:
    end = f"{s.election_freeze_end:%d-%m-%Y}" if s.election_freeze_end else "selesai"
    return f"masa larangan pilkada {s.election_freeze_start:%d-%m-%Y} s.d. {end}"
