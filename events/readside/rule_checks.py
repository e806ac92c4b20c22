"""The rules of DOMAIN.md applied to one proposed move, read from the views: what a reviewer sees
at each step and what must be waived (with a reason, by the PPK) before the proposal may proceed."""
from __future__ import annotations

from datetime import date

from domain.city_plan import PlanSettings, move_blockers, pair_blockers
from events.readside.snapshot import city_snapshot


def violations(nip: str, to_post: str, as_of: date | None = None,
               settings: PlanSettings | None = None) -> list[str]:
    """Every rule the move `nip` → `to_post` breaks, each naming its regulation ([] when none)."""
    snapshot, _ = city_snapshot(as_of, nips=[nip], post_codes=[to_post])
    posts = {post.code: post for post in snapshot.posts}
    if not snapshot.people or to_post not in posts:
        return ["ASN atau jabatan tujuan tidak ditemukan di data saat ini."]
    person, rules = snapshot.people[0], settings or PlanSettings()
    found = move_blockers(person, snapshot, rules) + pair_blockers(person, posts[to_post], snapshot, rules)
    return list(dict.fromkeys(found))
