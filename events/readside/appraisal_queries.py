"""Read side of the SKP cycle: a unit's sheet (one row per ASN with their status), its summary
against the distribution guidance, and BKD's progress per unit. Plain dicts, never peewee rows."""
from __future__ import annotations

from collections import Counter
from datetime import date

from peewee import JOIN, fn

from domain.rules import PREDIKAT_ORDER
from domain.skp_guidance import DEFAULT_ORG_PREDIKAT, check_distribution, distribution
from events.readside.readmodels import (AppraisalNoteRow, AppraisalRow, EmployeeRow, PeriodRow, PositionRow,
                               UnitAppraisalRow, UnitRow)

STATUS_LABELS = {"belum": "belum dinilai", "draf": "draf", "diajukan": "diajukan", "final": "final"}
UNIT_STATE_LABELS = {"draf": "belum diajukan", "diajukan": "diajukan", "dikembalikan": "dikembalikan",
                     "final": "final"}


def list_periods() -> list[dict]:
    return list(PeriodRow.select().order_by(PeriodRow.year.desc(), PeriodRow.name).dicts())


def get_period(name: str) -> dict | None:
    return PeriodRow.select().where(PeriodRow.name == (name or "").strip()).dicts().first()


def root_units() -> list[dict]:
    return list(UnitRow.select(UnitRow.code, UnitRow.name).where(UnitRow.parent_code.is_null())
                .order_by(UnitRow.name).dicts())


def get_unit(code: str) -> dict | None:
    return UnitRow.select().where(UnitRow.code == code).dicts().first()


def unit_scope(code: str) -> list[str]:
    children = UnitRow.select(UnitRow.code).where(UnitRow.parent_code == code).order_by(UnitRow.code)
    return [code] + [row.code for row in children]


def unit_state(period: dict, unit_code: str) -> dict:
    row = (UnitAppraisalRow.select().where(UnitAppraisalRow.period == period["name"],
                                           UnitAppraisalRow.unit_code == unit_code).dicts().first())
    row = row or {"state": "draf", "org_predikat": DEFAULT_ORG_PREDIKAT, "warnings": None,
                  "return_reason": None, "returned_by": None, "submitted_by": None}
    state = row["state"] if period["is_open"] else "final"
    return {**row, "state": state, "label": UNIT_STATE_LABELS[state]}


def roster(unit_code: str) -> list[str]:
    """NIPs of the active staff a unit submits for (the unit and its sub-units)."""
    query = EmployeeRow.select(EmployeeRow.nip).where(EmployeeRow.unit_code.in_(unit_scope(unit_code)),
                                                      EmployeeRow.active)
    return [row.nip for row in query.order_by(EmployeeRow.nip)]


def sheet_query(period_name: str, codes: list[str]):
    return (EmployeeRow
            .select(EmployeeRow.id, EmployeeRow.nip, EmployeeRow.name, EmployeeRow.golongan,
                    EmployeeRow.unit_code, EmployeeRow.version, PositionRow.name.alias("position"),
                    AppraisalRow.hasil_kerja, AppraisalRow.perilaku, AppraisalRow.predikat,
                    AppraisalNoteRow.justification)
            .join(PositionRow, on=(PositionRow.id == EmployeeRow.position_id))
            .join_from(EmployeeRow, AppraisalRow, JOIN.LEFT_OUTER,
                       on=((AppraisalRow.employee_id == EmployeeRow.id) & (AppraisalRow.period == period_name)))
            .join_from(EmployeeRow, AppraisalNoteRow, JOIN.LEFT_OUTER,
                       on=((AppraisalNoteRow.employee_id == EmployeeRow.id)
                           & (AppraisalNoteRow.period == period_name)))
            .where(EmployeeRow.unit_code.in_(codes), EmployeeRow.active))


def with_status(row: dict, state: str) -> dict:
    if row["predikat"] is None:
        status = "belum"
    else:
        status = state if state in ("diajukan", "final") else "draf"
    return {**row, "status": status, "status_label": STATUS_LABELS[status]}


def sheet_rows(period: dict, unit_code: str, sub: str | None = None) -> list[dict]:
    state = unit_state(period, unit_code)["state"]
    codes = [sub] if sub in unit_scope(unit_code) else unit_scope(unit_code)
    query = sheet_query(period["name"], codes).order_by(EmployeeRow.unit_code != unit_code,
                                                        EmployeeRow.unit_code, EmployeeRow.name)
    return [with_status(row, state) for row in query.dicts()]


def sheet_row(period: dict, unit_code: str, nip: str) -> dict | None:
    row = sheet_query(period["name"], unit_scope(unit_code)).where(EmployeeRow.nip == nip).dicts().first()
    return with_status(row, unit_state(period, unit_code)["state"]) if row else None


def summary(period: dict, unit_code: str) -> dict:
    """Completion, distribution and the guidance warnings of one unit, as things stand now."""
    rows = (EmployeeRow.select(AppraisalRow.predikat, fn.COUNT(EmployeeRow.id).alias("n"))
            .join(AppraisalRow, JOIN.LEFT_OUTER, on=((AppraisalRow.employee_id == EmployeeRow.id)
                                                     & (AppraisalRow.period == period["name"])))
            .where(EmployeeRow.unit_code.in_(unit_scope(unit_code)), EmployeeRow.active)
            .group_by(AppraisalRow.predikat).dicts())
    counts = {row["predikat"]: row["n"] for row in rows}
    unrated = counts.pop(None, 0)
    state = unit_state(period, unit_code)
    rated = distribution(Counter(counts).elements())
    return {"total": unrated + sum(rated.values()), "rated": sum(rated.values()), "unrated": unrated,
            "distribution": shares(rated), "unit": state,
            "warnings": check_distribution(state["org_predikat"], rated)}


def shares(counts: dict[str, int]) -> list[dict]:
    total = sum(counts.values()) or 1
    return [{"predikat": p, "count": n, "pct": round(100 * n / total, 1)} for p, n in counts.items()]


# --- BKD: progress of a period ----------------------------------------------------------------
def progress(period: dict, today: date) -> dict:
    roots = {row["code"]: row["name"] for row in root_units()}
    parent = {row.code: row.parent_code or row.code for row in UnitRow.select(UnitRow.code, UnitRow.parent_code)}
    counts: dict = {code: Counter() for code in roots}
    query = (EmployeeRow.select(EmployeeRow.unit_code, AppraisalRow.predikat, fn.COUNT(EmployeeRow.id).alias("n"))
             .join(AppraisalRow, JOIN.LEFT_OUTER, on=((AppraisalRow.employee_id == EmployeeRow.id)
                                                      & (AppraisalRow.period == period["name"])))
             .where(EmployeeRow.active).group_by(EmployeeRow.unit_code, AppraisalRow.predikat).dicts())
    for row in query:
        counts.setdefault(parent.get(row["unit_code"], row["unit_code"]), Counter())[row["predikat"]] += row["n"]
    states = {r["unit_code"]: r for r in UnitAppraisalRow.select().where(
        UnitAppraisalRow.period == period["name"]).dicts()}
    units = [unit_progress(period, code, roots.get(code, code), counts[code], states.get(code), today)
             for code in sorted(counts, key=lambda c: roots.get(c, c))]
    return {"units": units, "city": city_distribution(period["name"]),
            "overdue": sum(u["overdue"] for u in units),
            "submitted": sum(u["state"] in ("diajukan", "final") for u in units)}


def unit_progress(period: dict, code: str, name: str, counts: Counter, row: dict | None,
                  today: date) -> dict:
    total = sum(counts.values())
    rated = total - counts[None]
    state = (row or {}).get("state", "draf") if period["is_open"] else "final"
    return {"code": code, "name": name, "total": total, "rated": rated,
            "pct": round(100 * rated / total) if total else 100, "state": state,
            "state_label": UNIT_STATE_LABELS[state],
            "org_predikat": (row or {}).get("org_predikat", DEFAULT_ORG_PREDIKAT),
            "warnings": ((row or {}).get("warnings") or "").splitlines(),
            "overdue": period["is_open"] and period["ends"] < today and state != "diajukan"}


def city_distribution(period_name: str) -> list[dict]:
    rows = (AppraisalRow.select(AppraisalRow.predikat, fn.COUNT(AppraisalRow.employee_id).alias("n"))
            .where(AppraisalRow.period == period_name).group_by(AppraisalRow.predikat).dicts())
    counts = {row["predikat"]: row["n"] for row in rows}
    return shares({p: counts.get(p, 0) for p in reversed(PREDIKAT_ORDER)})
