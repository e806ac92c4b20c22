"""Kekurangan pegawai (staff shortage), defined once: for the planner, a plan's figures and the views.

The shortage of a post is max(0, ABK need − holders); of a unit, a profession (JF) or the city, the
sum over its posts. A surplus in one post never offsets a shortage in another: a clerk too many
does not replace a missing midwife. `SHORTAGE_DEFINITION` says so to users.

The plan's objective penalises each unit's shortage with a convex, piecewise-linear function of its
shortage ratio (shortage / need), weighted by the unit's service priority (`Penalty`): the n-th
missing person of a unit costs at least as much as the (n−1)-th, so a plan fills the units that
lack most first and spreads people instead of concentrating them in one unit.

A post takes at most max(need, holders) people (domain.plan_snapshot.SnapshotIndex.capacity), so
every arrival fills a shortage or a seat vacated in the same plan: each chain of moves ends in a
short post, and a plan never raises the city's shortage.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass

SHORTAGE_DEFINITION = (
    "Kekurangan dihitung per jabatan: kebutuhan ABK dikurangi jumlah pemangku, bila positif; "
    "kekurangan unit, profesi (jabatan fungsional) dan kota adalah jumlahnya. Kelebihan pegawai "
    "di satu jabatan tidak menutup kekurangan di jabatan lain.")


def post_shortage(need: int, holders: int) -> int:
    return max(0, need - holders)


@dataclass(frozen=True)
class Penalty:
    """weight × φ(shortage), φ convex and piecewise linear: slope k between breaks k−1 and k."""

    weight: float
    breaks: tuple  # shortage counts where the slope rises, ascending
    slopes: tuple  # len(breaks) + 1 non-decreasing slopes

    def __call__(self, shortage: float) -> float:
        total, start = 0.0, 0
        for slope, end in zip(self.slopes, (*self.breaks, math.inf)):
            if shortage > start:
                total += slope * (min(shortage, end) - start)
            start = end
        return self.weight * total

    def lines(self) -> list[tuple[float, float]]:
        """(slope, intercept) with penalty = max over lines of slope·shortage + intercept."""
        starts = (0, *self.breaks)
        return [(self.weight * slope, self(start) - self.weight * slope * start)
                for slope, start in zip(self.slopes, starts)]

    def cost_of_one_more(self, shortage: int) -> float:
        """How urgent the unit is: what one more missing person costs."""
        return self(shortage + 1) - self(shortage)


def unit_penalty(need: int, priority: int, s) -> Penalty:
    """The penalty of a unit with this ABK need and service priority (1 = most urgent)."""
    factors = s.priority_factors
    factor = factors[min(max(priority, 1), len(factors)) - 1]
    breaks = tuple(math.ceil(ratio * need - 1e-9) for ratio in s.shortage_breaks)
    return Penalty(float(s.w_fill) * factor, breaks, tuple(float(x) for x in s.shortage_slopes))


@dataclass(frozen=True)
class Staffing:
    """What the shortage figures need of a post."""

    need: int
    holders: int
    unit: str
    jf: str | None  # the profession; None: not a JF post


def shortage_figures(posts: dict[str, Staffing], moves: list[tuple[str, str]]) -> dict:
    """Shortage before and after `moves` (from post, to post): city, per unit, per JF, per move.
    Each move's change is measured on the staffing left by the moves before it, so they add up."""
    holders = {code: post.holders for code, post in posts.items()}
    before = _totals(posts, holders)
    per_move = []
    for origin, target in moves:
        was = post_shortage(posts[origin].need, holders[origin]) + \
            post_shortage(posts[target].need, holders[target])
        holders[origin] -= 1
        holders[target] += 1
        now = post_shortage(posts[origin].need, holders[origin]) + \
            post_shortage(posts[target].need, holders[target])
        per_move.append(now - was)
    after = _totals(posts, holders)
    moved = max(len(moves), 1)
    return {
        "shortage_before": before["city"], "shortage_after": after["city"],
        "shortage_reduced_per_move": round((before["city"] - after["city"]) / moved, 4),
        "shortage_by_unit": {unit: (before["unit"][unit], after["unit"][unit])
                             for unit in sorted(before["unit"])},
        "shortage_by_jf": {jf: (before["jf"][jf], after["jf"][jf]) for jf in sorted(before["jf"])},
        "shortage_per_move": per_move,
    }


def _totals(posts: dict[str, Staffing], holders: dict[str, int]) -> dict:
    units, jfs = Counter(), Counter()
    for code, post in posts.items():
        missing = post_shortage(post.need, holders[code])
        units[post.unit] += missing
        if post.jf is not None:
            jfs[post.jf] += missing
    units.update(dict.fromkeys((post.unit for post in posts.values()), 0))
    jfs.update(dict.fromkeys((post.jf for post in posts.values() if post.jf is not None), 0))
    return {"city": sum(units.values()), "unit": units, "jf": jfs}


def unit_needs(posts: dict[str, Staffing]) -> dict[str, tuple[int, int]]:
    """unit -> (ABK need, shortage) before any move."""
    found = defaultdict(lambda: [0, 0])
    for post in posts.values():
        found[post.unit][0] += post.need
        found[post.unit][1] += post_shortage(post.need, post.holders)
    return {unit: tuple(values) for unit, values in found.items()}
