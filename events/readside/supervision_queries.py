"""The SKP sheet by atasan langsung (domain/supervision.py): an OPD head's direct reports (their
office's staff and the heads of the sub-units), each sub-unit's staff for its head, paged, and
the progress of each group. Plain dicts."""
from __future__ import annotations

from peewee import JOIN, fn

from domain.supervision import head_post
from events.readside.appraisal_queries import sheet_query, unit_scope, unit_state, with_status
from events.readside.readmodels import AppraisalRow, EmployeeRow, PositionRow, UnitRow

DIRECT = ""  # the group of the OPD head's direct reports
HEAD = "kepala"  # the OPD head themselves: rated by their own atasan (Sekda, Wali Kota), recorded by BKD
HEAD_RATER = "atasan Kepala OPD (Sekretaris Daerah / Wali Kota), dicatat BKD"


def head_posts(codes: list[str]) -> dict[str, str]:
    """unit code → the code of its head post (units without one are left out)."""
    posts: dict[str, list] = {}
    for unit_code, code, eselon, principal in (PositionRow.select(
            PositionRow.unit_code, PositionRow.code, PositionRow.eselon, PositionRow.is_principal)
            .where(PositionRow.unit_code.in_(codes)).tuples()):
        posts.setdefault(unit_code, []).append((code, eselon, principal))
    return {unit: head for unit, found in posts.items() if (head := head_post(found))}


def heads(codes: list[str]) -> dict[str, dict]:
    """unit code → its head (nip, name) among the active holders of the head post (the first by name)."""
    posts = head_posts(codes)
    found: dict[str, dict] = {}
    query = (EmployeeRow.select(EmployeeRow.nip, EmployeeRow.name, PositionRow.code.alias("post"),
                                PositionRow.unit_code.alias("unit"))
             .join(PositionRow, on=(PositionRow.id == EmployeeRow.position_id))
             .where(PositionRow.code.in_(list(posts.values())), EmployeeRow.active).order_by(EmployeeRow.name))
    for row in query.dicts():
        found.setdefault(row["unit"], {"nip": row["nip"], "name": row["name"]})
    return found


def group_condition(scope: list[str], group: str, unit_heads: dict[str, dict]):
    """Who is in one group: the OPD head's direct reports (their office, the sub-units' heads and
    everyone in a sub-unit without a head), or one sub-unit's staff under its head."""
    head_nips = [h["nip"] for h in unit_heads.values()]
    if group == HEAD:
        return EmployeeRow.nip == unit_heads.get(scope[0], {}).get("nip", "")
    if group == DIRECT:
        unit_code = scope[0]
        own_head = unit_heads.get(unit_code, {}).get("nip")
        headless = [code for code in scope if code not in unit_heads or code == unit_code]
        sub_heads = [h["nip"] for code, h in unit_heads.items() if code != unit_code]
        return ((EmployeeRow.unit_code.in_(headless) & (EmployeeRow.nip != (own_head or "")))
                | EmployeeRow.nip.in_(sub_heads or [""]))
    return (EmployeeRow.unit_code == group) & EmployeeRow.nip.not_in(head_nips or [""])


def group_rows(period: dict, unit_code: str, group: str, page: int, per_page: int) -> dict:
    """One page of a group's rows, in the sheet's layout, with the group's size."""
    scope = unit_scope(unit_code)
    unit_heads = heads(scope)
    query = sheet_query(period["name"], scope).where(group_condition(scope, group, unit_heads))
    total = query.count()
    pages = max(1, -(-total // per_page))
    page = min(page, pages)
    state = unit_state(period, unit_code)["state"]
    rows = [with_status(r, state) for r in query.order_by(EmployeeRow.unit_code != unit_code, EmployeeRow.unit_code,
                                                          EmployeeRow.name)
            .limit(per_page).offset((page - 1) * per_page).dicts()]
    return {"rows": rows, "total": total, "page": page, "pages": pages}


def progress(period: dict, unit_code: str) -> list[dict]:
    """Each group of an OPD (its head's direct reports first, then each sub-unit) with its rater,
    how many are rated and how many there are."""
    scope = unit_scope(unit_code)
    unit_heads = heads(scope)
    names = dict(UnitRow.select(UnitRow.code, UnitRow.name).where(UnitRow.code.in_(scope)).tuples())
    groups = [(DIRECT, f"Bawahan langsung Kepala {names.get(unit_code, unit_code)}", unit_heads.get(unit_code))]
    if unit_code in unit_heads:
        groups.append((HEAD, f"Kepala {names.get(unit_code, unit_code)}", {"name": HEAD_RATER}))
    groups += [(code, names.get(code, code), unit_heads[code]) for code in scope[1:] if code in unit_heads]
    out = []
    for group, name, head in groups:
        rated, total = (EmployeeRow.select(fn.COUNT(AppraisalRow.predikat), fn.COUNT(EmployeeRow.id))
                        .join(AppraisalRow, JOIN.LEFT_OUTER, on=((AppraisalRow.employee_id == EmployeeRow.id)
                                                                 & (AppraisalRow.period == period["name"])))
                        .where(EmployeeRow.unit_code.in_(scope), EmployeeRow.active,
                               group_condition(scope, group, unit_heads)).tuples().first())
        out.append({"group": group, "name": name, "rater": head, "rated": rated, "total": total,
                    "pct": round(100 * rated / total) if total else 100})
    return out
