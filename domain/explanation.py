"""Explaining plans in Bahasa Indonesia: which limits a plan hits, and why no plan exists.

Pure functions over a planner `Problem` (see `domain.planner`); no solver runs here.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from domain.planner import Pair, Problem


def tight_constraints(problem: Problem, assignment: dict[str, str]) -> list[str]:
    """Side constraints in use and at their limit, e.g. "batas mutasi 450/450"."""
    seats, spent, leaving = Counter(), defaultdict(float), Counter()
    costs = {pair.key: pair.cost for pair in problem.pairs}
    for employee, position in assignment.items():
        seats[position] += 1
        spent[problem.unit_of(position)] += costs[employee, position]
        current = problem.employees[employee]
        if current not in (None, position):
            leaving[problem.unit_of(current)] += 1
    moves = sum(leaving.values())
    tight = []
    if _at_limit(moves, problem.max_moves):
        tight.append(f"batas mutasi {moves}/{problem.max_moves}")
    for unit_id, unit in problem.units.items():
        if _at_limit(spent[unit_id], unit.budget):
            tight.append(f"anggaran unit {unit_id} {_num(spent[unit_id])}/{_num(unit.budget)}")
        if _at_limit(leaving[unit_id], unit.max_leaving):
            tight.append(f"batas keluar unit {unit_id} {leaving[unit_id]}/{unit.max_leaving}")
    for position_id, position in problem.positions.items():
        if _at_limit(seats[position_id], position.capacity):
            tight.append(f"posisi {position_id} penuh {seats[position_id]}/{position.capacity}")
    return tight


def cheap_reasons(problem: Problem) -> list[str]:
    """Quick necessary conditions; every reason returned proves that no plan exists."""
    options: dict[str, list[Pair]] = defaultdict(list)
    for pair in problem.allowed_pairs():
        options[pair.employee].append(pair)
    return (_lock_conflicts(problem) + _without_options(problem, options)
            + _capacity_shortfalls(problem, options) + _budget_shortfalls(problem, options)
            + _move_shortfalls(problem, options))


SLACK_MESSAGES = {
    "capacity": "Posisi {key}: kapasitas {limit} tidak cukup; perlu {extra} kursi tambahan",
    "budget": "Unit {key}: anggaran {limit} tidak cukup; perlu tambahan anggaran {extra}",
    "moves": "Batas mutasi {limit} terlalu kecil: perlu {extra} mutasi tambahan",
    "leaving": "Unit {key}: batas keluar {limit} terlalu kecil; perlu {extra} pegawai keluar lagi",
    "min_stay": "{key}: minimal {limit} pemangku harus tetap; {extra} di antaranya harus pergi",
}


def slack_reasons(slacks: dict[int, tuple[str, str, float]], values: list[float]) -> list[str]:
    """The limits a penalised relaxation had to break: together, these extras allow a plan."""
    return [SLACK_MESSAGES[kind].format(key=key, limit=_num(limit), extra=_num(values[col]))
            for col, (kind, key, limit) in slacks.items() if values[col] > 1e-6]


def _lock_conflicts(problem: Problem) -> list[str]:
    reasons = []
    forced_to = defaultdict(set)
    for employee, position in problem.force:
        forced_to[employee].add(position)
    for employee, positions in forced_to.items():
        if len(positions) > 1:
            reasons.append(f"Pegawai {employee} dikunci ke lebih dari satu posisi: "
                           f"{', '.join(sorted(positions))}")
    forbidden = set(problem.forbid)
    for employee, position in dict.fromkeys(problem.force):
        if (employee, position) in forbidden:
            reasons.append(f"Pegawai {employee} dikunci ke {position}, "
                           "tetapi pasangan itu dilarang")
    return reasons


def _without_options(problem: Problem, options: dict[str, list[Pair]]) -> list[str]:
    with_pairs = {pair.employee for pair in problem.pairs}
    return [f"Pegawai {employee} tidak punya satu pun posisi yang memenuhi syarat"
            + (" setelah penguncian dan larangan" if employee in with_pairs else "")
            for employee in problem.employees if not options[employee]]


def _capacity_shortfalls(problem: Problem, options: dict[str, list[Pair]]) -> list[str]:
    reasons = []
    reachable = {pair.position for pairs in options.values() for pair in pairs}
    capacities = [problem.positions[position].capacity for position in reachable]
    if None not in capacities and sum(capacities) < len(problem.employees):
        reasons.append(f"Kapasitas total {sum(capacities)} < {len(problem.employees)} pegawai "
                       "yang harus ditempatkan")
    only_here = Counter(pairs[0].position for pairs in options.values()
                        if pairs and len({pair.position for pair in pairs}) == 1)
    for position_id, count in only_here.items():
        capacity = problem.positions[position_id].capacity
        if capacity is not None and count > capacity:
            reasons.append(f"Posisi {position_id}: {count} pegawai hanya bisa ditempatkan di sana, "
                           f"kapasitas {capacity}")
    return reasons


def _budget_shortfalls(problem: Problem, options: dict[str, list[Pair]]) -> list[str]:
    """An employee whose options all lie in one unit costs it at least their cheapest option."""
    mandatory = defaultdict(float)
    for pairs in options.values():
        units = {problem.unit_of(pair.position) for pair in pairs}
        if len(units) == 1:
            mandatory[units.pop()] += min(pair.cost for pair in pairs)
    return [f"Unit {unit_id}: anggaran {_num(budget)} tidak cukup; biaya minimum penempatan yang "
            f"wajib {_num(cost)}"
            for unit_id, cost in mandatory.items()
            if (budget := problem.units[unit_id].budget) is not None and cost > budget + 1e-9]


def _move_shortfalls(problem: Problem, options: dict[str, list[Pair]]) -> list[str]:
    """Employees who cannot stay (no allowed pair for their current position) must move."""
    must_leave = defaultdict(list)
    for employee, current in problem.employees.items():
        if current is not None and all(pair.position != current for pair in options[employee]):
            must_leave[problem.unit_of(current)].append(employee)
    movers = [employee for employees in must_leave.values() for employee in employees]
    reasons = []
    if problem.max_moves is not None and len(movers) > problem.max_moves:
        reasons.append(f"Batas mutasi {problem.max_moves} terlalu kecil: {len(movers)} pegawai "
                       f"wajib pindah karena tidak bisa tetap di posisinya ({_sample(movers)})")
    for unit_id, employees in must_leave.items():
        limit = problem.units[unit_id].max_leaving
        if limit is not None and len(employees) > limit:
            reasons.append(f"Unit {unit_id}: batas keluar {limit} terlalu kecil; {len(employees)} "
                           f"pegawai wajib meninggalkan posisinya ({_sample(employees)})")
    return reasons


def _sample(names: list[str], shown: int = 5) -> str:
    more = len(names) - shown
    return ", ".join(names[:shown]) + (f", dan {more} lainnya" if more > 0 else "")


def _at_limit(used: float, limit: float | None) -> bool:
    return limit is not None and used > 0 and used >= limit - 1e-9 * max(1.0, abs(limit))


def _num(value: float) -> str:
    value = round(value, 6)
    return str(int(value)) if value == int(value) else f"{value:g}"
