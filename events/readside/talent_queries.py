"""Read side of the talent map: 9-box counts and people, the succession pool for strategic posts,
who to develop and who to consider moving, and one person's boxes and development actions."""
from __future__ import annotations

import json
from dataclasses import dataclass

from peewee import JOIN, fn

from domain.rules import GOLONGAN_CODES, PREDIKAT_ORDER, golongan_rank
from domain.talent import (BOX_GRID, DEFAULT_TALENT_SETTINGS, ROTATION_BOX, STRATEGIC_TYPES,
                           SUCCESSION_BOXES, TalentSettings, box_action, development_reasons,
                           fits_education, kinerja_of, latest_completed, succession_ready)
from events.readside import queries
from events.readside.appraisal_queries import unit_scope
from events.readside.readmodels import (AppraisalRow, DevelopmentRow, EmployeeRow, PeriodRow, PositionRow,
                               TalentRow, TalentScoreRow)

GOLONGAN_GROUPS = ("I", "II", "III", "IV")


@dataclass(frozen=True)
class TalentFilter:
    period: str
    unit: str | None = None
    jabatan: str | None = None
    golongan: str | None = None

    def args(self) -> dict:
        return {k: v for k, v in (("periode", self.period), ("unit", self.unit), ("jenis", self.jabatan),
                                  ("golongan", self.golongan)) if v}


def talent_periods(with_appraisals: bool = False) -> list[str]:
    """Periods with talent data, newest first; if asked, then those with appraisals only."""
    with_talent = periods_of(TalentRow)
    if not with_appraisals:
        return with_talent
    return with_talent + [p for p in periods_of(AppraisalRow) if p not in with_talent]


def periods_of(model) -> list[str]:
    """Period names found in a read model, the newest appraisal period first."""
    names = {row.period for row in model.select(model.period).distinct()}
    known = [p.name for p in PeriodRow.select(PeriodRow.name).order_by(PeriodRow.year.desc()) if p.name in names]
    return known + sorted(names - set(known), reverse=True)


def scope_codes(actor, unit: str | None) -> list[str] | None:
    """Unit codes to look at (None: the whole city), never beyond what the actor may see."""
    visible = queries.visible_unit_codes(actor)
    wanted = set(unit_scope(unit)) if unit else None
    if visible is None:
        return None if wanted is None else sorted(wanted)
    return sorted(visible & wanted if wanted else visible)


def people_filter(query, actor, f: TalentFilter):
    codes = scope_codes(actor, f.unit)
    if codes is not None:
        query = query.where(EmployeeRow.unit_code.in_(codes))
    if f.jabatan:
        query = query.where(PositionRow.jabatan_type == f.jabatan)
    if f.golongan in GOLONGAN_CODES:
        query = query.where(EmployeeRow.golongan == f.golongan)
    elif f.golongan in GOLONGAN_GROUPS:
        query = query.where(EmployeeRow.golongan.startswith(f.golongan + "/"))
    return query


def talent_query(actor, f: TalentFilter, *columns):
    query = (TalentRow.select(*columns)
             .join(EmployeeRow, on=(EmployeeRow.id == TalentRow.employee_id))
             .join(PositionRow, on=(PositionRow.id == EmployeeRow.position_id))
             .where(TalentRow.period == f.period, EmployeeRow.active))
    return people_filter(query, actor, f)


def box_counts(actor, f: TalentFilter) -> dict:
    rows = talent_query(actor, f, TalentRow.box, fn.COUNT(TalentRow.employee_id).alias("n")).group_by(TalentRow.box)
    counts = {row["box"]: row["n"] for row in rows.dicts()}
    grid = [[{"box": box, "count": counts.get(box, 0), "action": box_action(box)} for box in line]
            for line in BOX_GRID]
    return {"grid": grid, "total": sum(counts.values())}


def box_people(actor, f: TalentFilter, box: int | tuple, limit: int = 200) -> dict:
    boxes = box if isinstance(box, tuple) else (box,)
    query = (talent_query(actor, f, EmployeeRow.nip, EmployeeRow.name, EmployeeRow.golongan,
                          EmployeeRow.unit_code, PositionRow.name.alias("position"), TalentRow.box,
                          TalentRow.kinerja, TalentRow.potensial, TalentScoreRow.score, AppraisalRow.predikat)
             .join_from(TalentRow, TalentScoreRow, JOIN.LEFT_OUTER, on=(
                 (TalentScoreRow.employee_id == TalentRow.employee_id) & (TalentScoreRow.period == TalentRow.period)))
             .join_from(TalentRow, AppraisalRow, JOIN.LEFT_OUTER, on=(
                 (AppraisalRow.employee_id == TalentRow.employee_id) & (AppraisalRow.period == TalentRow.period)))
             .where(TalentRow.box.in_(boxes)))
    total = query.count()
    rows = list(query.order_by(TalentRow.box.desc(), TalentScoreRow.score.desc(nulls="LAST"),
                               EmployeeRow.name).limit(limit).dicts())
    return {"rows": rows, "total": total, "boxes": boxes, "action": box_action(boxes[0])}


# --- succession pool for strategic posts ---------------------------------------------------
def strategic_posts(actor, f: TalentFilter) -> list[dict]:
    query = PositionRow.select().where(PositionRow.strategic | PositionRow.jabatan_type.in_(STRATEGIC_TYPES))
    codes = scope_codes(actor, f.unit)
    if codes is not None:
        query = query.where(PositionRow.unit_code.in_(codes))
    return list(query.order_by(PositionRow.strategic.desc(), PositionRow.eselon.asc(nulls="LAST"),
                                             PositionRow.unit_code, PositionRow.name).dicts())


def succession(actor, f: TalentFilter, per_post: int = 5) -> list[dict]:
    """Each strategic post with the people of box 7–9 ready for it (band, education)."""
    pool = box_people(actor, TalentFilter(f.period, f.unit, None, f.golongan), SUCCESSION_BOXES, 5000)["rows"]
    extra = {r["nip"]: r for r in EmployeeRow.select(EmployeeRow.nip, EmployeeRow.education_family,
                                                     EmployeeRow.position_id)
             .where(EmployeeRow.nip.in_([p["nip"] for p in pool] or [""])).dicts()}
    posts, strategic = [], strategic_posts(actor, f)
    holders = holder_names([p["id"] for p in strategic])
    for post in strategic:
        ready = [p for p in pool if extra[p["nip"]]["position_id"] != post["id"]
                 and succession_ready(p["golongan"], post["band_low"], post["band_high"])
                 and fits_education(extra[p["nip"]]["education_family"], post["education_families"])]
        ready.sort(key=lambda p: (-p["box"], -(p["score"] or 0), -golongan_rank(p["golongan"]), p["name"]))
        posts.append({**post, "holders": holders.get(post["id"], []), "ready": len(ready),
                      "candidates": ready[:per_post]})
    return posts


def holder_names(position_ids: list) -> dict:
    holders: dict = {}
    for row in (EmployeeRow.select(EmployeeRow.position_id, EmployeeRow.name, EmployeeRow.nip)
                .where(EmployeeRow.position_id.in_(position_ids or [None]), EmployeeRow.active).dicts()):
        holders.setdefault(row["position_id"], []).append(row)
    return holders


# --- who to develop, who to consider moving ------------------------------------------------
def staff_query(actor, f: TalentFilter):
    query = (EmployeeRow.select(EmployeeRow.id, EmployeeRow.nip, EmployeeRow.name, EmployeeRow.golongan,
                                EmployeeRow.unit_code, EmployeeRow.education_family, EmployeeRow.version,
                                PositionRow.name.alias("position"),
                                PositionRow.education_families, AppraisalRow.predikat, TalentRow.box)
             .join(PositionRow, on=(PositionRow.id == EmployeeRow.position_id))
             .join_from(EmployeeRow, AppraisalRow, JOIN.LEFT_OUTER, on=(
                 (AppraisalRow.employee_id == EmployeeRow.id) & (AppraisalRow.period == f.period)))
             .join_from(EmployeeRow, TalentRow, JOIN.LEFT_OUTER, on=(
                 (TalentRow.employee_id == EmployeeRow.id) & (TalentRow.period == f.period)))
             .where(EmployeeRow.active))
    return people_filter(query, actor, f)


def development_list(actor, f: TalentFilter, settings: TalentSettings = DEFAULT_TALENT_SETTINGS,
                     limit: int = 50, offset: int = 0) -> dict:
    rows = []
    for row in staff_query(actor, f).dicts():
        reasons = development_reasons(row["predikat"], row["box"], settings)
        if reasons:
            rows.append({**row, "reasons": reasons})
    rows.sort(key=lambda r: (PREDIKAT_ORDER.index(r["predikat"]) if r["predikat"] else 9,
                             r["box"] or 10, r["name"]))
    page = rows[offset:offset + limit]
    actions = developments([r["id"] for r in page])
    for row in page:
        row["actions"] = actions.get(row["id"], [])
    return {"rows": page, "total": len(rows), "limit": limit, "offset": offset}


def move_candidates(actor, f: TalentFilter, limit: int = 50) -> dict:
    rows = []
    for row in staff_query(actor, f).dicts():
        reasons = []
        if not fits_education(row["education_family"], row["education_families"]):
            reasons.append(f"pendidikan {row['education_family']} tidak sesuai jabatan "
                           f"(menerima: {row['education_families'].replace(',', ', ')})")
        if row["box"] == ROTATION_BOX:
            reasons.append(f"kotak {ROTATION_BOX}: {box_action(ROTATION_BOX)}")
        if reasons:
            rows.append({**row, "reasons": reasons})
    rows.sort(key=lambda r: (-len(r["reasons"]), r["unit_code"], r["name"]))
    return {"rows": rows[:limit], "total": len(rows)}


def developments(employee_ids: list) -> dict:
    found: dict = {}
    for row in (DevelopmentRow.select().where(DevelopmentRow.employee_id.in_(employee_ids or [None]))
                .order_by(DevelopmentRow.number).dicts()):
        found.setdefault(row["employee_id"], []).append(row)
    return found


def person_talent(employee_id) -> dict:
    """The boxes over the years (with the score behind them) and the development actions."""
    talents = list(TalentRow.select(TalentRow, TalentScoreRow.score, TalentScoreRow.components,
                                    TalentScoreRow.actor)
                   .join(TalentScoreRow, JOIN.LEFT_OUTER, on=(
                       (TalentScoreRow.employee_id == TalentRow.employee_id)
                       & (TalentScoreRow.period == TalentRow.period)))
                   .where(TalentRow.employee_id == employee_id).order_by(TalentRow.period.desc()).dicts())
    for talent in talents:
        talent["components"] = json.loads(talent["components"]) if talent["components"] else None
        talent["action"] = box_action(talent["box"])
    return {"talents": talents, "developments": developments([employee_id]).get(employee_id, [])}


def kinerja_basis(employee: dict) -> dict | None:
    """The SKP predikat a new box of this person takes its kinerja from: that of the latest
    closed period they were rated in (the rule of `events.usecases.talent.score_potential`)."""
    found = {a["period"]: a["predikat"] for a in employee["appraisals"]}
    period = latest_completed(PeriodRow.select().where(PeriodRow.name.in_(list(found))))
    if period is None:
        return None
    return {"period": period.name, "predikat": found[period.name],
            "kinerja": kinerja_of(found[period.name])}
