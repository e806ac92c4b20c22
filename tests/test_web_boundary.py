"""Routes and CLI commands call a use case and nothing else on the write side, and a refused command
(DomainError) is answered in one place: the app's error handlers, the `refused_with` decorator
(webapp/forms.py) and the CLI group (webapp/cli/common.py)."""
from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

from eventsourcing.domain import Aggregate

from domain.rules import DomainError

ROOT = Path(__file__).resolve().parent.parent
WEBAPP = sorted(p for p in (ROOT / "webapp").rglob("*.py") if p.name != "__main__.py")
EVENT_STORE = re.compile(r"\.(store|save)\(|\.events\.get\(|\.repository\b|\.recorder\.")
ONE_PLACE = {"webapp/forms.py", "webapp/cli/common.py",
             "webapp/jobs.py"}  # a background job reports its refusal on the progress page


def module_of(path: Path):
    name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
    return importlib.import_module(name)


def resolve(module, node: ast.expr):
    if isinstance(node, ast.Name):
        return getattr(module, node.id, None)
    if isinstance(node, ast.Attribute):
        return getattr(resolve(module, node.value), node.attr, None)
    return None


def caught(module, handler: ast.ExceptHandler) -> list:
    types = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return [resolve(module, t) for t in types if t is not None]


def test_routes_and_commands_never_touch_the_event_store_or_an_aggregate():
    offenders = []
    for path in WEBAPP:
        module, tree = module_of(path), ast.parse(path.read_text())
        offenders += [f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
                      for n, line in enumerate(path.read_text().splitlines(), 1) if EVENT_STORE.search(line)]
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("domain"):
                imported = [getattr(importlib.import_module(node.module), a.name, None) for a in node.names]
                offenders += [f"{path.relative_to(ROOT)} imports the aggregate {cls.__name__}"
                              for cls in imported if isinstance(cls, type) and issubclass(cls, Aggregate)]
    assert offenders == []


def test_a_refused_command_is_answered_in_one_place():
    scattered = []
    for path in WEBAPP:
        if str(path.relative_to(ROOT)) in ONE_PLACE:
            continue
        module = module_of(path)
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ExceptHandler) and any(
                    isinstance(t, type) and issubclass(t, DomainError) for t in caught(module, node)):
                scattered.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert scattered == []
