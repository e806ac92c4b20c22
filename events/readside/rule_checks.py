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
    return violations_for(nip, [to_post], as_of, settings)[to_post]


def violations_for(nip: str, post_codes: list[str], as_of: date | None = None,
                   settings: PlanSettings | None = None) -> dict[str, list[str]]:
    """`violations` for several target posts of one person, from one snapshot (the position picker)."""
    snapshot, _ = city_snapshot(as_of, nips=[nip], post_codes=post_codes)
    posts = {post.code: post for post in snapshot.posts}
    if not snapshot.people:
        return {code: ["ASN atau jabatan tujuan tidak ditemukan di data saat ini."] for code in post_codes}
    person, rules = replace(snapshot.people[0], open_proposal=None), settings or PlanSettings()  # its own
    blockers = move_blockers(person, snapshot, rules)
    return {code: list(dict.fromkeys(blockers + pair_blockers(person, posts[code], snapshot, rules)))
            if code in posts else ["ASN atau jabatan tujuan tidak ditemukan di data saat ini."]
            for code in post_codes}


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
