"""Helpers shared by the `mutasi` commands."""
from __future__ import annotations

import time

import click

from domain.rules import DomainError
from events.files.survey_files import FileErrors
from events.readside.readmodels import db


class Commands(click.Group):
    """The `mutasi` group: a refused command (DomainError) ends with its message and exit code 1,
    a refused file with every row at fault; nothing was written."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except FileErrors as error:
            lines = "\n".join(f"  {e}" for e in error.errors)
            raise click.ClickException(f"Berkas ditolak, tidak ada data yang disimpan:\n{lines}") from None
        except DomainError as error:
            raise click.ClickException(str(error)) from None


def open_system(up_to_date: bool = True):
    """The System, with views that include every event stored so far (unless a command replays
    or loads the log itself). Writes of the command are projected by the System as they are stored."""
    from events.system import System
    try:
        system = System.open() if up_to_date else System()
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
