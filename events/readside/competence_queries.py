"""Competence on the read side: the names an assessment may use, and what the employee page shows
(the standard of the current post with the levels achieved, JPM and its category, the date of the
assessment used, and the best-fitting posts). Built from the one mapper (`snapshot.city_snapshot`)
and the planner's rules; JPM comes from domain.competence only."""
from __future__ import annotations

import json
from dataclasses import replace

from domain.competence import KINDS, jpm_category, known_names
from domain.plan_rules import move_blockers, person_jpm, standard_of
from domain.plan_settings import PlanSettings
from domain.plan_snapshot import CitySnapshot, index
from domain.post_fit import best_fitting_posts
from events.readside.readmodels import PositionRow, db
from events.readside.snapshot import city_snapshot

KIND_LABELS = {"manajerial": "Manajerial", "sosial_kultural": "Sosial kultural", "teknis": "Teknis"}


def known_competences() -> dict[str, str]:
    """Every competence name an assessment may use, by its case-folded name."""
    teknis = set()
    for (text,) in PositionRow.select(PositionRow.competence).distinct().tuples():
        teknis.update(name for name, kind, _ in json.loads(text or "[]") if kind == "teknis")
    return known_names(sorted(teknis))


_vacant: dict = {}  # "at": (read database, views' position, vacant posts, their units)


def with_vacant_posts(snapshot: CitySnapshot, position: int) -> CitySnapshot:
    """The snapshot of one person (with their own unit's posts) plus every post with a free seat,
    the candidates of "jabatan paling sesuai". The vacant posts are mapped once per read database
    and log position (the views change only when an event is projected), not on every page."""
    cached = _vacant.get("at")
    if cached is None or cached[0] is not db.obj or cached[1] != position:
        codes = [code for (code,) in PositionRow.select(PositionRow.code)
                 .where(PositionRow.actual < PositionRow.abk_need).tuples()]
        found, _ = city_snapshot(nips=[], post_codes=codes)
        cached = _vacant["at"] = (db.obj, position, found.posts, found.units)
    posts = {post.code: post for post in (*cached[2], *snapshot.posts)}
    units = {unit.code: unit for unit in (*cached[3], *snapshot.units)}
    return replace(snapshot, posts=tuple(posts.values()), units=tuple(units.values()))


def employee_competence(nip: str, settings: PlanSettings | None = None) -> dict | None:
    """The competence block of an active ASN's page; None for someone no longer active."""
    s = settings or PlanSettings()
    snapshot = with_vacant_posts(*city_snapshot(nips=[nip], post_codes=[]))
    if not snapshot.people:
        return None
    person, idx = snapshot.people[0], index(snapshot)
    current = idx.current(person)
    achieved = person.assessment.as_dict() if person.assessment else {}
    standard = sorted(standard_of(current, s), key=lambda item: KINDS.index(item[1]))
    value = person_jpm(person, current, s)
    return {
        "assessed_on": person.assessment.on if person.assessment else None,
        "jpm": value, "category": jpm_category(value, s), "own_standard": bool(current.competence),
        "standard": [{"name": name, "kind": KIND_LABELS[kind], "required": required,
                      "achieved": achieved.get(name)} for name, kind, required in standard],
        "best": [{"code": post.code, "name": post.name, "unit": post.unit,
                  "unit_name": idx.units[post.unit].name, "jpm": fit,
                  "category": jpm_category(fit, s)}
                 for fit, post in best_fitting_posts(person, idx, s)],
        "blockers": move_blockers(person, snapshot, s),
        "memenuhi": f"{s.jpm_memenuhi:g}".replace(".", ","),
        "masih_memenuhi": f"{s.jpm_masih_memenuhi:g}".replace(".", ","),
    }
