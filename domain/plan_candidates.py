"""Which moves the planner looks at, without scoring every (person, post) pair.

Posts fall into classes that the rules cannot tell apart (band, education, JF and jenjang,
credential, competence standard, ...). A person's eligible classes are found once per *rule
profile* (everything the pair rules read of a person), so the rules run per class, not per post.

- `starting_candidates`: the best K moves of a person, the model's first columns.
- `price`: with the duals of a solved relaxation, every eligible move left out of the model is
  priced; of those with a positive reduced cost, each person's best few are returned, and no
  post is offered to many more people than it has seats in one round, so that the columns spread
  over the posts (column generation, domain.pricing: an empty answer proves that none is left).
  Within a class, posts are scanned by their dual-adjusted value and the scan stops at the first
  post whose upper bound on the reduced cost is not positive, so every other post of the class is
  priced by that bound.
"""
from __future__ import annotations

import heapq
import itertools
from collections import Counter, defaultdict

from domain.plan_mip import reduced_cost
from domain.plan_rules import (age_on, competence_rules, horizon_end, is_teacher_post, post_bup,
                               retirement_day, static_pair_rules)
from domain.plan_score import Scorer, talented
from domain.planner import Pair

EPS = 1e-6
PRICED_PER_PERSON = 3  # pairs added per person and round: the best by reduced cost


def class_key(post) -> tuple:
    return (post.band_low, post.band_high, post.education_families, post.jabatan_type,
            post.eselon, post.level, post.jf_name, post.education_levels, post.education_fields,
            post.credential, post.competence, post.is_principal, is_teacher_post(post))


class Classes:
    """The posts with a free seat, grouped in classes, and each person's eligible classes."""

    def __init__(self, scorer: Scorer, seats: dict[str, int]):
        self.scorer, self.idx, self.s, self.seats = scorer, scorer.idx, scorer.s, seats
        groups = defaultdict(list)
        for post in self.idx.posts.values():
            if seats[post.code] > 0:
                groups[class_key(post)].append(post)
        self.classes = list(groups.values())
        ids = scorer.class_ids  # class key -> a number, the same for every Classes of a scorer
        self.ids = [ids.setdefault(key, len(ids)) for key in groups]
        self._id_set = frozenset(self.ids)
        self._class_of = {post.code: k for k, posts in enumerate(self.classes) for post in posts}
        self.gain = scorer.gain
        talent = float(self.s.w_talent)
        self._by_gain = [tuple(sorted(posts, key=lambda p, bonus=bonus: (
            -(self.gain[p.code] + (bonus if p.strategic else 0.0)), p.holders - p.need, p.code))
            for bonus in (0.0, talent)) for posts in self.classes]  # [plain, talented]
        self.bups = sorted({post_bup(posts[0]) for posts in self.classes})
        self._eligible: dict = {}
        self._people: dict = {}
        reps = [posts[0] for posts in self.classes]  # what the rule profiles must tell apart
        self._needs = (any(p.education_fields for p in reps), any(p.credential for p in reps),
                       self.s.allow_jf_transfer, tuple(self.bups))

    def eligible(self, person, current) -> list[int]:
        """Indices of the classes whose posts the person may take (their own post excepted)."""
        profile = self._profile(person, current)
        if profile not in self._eligible:
            self._eligible[profile] = self._static_eligible(person, current, profile)
        return [k for k in self._eligible[profile]
                if not self.classes[k][0].structural
                or not competence_rules(person, self.classes[k][0], self.s)]

    def _static_eligible(self, person, current, profile: tuple) -> list[int]:
        """The classes the static pair rules admit for this profile. A class's verdict depends on
        the profile and the class only, so it is kept on the scorer (one snapshot, one set of
        settings): a re-optimisation after an edit reuses it for every class already judged."""
        memo, key = self.scorer.eligible_memo, (self._needs, profile)
        judged, admitted = memo.get(key, (frozenset(), frozenset()))
        if not self._id_set <= judged:
            admitted = admitted | {
                class_id for k, class_id in enumerate(self.ids) if class_id not in judged and
                all(rule == "jabatan_sama" for rule, _ in static_pair_rules(
                    person, current, self.classes[k][0], self.idx.as_of, self.s))}
            judged = self._id_set if not judged else judged | self._id_set
            memo[key] = (judged, frozenset(admitted))
        return [k for k, class_id in enumerate(self.ids) if class_id in admitted]

    def fit(self, person, current, k: int) -> float:
        """The competence fit of the person for class k's posts (kept on the scorer)."""
        key = (person.nip, self.ids[k])
        found = self.scorer.fit_memo.get(key)
        if found is None:
            found = self.scorer.fit_memo[key] = self.scorer.fit(person, current,
                                                                self.classes[k][0])
        return found

    def _profile(self, person, current) -> tuple:
        """Everything the static pair rules read of a person and their current post (fields,
        credentials and age only where some post or setting looks at them)."""
        as_of, (fields, credentials, age, _) = self.idx.as_of, self._needs
        held = tuple(sorted((c.type, c.subject.casefold()) for c in person.credentials
                            if c.valid_until is None or c.valid_until >= as_of)) \
            if credentials else ()
        end = horizon_end(as_of, self.s)
        retiring = tuple(retirement_day(person.birth_date, bup) <= end for bup in self.bups)
        return (person.golongan, person.education_family, person.education_level,
                person.education_field.casefold() if fields else "", held,
                person.jf or current.jf_name, person.jf_level or current.level,
                age_on(person.birth_date, as_of) if age else 0, retiring,
                current.jabatan_type, current.eselon)

    def has_seat(self, code: str) -> bool:
        """The post has a seat a mover could take (it is in a class)."""
        return code in self._class_of

    def eligible_pairs(self, person, current, excluded: set[str]) -> int:
        """How many moves the rules and seats allow this person (`excluded`: forbidden posts)."""
        eligible = set(self.eligible(person, current))
        left_out = {current.code} | excluded
        return sum(len(self.classes[k]) for k in eligible) - \
            sum(1 for code in left_out if self._class_of.get(code) in eligible)

    # --- the first columns ----------------------------------------------------------------------
    def starting_candidates(self, person, current, forbidden: set[str],
                            offered: Counter) -> list[tuple[str, dict]]:
        """The best `candidates_per_person` moves by total score above `min_candidate_score`,
        skipping posts already offered to many more people than they have seats (`offered`
        counts the offers so far), so that the first columns spread over the posts."""
        s, k = self.s, self.s.candidates_per_person
        talented_ = talented(person, current)
        found = []
        for index in self.eligible(person, current):
            fit, taken = self.fit(person, current, index), 0
            for post in self._by_gain[index][talented_]:
                if taken > k:
                    break
                if post.code == current.code or post.code in forbidden or \
                        offered[post.code] > self.seats[post.code] + k:
                    continue
                parts = self.scorer.parts(person, current, post, fit)
                found.append((-parts["total"], post.holders - post.need, post.code, parts))
                taken += 1
        floor = s.min_candidate_score
        best = heapq.nsmallest(k, (item for item in found
                                   if floor is None or -item[0] > floor + EPS))
        offered.update(code for _, _, code, _ in best)
        return [(code, parts) for _, _, code, parts in best]

    # --- pricing --------------------------------------------------------------------------------
    def price(self, people: list, in_model: dict[str, set[str]], duals: dict,
              bonus: dict[tuple[str, str], float], cost_of) -> list[Pair]:
        """Each person's best `PRICED_PER_PERSON` eligible pairs outside the model with a positive
        reduced cost. `bonus`: (nip, post) -> a score bonus (domain.city_plan's stick_to)."""
        pricing = _Round([self._order(posts, duals, cost_of) for posts in self.classes],
                         duals, bonus, cost_of, self.seats)
        added = []
        for person in people:
            chosen = self._best_pairs(person, in_model[person.nip], pricing)
            pricing.offered.update(pair.position for pair in chosen)
            added += chosen
        return added

    def _best_pairs(self, person, known: set[str], pricing: _Round) -> list[Pair]:
        current = self.idx.current(person)
        origin, fits = self._person(person, current)
        fixed = origin["relief"] + origin["move_cost"] + pricing.most_bonus - \
            pricing.duals.get(("employee", person.nip), 0.0)
        others = origin["box4_rotation"] + origin["rotation_due"]
        talent = float(self.s.w_talent) if talented(person, current) else 0.0
        best = []  # the person's best pairs so far: (reduced cost, post code, pair), a heap
        for index, fit in fits:
            ceiling = fixed + max(0.0, fit + others)
            for value, post in pricing.posts(index, bool(talent)):
                # no post from here on can beat EPS, nor the worst of a full `best`
                if ceiling + value <= max(EPS, best[0][0] if len(best) == PRICED_PER_PERSON
                                          else EPS):
                    break
                if post.code == current.code or post.code in known or pricing.full(post.code):
                    continue
                score = self.scorer.lp(origin, current, post, fit, talent) + \
                    pricing.bonus.get((person.nip, post.code), 0.0)
                pair = Pair(person.nip, post.code, score, pricing.cost_of(post.unit))
                gain = reduced_cost(pair, post.unit, pricing.duals)
                if gain > EPS:
                    heapq.heappush(best, (gain, post.code, pair))
                    if len(best) > PRICED_PER_PERSON:
                        heapq.heappop(best)
        return [pair for _, _, pair in sorted(best, key=lambda item: (-item[0], item[1]))]

    def _person(self, person, current) -> tuple[dict, list[tuple[int, float]]]:
        """The person's origin parts and (class, fit) of their eligible classes, kept across
        pricing rounds."""
        if person.nip not in self._people:
            self._people[person.nip] = (
                self.scorer.origin(person, current),
                [(k, self.fit(person, current, k))
                 for k in self.eligible(person, current)])
        return self._people[person.nip]

    def _order(self, posts, duals: dict, cost_of) -> tuple[list, list]:
        """Posts by dual-adjusted value, without and with the talent bonus, best first."""
        adjusted = [(-(duals.get(("capacity", p.code), 0.0) + duals.get(("shortage", p.code), 0.0)
                       + cost_of(p.unit) * duals.get(("budget", p.unit), 0.0)), p) for p in posts]
        talent = float(self.s.w_talent)
        plain = sorted(adjusted, key=lambda item: -item[0])
        with_talent = sorted(((value + (talent if p.strategic else 0.0), p)
                              for value, p in adjusted), key=lambda item: -item[0])
        return plain, with_talent


class _Round:
    """One pricing round: the posts of each class by dual-adjusted value, and how often each
    post was offered; a post offered to more people than its seats (plus a few) is full for the
    round, so that the columns spread over the posts."""

    def __init__(self, orders: list, duals: dict, bonus: dict, cost_of, seats: dict[str, int]):
        self.orders, self.duals, self.bonus, self.cost_of, self.seats = \
            orders, duals, bonus, cost_of, seats
        self.most_bonus = max(bonus.values(), default=0.0)
        self.offered = Counter()
        self.heads = [[0, 0] for _ in orders]  # per class and order: the posts before are full

    def full(self, code: str) -> bool:
        return self.offered[code] > self.seats[code] + PRICED_PER_PERSON

    def posts(self, index: int, talented_: bool):
        """The class's posts, best first, from the first one that is not full yet."""
        order, head = self.orders[index][talented_], self.heads[index]
        while head[talented_] < len(order) and self.full(order[head[talented_]][1].code):
            head[talented_] += 1
        return itertools.islice(order, head[talented_], None)
