"""The rules of DOMAIN.md applied to one proposed move, read from the views: what a reviewer sees
at each step and what must be waived (with a reason, by the PPK) before the proposal may proceed."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from domain.city_plan import PlanSettings, move_blockers, pair_blockers
from events.readside.readmodels import PositionRow
from events.readside.snapshot import city_snapshot


def violations(nip: str, to_post: str, as_of: date | None = None,
               settings: PlanSettings | None = None) -> list[str]:
    """Every rule the move `nip` → `to_post` breaks, each naming its regulation ([] when none)."""
    snapshot, _ = city_snapshot(as_of, nips=[nip], post_codes=[to_post])
    posts = {post.code: post for post in snapshot.posts}
    if not snapshot.people or to_post not in posts:
        return ["ASN atau jabatan tujuan tidak ditemukan di data saat ini."]
    person, rules = replace(snapshot.people[0], open_proposal=None), settings or PlanSettings()  # its own
    found = move_blockers(person, snapshot, rules) + pair_blockers(person, posts[to_post], snapshot, rules)
    return list(dict.fromkeys(found))


def room_in(post_code: str) -> list[str]:
    """The target post must still exist and have room (holders below its ABK need) on the day a
    move takes effect."""
    post = PositionRow.get_or_none(PositionRow.code == post_code)
    if post is None:
        return [f"Jabatan tujuan {post_code} tidak ada lagi"]
    if post.actual >= post.abk_need:
        return [f"Jabatan tujuan {post.name} tidak memiliki formasi kosong (terisi {post.actual} dari "
                f"kebutuhan ABK {post.abk_need})"]
    return []
