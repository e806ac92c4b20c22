"""Posts and units by name: the lookup every page uses to show a post or unit code as the name people
know (webapp/filters.py, once per request), and the position picker's active search — the posts a
person could move to, in the actor's scope, each with the rule result of that move."""
from __future__ import annotations

from domain.access import Actor
from domain.plan_settings import PlanSettings
from domain.rules import DomainError
from events.readside.queries import visible_unit_codes
from events.readside.readmodels import EmployeeRow, PositionRow, UnitRow
from events.readside.rule_checks import room_in, violations_for

MAX_QUERY = 80     # characters of a search typed into the picker (server-checked)
MAX_RESULTS = 15   # posts listed per search
CANDIDATES = 60    # posts whose rules are checked before the best 15 are listed


def post_and_unit_names() -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    """Every post code → (post name, unit code) and unit code → unit name, in two queries."""
    posts = {code: (name, unit) for code, name, unit in
             PositionRow.select(PositionRow.code, PositionRow.name, PositionRow.unit_code).tuples()}
    units = dict(UnitRow.select(UnitRow.code, UnitRow.name).tuples())
    return posts, units


def search_text(text: str | None) -> str:
    """The picker's query, trimmed; refused when longer than MAX_QUERY characters."""
    text = " ".join((text or "").split())
    if len(text) > MAX_QUERY:
        raise DomainError(f"Kata pencarian jabatan paling panjang {MAX_QUERY} karakter.")
    return text


def matching_posts(actor: Actor, text: str, exclude: str | None = None, limit: int = CANDIDATES) -> list[dict]:
    """Posts whose name, unit name or code holds every word of `text`, within the actor's units
    (a Kepala OPD: their unit and its sub-units), those with a vacancy first."""
    query = PositionRow.select(PositionRow.code, PositionRow.name, PositionRow.unit_code,
                               PositionRow.actual, PositionRow.abk_need)
    scope = visible_unit_codes(actor)
    if scope is not None:
        query = query.where(PositionRow.unit_code.in_(list(scope)))
    if exclude:
        query = query.where(PositionRow.code != exclude)
    for word in text.lower().split():
        units = UnitRow.select(UnitRow.code).where(UnitRow.name.contains(word))
        query = query.where(PositionRow.name.contains(word) | PositionRow.code.contains(word)
                            | PositionRow.unit_code.in_(units))
    rows = list(query.order_by(PositionRow.name, PositionRow.code).limit(limit).dicts())
    return sorted(rows, key=lambda r: r["actual"] >= r["abk_need"])


def pick_posts(actor: Actor, nip: str | None, text: str | None, settings: PlanSettings | None = None) -> dict:
    """The picker's answer: at most MAX_RESULTS posts matching `text` that the person (`nip`, when
    in the actor's scope) could move to, each with the rules that move breaks ([] = memenuhi aturan),
    those that meet every rule first (under `settings`: a plan's own on its pages, else the defaults).
    Without a person, the posts without rule results."""
    text = search_text(text)
    person = person_in_scope(actor, nip)
    if not text:
        return {"text": text, "person": person, "posts": [], "more": False}
    current = person["post"] if person else None
    rows = matching_posts(actor, text, exclude=current)
    if person:
        found = violations_for(person["nip"], [r["code"] for r in rows], settings=settings)
        for row in rows:
            row["rules"] = found[row["code"]] + room_in(row["code"])
        rows.sort(key=lambda r: bool(r["rules"]))
    units = unit_names({r["unit_code"] for r in rows})
    for row in rows:
        row["unit_name"] = units.get(row["unit_code"], row["unit_code"])
    return {"text": text, "person": person, "posts": rows[:MAX_RESULTS], "more": len(rows) > MAX_RESULTS}


def person_in_scope(actor: Actor, nip: str | None) -> dict | None:
    """The active ASN `nip` with their post's code, when the actor may see their unit."""
    nip = "".join((nip or "").split())[:21]
    if not nip:
        return None
    row = EmployeeRow.get_or_none((EmployeeRow.nip == nip) & EmployeeRow.active)
    scope = visible_unit_codes(actor)
    if row is None or (scope is not None and row.unit_code not in scope):
        return None
    post = PositionRow.get_or_none(PositionRow.id == row.position_id)
    return {"nip": row.nip, "name": row.name, "post": post.code if post else None}


def chosen_post(actor: Actor, nip: str | None, code: str | None,
                settings: PlanSettings | None = None) -> dict | None:
    """The post `code` as the picker shows it once chosen (with its rule result for `nip`), or None
    when there is no such post in the actor's scope."""
    code = (code or "").strip()[:MAX_QUERY]
    row = (PositionRow.select(PositionRow.code, PositionRow.name, PositionRow.unit_code, PositionRow.actual,
                              PositionRow.abk_need).where(PositionRow.code == code).dicts().first())
    scope = visible_unit_codes(actor)
    if row is None or (scope is not None and row["unit_code"] not in scope):
        return None
    person = person_in_scope(actor, nip)
    if person:
        row["rules"] = violations_for(person["nip"], [code], settings=settings)[code] + room_in(code)
    row["unit_name"] = unit_names([row["unit_code"]]).get(row["unit_code"], row["unit_code"])
    return row


def unit_names(codes) -> dict[str, str]:
    return dict(UnitRow.select(UnitRow.code, UnitRow.name).where(UnitRow.code.in_(list(codes))).tuples())
