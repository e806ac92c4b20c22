"""The SKP sheet by atasan langsung (domain/supervision.py): an OPD head's direct reports (their
office's staff and the heads of the sub-units), each sub-unit's staff for its head, paged, and
the progress of each group. Plain dicts."""
from __future__ import annotations

from collections import Counter

from peewee import JOIN

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


def group_of(nip: str, unit_code: str, root: str, unit_heads: dict[str, dict]) -> str:
    """The one rule of the groups: the OPD head alone; a sub-unit's head, the OPD's own office and
    anyone in a sub-unit without a head are the OPD head's direct reports; the rest belong to their
    sub-unit, under its head."""
    led = {head["nip"]: code for code, head in unit_heads.items()}
    if nip in led:
        return HEAD if led[nip] == root else DIRECT
    return DIRECT if unit_code == root or unit_code not in unit_heads else unit_code


def members(period: dict, root: str) -> tuple[list[tuple[str, str, bool]], dict[str, dict]]:
    """(nip, group, rated) for every active person of the OPD, in one query, and the units' heads."""
    scope = unit_scope(root)
    unit_heads = heads(scope)
    query = (EmployeeRow.select(EmployeeRow.nip, EmployeeRow.unit_code, AppraisalRow.predikat)
             .join(AppraisalRow, JOIN.LEFT_OUTER, on=((AppraisalRow.employee_id == EmployeeRow.id)
                                                      & (AppraisalRow.period == period["name"])))
             .where(EmployeeRow.unit_code.in_(scope), EmployeeRow.active))
    return ([(nip, group_of(nip, unit, root, unit_heads), predikat is not None)
             for nip, unit, predikat in query.tuples()], unit_heads)


def sheet(period: dict, unit_code: str, group: str, page: int, per_page: int) -> tuple[dict, list[dict]]:
    """One page of a group and the progress of every group, from one reading of the OPD's people."""
    found = members(period, unit_code)
    return group_rows(period, unit_code, group, page, per_page, found), progress(period, unit_code, found)


def group_rows(period: dict, unit_code: str, group: str, page: int, per_page: int, found=None) -> dict:
    """One page of a group's rows, in the sheet's layout, with the group's size."""
    nips = [nip for nip, member_of, _ in (found or members(period, unit_code))[0] if member_of == group]
    total = len(nips)
    pages = max(1, -(-total // per_page))
    page = min(page, pages)
    state = unit_state(period, unit_code)["state"]
    query = (sheet_query(period["name"], unit_scope(unit_code)).where(EmployeeRow.nip.in_(nips or [""]))
             .order_by(EmployeeRow.unit_code != unit_code, EmployeeRow.unit_code, EmployeeRow.name))
    rows = [with_status(r, state) for r in query.limit(per_page).offset((page - 1) * per_page).dicts()]
    return {"rows": rows, "total": total, "page": page, "pages": pages}


def progress(period: dict, unit_code: str, found=None) -> list[dict]:
    """Each group of an OPD (its head's direct reports first, the head, then each sub-unit with a
    head) with its rater, how many are rated and how many there are."""
    people, unit_heads = found or members(period, unit_code)
    names = dict(UnitRow.select(UnitRow.code, UnitRow.name).where(UnitRow.code.in_(unit_scope(unit_code))).tuples())
    groups = [(DIRECT, f"Bawahan langsung Kepala {names.get(unit_code, unit_code)}", unit_heads.get(unit_code))]
    if unit_code in unit_heads:
        groups.append((HEAD, f"Kepala {names.get(unit_code, unit_code)}", {"name": HEAD_RATER}))
    groups += [(code, names.get(code, code), unit_heads[code]) for code in unit_scope(unit_code)[1:]
               if code in unit_heads]
    total, rated = Counter(g for _, g, _ in people), Counter(g for _, g, r in people if r)
    return [{"group": group, "name": name, "rater": head, "rated": rated[group], "total": total[group],
             "pct": round(100 * rated[group] / total[group]) if total[group] else 100}
            for group, name, head in groups]
