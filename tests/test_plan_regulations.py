"""The regulations of DOMAIN.md as the planner applies them, table-driven: professions and
credentials, perpindahan jabatan, sole holders and principals, the target post's BUP, blocks,
and every rule's setting, regulation and explanation. Each case is refused by name (rule key)."""
from __future__ import annotations

from dataclasses import fields, replace
from datetime import date, timedelta

import pytest

from domain.city_plan import Block, Credential, Edits, PlanSettings
from domain.plan_explain import plan_city, why_not
from domain.plan_rules import index, move_kind, move_rules, pair_rules
from domain.rule_book import RULE_BOOK
from domain.shortage import SHORTAGE_DEFINITION
from tests.city_builder import AS_OF, city, moves, person, post

KES, PEND = ("kesehatan",), ("pendidikan",)
STR = {name: Credential("STR", name) for name in ("Perawat", "Bidan", "Dokter", "Apoteker")}
TEACHING = {"kelas": Credential("sertifikat_pendidik", "Guru Kelas SD"),
            "mtk": Credential("sertifikat_pendidik", "Matematika")}
AHLI = dict(jabatan_type="fungsional_keahlian", level="ahli_pertama", band=("III/a", "III/b"))
TERAMPIL = dict(jabatan_type="fungsional_keterampilan", level="terampil", band=("II/b", "II/d"))

POSTS = (
    post("A-PERAWAT", "PKM-A", 3, families=KES, jf="Perawat", education_fields=("Keperawatan",),
         credential=STR["Perawat"], **AHLI),
    post("A-BIDAN", "PKM-A", 3, families=KES, jf="Bidan", education_fields=("Kebidanan",),
         credential=STR["Bidan"], **TERAMPIL),
    post("A-APOTEKER", "PKM-A", 1, families=KES, jf="Apoteker", credential=STR["Apoteker"],
         education_fields=("Profesi Apoteker",), **AHLI),
    post("B-DOKTER", "PKM-B", 3, families=KES, jf="Dokter", credential=STR["Dokter"],
         education_fields=("Pendidikan Dokter",), **AHLI),
    post("B-BIDAN", "PKM-B", 4, families=KES, jf="Bidan", education_fields=("Kebidanan",),
         credential=STR["Bidan"], **TERAMPIL),
    post("B-PERAWAT", "PKM-B", 4, families=KES, jf="Perawat", education_fields=("Keperawatan",),
         credential=STR["Perawat"], **AHLI),
    post("B-APOTEKER", "PKM-B", 2, families=KES, jf="Apoteker", credential=STR["Apoteker"],
         education_fields=("Profesi Apoteker",), **AHLI),
    post("SD-KELAS", "SD-1", 6, families=PEND, jf="Guru", education_fields=("PGSD",),
         credential=TEACHING["kelas"], **AHLI),
    post("SD-KEPSEK", "SD-1", 1, families=PEND, jf="Guru", is_principal=True, **AHLI),
    post("SMP-MTK", "SMP-1", 2, families=PEND, jf="Guru",
         education_fields=("Pendidikan Matematika",), credential=TEACHING["mtk"], **AHLI),
    post("SETDA-STAF", "SETDA", 1, families=(), band=("II/a", "III/d")),
)
NURSE = dict(family="kesehatan", golongan="III/a", education_field="Keperawatan",
             credentials=(STR["Perawat"],))
MIDWIFE = dict(family="kesehatan", golongan="II/c", education_field="Kebidanan",
               credentials=(STR["Bidan"],))
TEACHER = dict(family="pendidikan", golongan="III/a", education_field="Pendidikan Matematika",
               credentials=(TEACHING["mtk"],))


def health_city(*extra):
    people = [person("PERAWAT", "A-PERAWAT", **NURSE), person("PERAWAT2", "A-PERAWAT", **NURSE),
              person("BIDAN", "A-BIDAN", **MIDWIFE), person("BIDAN2", "A-BIDAN", **MIDWIFE),
              person("APOTEKER", "A-APOTEKER", family="kesehatan", golongan="III/a",
                     education_field="Profesi Apoteker", credentials=(STR["Apoteker"],)),
              person("GURU-MTK", "SMP-MTK", **TEACHER), person("GURU-MTK2", "SMP-MTK", **TEACHER),
              person("KEPSEK", "SD-KEPSEK", family="pendidikan", golongan="III/b",
                     education_field="PGSD", credentials=(TEACHING["kelas"],)),
              person("GURU-SD", "SD-KELAS", family="pendidikan", golongan="III/a",
                     education_field="PGSD", credentials=(TEACHING["kelas"],)),
              person("STAF", "SETDA-STAF", family="umum")]
    changed = {p.nip: p for p in extra}
    return city([changed.pop(p.nip, p) for p in people] + list(changed.values()), POSTS)


def keys(found) -> set[str]:
    return {key for key, _ in found}


def rules_for(snapshot, nip: str, target: str, settings: PlanSettings) -> set[str]:
    idx = index(snapshot)
    who = idx.people[nip]
    return keys(pair_rules(who, idx.current(who), idx.posts[target], idx.as_of, settings))


# --- who may take which post: the cases of issue #11 ----------------------------------------------
PAIR_CASES = [  # (case, nip, target, settings, expected rule keys)
    ("a nurse into a doctor post", "PERAWAT", "B-DOKTER", {},
     {"perpindahan", "pendidikan_bidang", "sertifikat"}),
    ("... even when perpindahan jabatan is admitted", "PERAWAT", "B-DOKTER",
     {"allow_jf_transfer": True}, {"pendidikan_bidang", "sertifikat"}),
    ("a non-midwife into a midwife post", "STAF", "B-BIDAN", {"enforce_band": False},
     {"perpindahan", "pendidikan", "pendidikan_bidang", "sertifikat"}),
    ("an SMP subject teacher made SD class teacher", "GURU-MTK", "SD-KELAS", {},
     {"pendidikan_bidang", "sertifikat"}),
    ("a teacher into the principal's post", "GURU-SD", "SD-KEPSEK", {}, {"kepala_sekolah"}),
    ("a nurse to the same JF elsewhere: a mutasi", "PERAWAT", "B-PERAWAT", {}, set()),
    ("a midwife to another jenjang", "BIDAN", "B-BIDAN", {"enforce_band": False}, set()),
]


@pytest.mark.parametrize("case,nip,target,changes,expected", PAIR_CASES,
                         ids=[case[0] for case in PAIR_CASES])
def test_who_may_take_which_post(case, nip, target, changes, expected):
    assert rules_for(health_city(), nip, target, PlanSettings(**changes)) == expected


def test_a_jf_holder_keeps_the_jenjang_and_leaving_a_jf_is_not_a_mutasi():
    snapshot = health_city(person("BIDAN", "A-BIDAN", **MIDWIFE, jf_level="mahir"))
    assert rules_for(snapshot, "BIDAN", "B-BIDAN", PlanSettings()) == {"jenjang"}
    assert rules_for(snapshot, "BIDAN", "B-BIDAN", PlanSettings(same_jf_level=False)) == set()
    assert rules_for(health_city(), "BIDAN", "SETDA-STAF", PlanSettings()) == {"pemberhentian_jf"}
    idx = index(health_city())
    kinds = {target: move_kind(idx.people["BIDAN"], idx.posts["A-BIDAN"], idx.posts[target])
             for target in ("B-BIDAN", "A-PERAWAT", "SETDA-STAF")}
    assert kinds == {"B-BIDAN": "mutasi", "A-PERAWAT": "perpindahan_jabatan",
                     "SETDA-STAF": "pemberhentian_jf"}


def test_perpindahan_jabatan_when_admitted_checks_age_and_degree():
    old_nurse = person("PERAWAT", "A-PERAWAT", **{**NURSE, "birth_date": date(1970, 1, 1)})
    settings = PlanSettings(allow_jf_transfer=True, enforce_credentials=False,
                            enforce_education_field=False)
    snapshot = health_city(old_nurse)  # 56 years old: above 53 for ahli pertama
    assert rules_for(snapshot, "PERAWAT", "A-APOTEKER", settings) == {"syarat_perpindahan"}
    assert rules_for(snapshot, "PERAWAT", "A-APOTEKER",
                     replace(settings, transfer_max_age=56)) == set()
    diploma = person("PERAWAT", "A-PERAWAT", **NURSE, education_level="D3")
    assert rules_for(health_city(diploma), "PERAWAT", "A-APOTEKER", settings) == \
        {"syarat_perpindahan"}


def test_an_admitted_perpindahan_jabatan_is_labelled_as_what_it_is():
    """A pelaksana with a nursing degree and STR enters the Perawat JF only when admitted."""
    ners = person("STAF", "SETDA-STAF", **{**NURSE, "family": "kesehatan"})
    snapshot = health_city(ners, person("STAF2", "SETDA-STAF", family="umum"))  # not a sole holder
    assert "STAF" not in moves(plan_city(snapshot, PlanSettings(max_moves=1)))
    plan = plan_city(snapshot, PlanSettings(max_moves=1, allow_jf_transfer=True))
    line = plan.lines[0]
    assert (line.nip, line.to_post, line.kind) == ("STAF", "B-PERAWAT", "perpindahan_jabatan")
    assert line.reasons[0] == ("perpindahan jabatan (bukan mutasi; diizinkan pengaturan "
                               "allow_jf_transfer, PermenPANRB 1/2023)")
    assert plan.figures["kinds"] == {"perpindahan_jabatan": 1}


def test_a_credential_must_be_valid_on_the_day_of_the_plan():
    lapsed = Credential("STR", "Perawat", valid_until=AS_OF - timedelta(days=1))
    snapshot = health_city(person("PERAWAT", "A-PERAWAT", **{**NURSE, "credentials": (lapsed,)}))
    idx = index(snapshot)
    found = pair_rules(idx.people["PERAWAT"], idx.posts["A-PERAWAT"], idx.posts["B-PERAWAT"],
                       AS_OF, PlanSettings())
    assert [text for key, text in found if key == "sertifikat"] == [
        "Jabatan ini mensyaratkan STR (Surat Tanda Registrasi) Perawat: kedaluwarsa 26-11-2026 "
        "(UU 17/2023)"]
    assert rules_for(snapshot, "PERAWAT", "B-PERAWAT", PlanSettings(enforce_credentials=False)) \
        == set()


def test_the_target_posts_bup_counts_a_59_year_old_teacher_stays_out_of_a_bup_58_post():
    teacher = person("GURU-MTK", "SMP-MTK", **{**TEACHER, "birth_date": date(1967, 11, 1)})
    snapshot = health_city(teacher)  # guru: BUP 60 (pensiun 01-12-2027, past the horizon)
    assert "pensiun" not in keys(move_rules(teacher, index(snapshot), PlanSettings()))
    assert rules_for(snapshot, "GURU-MTK", "SETDA-STAF", PlanSettings(allow_leave_jf=True)) == \
        {"pensiun_tujuan"}
    assert rules_for(snapshot, "GURU-MTK", "SETDA-STAF",
                     PlanSettings(allow_leave_jf=True, horizon_months=0)) == {"pensiun_tujuan"}


# --- who may move at all ----------------------------------------------------------------------------
BLOCKS = ["disiplin_sedang", "disiplin_berat", "tugas_belajar", "cuti_luar_tanggungan",
          "pemberhentian_sementara"]


@pytest.mark.parametrize("kind", BLOCKS)
def test_a_block_stops_a_move_while_it_lasts(kind):
    settings = PlanSettings()
    for start, end, blocked in [(AS_OF - timedelta(days=30), AS_OF + timedelta(days=300), True),
                                (AS_OF - timedelta(days=30), None, True),
                                (AS_OF - timedelta(days=400), AS_OF - timedelta(days=1), False),
                                (AS_OF + timedelta(days=1), None, False)]:
        who = person("PERAWAT", "A-PERAWAT", **NURSE, blocks=(Block(kind, start, end),))
        found = keys(move_rules(who, index(health_city(who)), settings))
        expected = "disiplin" if kind.startswith("disiplin") else kind
        assert (expected in found) == blocked, (kind, start, end)
        assert expected not in keys(move_rules(who, index(health_city(who)),
                                               PlanSettings(hold_blocked_people=False)))


def test_the_last_pharmacist_of_a_puskesmas_and_a_principal_stay():
    snapshot, settings = health_city(), PlanSettings()
    idx = index(snapshot)
    assert keys(move_rules(idx.people["APOTEKER"], idx, settings)) == {"pemangku_tunggal"}
    assert keys(move_rules(idx.people["KEPSEK"], idx, settings)) == {"kepala_sekolah"}
    assert keys(move_rules(idx.people["APOTEKER"], idx, PlanSettings(min_holders_per_jf=0))) == set()
    assert keys(move_rules(idx.people["KEPSEK"], idx, PlanSettings(protect_principals=False))) == set()
    # the best single move of the city would take the pharmacist to the emptier PKM-B
    snapshot = health_city(person("APOTEKER", "A-APOTEKER", family="kesehatan", golongan="III/a",
                                  education_field="Profesi Apoteker", months=70,
                                  credentials=(STR["Apoteker"],)))
    plan = plan_city(snapshot, PlanSettings(max_moves=1))
    assert "APOTEKER" not in moves(plan) and "KEPSEK" not in moves(plan)
    free = plan_city(snapshot, PlanSettings(max_moves=1, min_holders_per_jf=0))
    assert moves(free) == {"APOTEKER": "B-APOTEKER"}


def test_the_only_holder_of_a_post_without_jf_stays_too():
    """A pelaksana (or an official) alone in a post the unit needs is not taken away by a plan."""
    idx = index(health_city())
    found = move_rules(idx.people["STAF"], idx, PlanSettings())
    assert keys(found) == {"pemangku_tunggal"} and found[0][1].startswith("Hanya 1 pemangku")
    assert keys(move_rules(idx.people["STAF"], idx, PlanSettings(min_holders_per_jf=0))) == set()


def test_a_plan_never_leaves_a_unit_without_a_holder_of_a_jf_it_needs():
    """Two midwives of PKM-A may not both go to the short PKM-B: one of them stays."""
    snapshot = health_city()
    plan = plan_city(snapshot, PlanSettings(max_leaving_share=None))
    assert sum(1 for nip in ("BIDAN", "BIDAN2") if nip in moves(plan)) == 1
    both = plan_city(snapshot, PlanSettings(max_leaving_share=None, min_holders_per_jf=0))
    assert {"BIDAN", "BIDAN2"} <= set(moves(both))
    forced = plan_city(snapshot, PlanSettings(max_leaving_share=None),
                       Edits(force={("BIDAN", "B-BIDAN"), ("BIDAN2", "B-BIDAN")}))
    assert forced.result.status == "infeasible"
    assert forced.figures["diagnosis"] == [
        "Bidan di Unit PKM-A: minimal 1 pemangku harus tetap; 1 di antaranya harus pergi"]


def test_nobody_in_the_health_and_school_city_gets_a_post_the_regulations_refuse():
    snapshot = health_city()
    settings = PlanSettings(max_leaving_share=None, min_months_in_post=0)
    plan = plan_city(snapshot, settings)
    idx = index(snapshot)
    for line in plan.lines:
        who = idx.people[line.nip]
        assert not pair_rules(who, idx.current(who), idx.posts[line.to_post], AS_OF, settings)
        assert line.kind == "mutasi" and idx.current(who).jf_name == idx.posts[line.to_post].jf_name
    assert plan.figures["shortage_after"] <= plan.figures["shortage_before"]


# --- the rule book --------------------------------------------------------------------------------
def test_every_rule_names_its_setting_regulation_and_explanation():
    names = {item.name for item in fields(PlanSettings)}
    for key, rule in RULE_BOOK.items():
        assert rule.setting in names or rule.setting == "", key
        assert rule.reference and rule.explanation.endswith("."), key
    assert "ABK" in SHORTAGE_DEFINITION


def test_why_not_explains_a_refusal_with_the_rule_book():
    snapshot = health_city()
    plan = plan_city(snapshot, PlanSettings())
    answer = why_not(snapshot, PlanSettings(), None, plan, "PERAWAT", "B-DOKTER")
    assert answer["allowed"] is False
    assert [item["rule"] for item in answer["explanations"]] == [
        "pendidikan_bidang", "sertifikat", "perpindahan"]
    assert answer["explanations"][2]["reference"] == "PermenPANRB 1/2023"
