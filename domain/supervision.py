"""Who is whose atasan langsung (direct supervisor), by the structure of units and posts.

The head of a unit holds its highest structural post (eselon II.a before II.b before III.a …) or,
in a unit without one (a school), its principal post (kepala sekolah). The head of an OPD rates
the people of the OPD's own office and the heads of its sub-units (puskesmas, schools,
kelurahan); a sub-unit's head rates the rest of their sub-unit."""
from __future__ import annotations

from domain.rules import ESELON_BANDS

ESELON_ORDER = {eselon: rank for rank, eselon in enumerate(ESELON_BANDS)}  # II.a first


def head_rank(eselon: str | None, is_principal: bool) -> int | None:
    """How high a post stands as the head of its unit (lower is higher); None: never the head."""
    if eselon in ESELON_ORDER:
        return ESELON_ORDER[eselon]
    return len(ESELON_ORDER) if is_principal else None


def head_post(posts: list[tuple[str, str | None, bool]]) -> str | None:
    """The head post of one unit among (code, eselon, is_principal); None when it has none."""
    ranked = [(rank, code) for code, eselon, principal in posts
              if (rank := head_rank(eselon, principal)) is not None]
    return min(ranked)[1] if ranked else None
