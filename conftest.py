"""Shared by tests/ and e2e/: one demo city on SQLite, built once per test session by the CLI."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent


def mutasi(*args: str, env: dict, stdin: str | None = None, check: bool = True) -> subprocess.CompletedProcess:
    """Runs the real `mutasi` command line."""
    return subprocess.run([sys.executable, "-m", "webapp.cli", *args], cwd=ROOT, env=env, input=stdin,
                          capture_output=True, text=True, check=check, timeout=600)


@pytest.fixture(scope="session")
def demo_env(tmp_path_factory):
    env = {**os.environ, "MUTASI_DATA_DIR": str(tmp_path_factory.mktemp("demo-data"))}
    env.pop("MUTASI_DATABASE_URL", None)
    mutasi("demo", env=env)
    return env
