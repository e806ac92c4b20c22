"""Helpers shared by the `mutasi` commands."""
from __future__ import annotations

import time

import click

from events.readside.readmodels import db


def open_system(up_to_date: bool = True):
    """The System, with views that include every event stored so far (unless a command replays
    or loads the log itself). Writes of the command are projected by the System as they are stored."""
    from events.system import System
    try:
        system = System.open() if up_to_date else System()
    except ValueError as error:
        raise click.UsageError(str(error)) from None
    db.connect(reuse_if_open=True)
    return system


def progress_printer(label: str):
    started = time.perf_counter()

    def report(done: int, total: int) -> None:
        rate = done / max(time.perf_counter() - started, 1e-9)
        click.echo(f"\r{label}: {done}/{total} ({100 * done / max(total, 1):.0f}%, {rate:,.0f}/detik)",
                   err=True, nl=done >= total)
    return report
