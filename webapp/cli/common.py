"""Helpers shared by the `mutasi` commands."""
from __future__ import annotations

import time

import click

from domain.rules import DomainError
from events.readside.readmodels import db


def open_system():
    from events.system import System
    try:
        system = System()
    except (ValueError, DomainError) as error:  # storage URL, SK settings, key and certificate
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
