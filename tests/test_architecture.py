"""The shape of the code (README, "Arsitektur"): no import cycles, modules a newcomer can read.

The import rule between rooms is checked by import-linter (`lint-imports`, run by `make test`);
these tests add what a layers contract cannot see: cycles inside a room, and module size."""
from __future__ import annotations

from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
DATA_TABLES = {"events/demo/names.py"}  # pure data tables may be longer
MAX_LINES = 400


def strongly_connected(graph) -> list[list[str]]:
    """Tarjan's algorithm over the module graph: every group of modules that import each other."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return groups


def test_no_module_imports_itself_through_others():
    graph = grimp.build_graph("domain", "events", "webapp", cache_dir=None,
                              exclude_type_checking_imports=True)
    assert strongly_connected(graph) == []


def test_no_module_is_longer_than_a_newcomer_can_read():
    long = {}
    for folder in ("domain", "events", "webapp"):
        for path in (ROOT / folder).rglob("*.py"):
            relative = path.relative_to(ROOT).as_posix()
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > MAX_LINES and relative not in DATA_TABLES:
                long[relative] = lines
    assert long == {}
