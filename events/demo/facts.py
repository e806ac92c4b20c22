"""The facts the regulations look at, for the demo city's posts and people: a post's JF, the
credential it requires and whether it is a school principal's; a person's credentials consistent
with their post (nurses with STR Perawat, midwives (women) with STR Bidan, class teachers with PGSD a
sertifikat pendidik Guru Kelas SD), a few people under discipline or on study leave, and competence
assessments for officials. Deterministic: a `Random` seeded from the city's seed."""
from __future__ import annotations

from datetime import date
from random import Random

from domain.competence import MANAJERIAL, SOSIAL_KULTURAL
from domain.professions import HEALTH_PROFESSIONS, jf_of
from domain.rules import STRUCTURAL

BLOCK_SHARE = 0.006  # people under discipline or on study leave at the end of the history


def post_facts(spec) -> dict:
    """Position.create's regulation arguments for a demo post."""
    jf = jf_of(spec.name, spec.jabatan_type)
    return {"jf": jf if spec.jabatan_type.startswith("fungsional") else None,
            "credential": {"type": "STR", "subject": jf} if jf in HEALTH_PROFESSIONS else None,
            "is_principal": spec.name == "Kepala Sekolah"}


def person_credentials(person, post_spec, valid_from: date) -> tuple:
    """An STR where the person's degree fits the post's health profession (a midwife is a woman);
    a sertifikat pendidik Guru Kelas SD for a class teacher with PGSD."""
    jf = jf_of(post_spec.name, post_spec.jabatan_type)
    if jf in HEALTH_PROFESSIONS and person.education_field in HEALTH_PROFESSIONS[jf] \
            and (jf != "Bidan" or person.sex == "P"):
        until = date(valid_from.year + 5, valid_from.month, 1)
        return ({"type": "STR", "subject": jf, "valid_until": until},)
    if post_spec.name == "Guru Kelas" and person.education_field == "PGSD":
        return ({"type": "sertifikat_pendidik", "subject": "Guru Kelas SD", "valid_until": None},)
    return ()


def extra_steps(rng: Random, people: dict, positions: dict, today: date, by: dict) -> list:
    """Blocks for a few people and a competence assessment for every official (structural post)."""
    changed, by_id = [], {p.id: p for p in positions.values()}
    for nip in sorted(people):
        employee = people[nip]
        if not employee.active:
            continue
        post = by_id[employee.position_id]
        if post.jabatan_type in STRUCTURAL:
            levels = {name: rng.choice((2, 3, 3, 4, 4)) for name in MANAJERIAL + SOSIAL_KULTURAL}
            employee.assess_competence(on=date(today.year - 1, rng.randint(1, 12), 1),
                                       levels=levels, **by)
            changed.append(employee)
        elif rng.random() < BLOCK_SHARE:
            kind = rng.choice(("disiplin_sedang", "tugas_belajar"))
            start = date(today.year - 1, rng.randint(1, 12), 1)
            end = date(start.year + (1 if kind == "disiplin_sedang" else 2), start.month, 1)
            employee.record_block(kind=kind, start=start, end=end,
                                  reason=f"SK 800/{len(changed) + 1}/BKD/{start.year} (data demo)",
                                  **by)
            changed.append(employee)
    return changed

