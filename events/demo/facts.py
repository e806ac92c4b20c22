"""The facts the regulations look at, for the demo city's posts and people.

A post's JF (every teacher post is JF Guru), the education levels and fields it admits, the
credential it requires (the STR of its health profession, the sertifikat pendidik of its subject),
its competence standard (8 manajerial + 1 sosial kultural + 2 teknis of its track, PermenPANRB
38/2017) and whether it is a school principal's. A person's credentials follow their degree: nurses
with STR Perawat, midwives (women) with STR Bidan, doctors with STR Dokter (STR for life since UU
17/2023); most teachers hold the sertifikat pendidik of the subject their degree fits (the rest are
still in PPG). A few people are under discipline, on study leave or on unpaid leave (some of it
over), and most officials have a competence assessment. Deterministic: seeded from the city's seed
or from the NIP.
"""
from __future__ import annotations

import zlib
from datetime import date
from random import Random

from domain.competence import MANAJERIAL, SOSIAL_KULTURAL, default_level
from domain.plan_settings import PlanSettings
from domain.professions import HEALTH_PROFESSIONS, TEACHER_JF, jf_of
from domain.rules import STRUCTURAL, add_months
from events.demo import names as t

# the health professions of the demo's posts (domain.professions, and the specialist's STR)
PROFESSIONS = {**HEALTH_PROFESSIONS,
               "Dokter Spesialis": ("Spesialis Penyakit Dalam", "Spesialis Anak", "Spesialis Bedah",
                                    "Spesialis Obgin")}
TEKNIS = {  # two teknis competences per track (names as in the peta jabatan's standard)
    "kesehatan": ("pelayanan kesehatan", "manajemen mutu layanan kesehatan"),
    "pendidikan": ("pembelajaran", "pengelolaan satuan pendidikan"),
    "keuangan": ("pengelolaan keuangan daerah", "akuntansi pemerintahan"),
    "pengawasan": ("audit intern pemerintah", "manajemen risiko"),
    "informatika": ("tata kelola teknologi informasi", "keamanan informasi"),
    "kepegawaian": ("manajemen ASN", "sistem informasi kepegawaian"),
    "teknik": ("perencanaan teknis infrastruktur", "pengawasan konstruksi"),
}
GENERAL_TEKNIS = ("penyusunan kebijakan teknis", "pelayanan administrasi pemerintahan")
SETTINGS = PlanSettings()
BLOCK_SHARE = 0.006  # people under discipline or on leave at the end of the history
ENDED_SHARE = 0.004  # people whose discipline or leave is over
ASSESSED_SHARE = {"structural": 0.9, "ahli": 0.35}  # officials with a competence assessment


def _jf(spec) -> str | None:
    if spec.level == "guru":
        return TEACHER_JF
    return jf_of(spec.name, spec.jabatan_type)


def education_levels(spec) -> tuple:
    """The lowest education a post admits."""
    if spec.jabatan_type == "pelaksana":
        return t.PELAKSANA_EDUCATION.get(spec.name, ())
    if "Spesialis" in spec.name:
        return ("S2",)
    if spec.level in ("terampil", "mahir", "penyelia"):
        return ("D3",) if spec.track == "kesehatan" else ("SMA",)
    return ("S1",)  # JF keahlian, guru, pejabat struktural


def standard(spec) -> tuple:
    """(name, kind, level) for the 8 manajerial, 1 sosial kultural and 2 teknis competences."""
    required = default_level(spec.jabatan_type, spec.level, SETTINGS)
    return tuple((name, "manajerial", required) for name in MANAJERIAL) + \
        tuple((name, "sosial_kultural", required) for name in SOSIAL_KULTURAL) + \
        tuple((name, "teknis", required) for name in TEKNIS.get(spec.track, GENERAL_TEKNIS))


def credential(spec) -> dict | None:
    jf = _jf(spec)
    if jf in PROFESSIONS:
        return {"type": "STR", "subject": jf}
    if jf == TEACHER_JF and spec.name in t.TEACHER_SUBJECT:
        return {"type": "sertifikat_pendidik", "subject": t.TEACHER_SUBJECT[spec.name]}
    return None


def post_facts(spec) -> dict:
    """Position.create's regulation arguments for a demo post."""
    return {"jf": _jf(spec) if spec.jabatan_type.startswith("fungsional") else None,
            "education_levels": education_levels(spec),
            "education_fields": tuple(spec.education_fields), "credential": credential(spec),
            "competence": standard(spec), "is_principal": spec.name == "Kepala Sekolah"}


def _draw(nip: str, salt: str) -> float:
    """A number in [0, 1) fixed by the NIP: the same person gets the same facts at every scale."""
    return zlib.crc32(f"{salt}:{nip}".encode()) / 2 ** 32


def _subject_of_field(field: str) -> str | None:
    for table in (t.SD_TEACHERS, t.SMP_TEACHERS):
        for _, name, subject, fields, _, _ in table:
            if field in fields:
                return subject
    return None


def person_credentials(person, post_spec, valid_from: date) -> tuple:
    """An STR (for life) where the degree fits the post's health profession (a midwife is a woman);
    a sertifikat pendidik of the subject the degree fits for most teachers, never a paruh waktu's."""
    jf, needed = _jf(post_spec), credential(post_spec)
    if jf in PROFESSIONS and person.education_field in PROFESSIONS[jf] \
            and (jf != "Bidan" or person.sex == "P"):
        return ({"type": "STR", "subject": jf, "valid_until": None},)
    if jf != TEACHER_JF or person.part_time:
        return ()
    share = t.CERTIFIED_SHARE if person.status == "PNS" else t.CERTIFIED_SHARE / 2
    subject = _subject_of_field(person.education_field)
    if subject is None or _draw(person.nip, "sertifikat") >= share:
        return ()
    if needed and needed["subject"] != subject:
        return ()
    return ({"type": "sertifikat_pendidik", "subject": subject, "valid_until": None},)


def _assessed(rng: Random, post) -> bool:
    if post.jabatan_type in STRUCTURAL:
        return rng.random() < ASSESSED_SHARE["structural"]
    return (post.level or "").startswith("ahli") and rng.random() < ASSESSED_SHARE["ahli"]


def extra_steps(rng: Random, people: dict, positions: dict, today: date, by: dict) -> list:
    """A competence assessment for most officials (levels around their post's standard) and
    blocks for a few people: in force today, or over."""
    changed, by_id = [], {p.id: p for p in positions.values()}
    for nip in sorted(people):
        employee = people[nip]
        if not employee.active:
            continue
        post = by_id[employee.position_id]
        if _assessed(rng, post):
            levels = {name: max(1, min(5, required + rng.choice((-1, 0, 0, 0, 1))))
                      for name, _, required in post.competence}
            employee.assess_competence(on=date(today.year - 1, rng.randint(1, 12), 1),
                                       levels=levels, **by)
            changed.append(employee)
        elif post.jabatan_type not in STRUCTURAL and rng.random() < BLOCK_SHARE + ENDED_SHARE:
            ended = rng.random() < ENDED_SHARE / (BLOCK_SHARE + ENDED_SHARE)
            kind = rng.choice(("disiplin_sedang", "disiplin_sedang", "tugas_belajar",
                               "cuti_luar_tanggungan", "disiplin_berat"))
            years = {"disiplin_sedang": 1, "disiplin_berat": 1, "tugas_belajar": 2,
                     "cuti_luar_tanggungan": 1}[kind]
            start = add_months(today.replace(day=1), -rng.randint(1, 10) - (24 if ended else 0))
            end = add_months(start, 12 * years)
            employee.record_block(kind=kind, start=start, end=end,
                                  reason=f"SK 800/{len(changed) + 1}/BKD/{start.year} (data demo)",
                                  **by)
            changed.append(employee)
    return changed
