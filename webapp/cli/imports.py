"""`mutasi import posts|people FILE [--dry-run] [--only-valid] [--json]`: the peta jabatan or a SIASN
staff list into Mutasi (`events.usecases.imports`). Never asks a question (scripts and cron run it).
A refused file (unreadable, or with refused rows and no `--only-valid`) prints the preview with
every refused row and exits with status 1, writing nothing."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from domain.access import Actor
from domain.labels import label

CLI_ACTOR = Actor("cli", "perencana")


@click.command("import")
@click.argument("kind", type=click.Choice(("posts", "people")))
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Hanya pratinjau; tidak ada yang disimpan.")
@click.option("--only-valid", is_flag=True, help="Impor baris yang sah saja bila ada baris yang ditolak (dicatat).")
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON.")
def import_command(kind: str, file: Path, dry_run: bool, only_valid: bool, as_json: bool):
    """Impor peta jabatan (posts) atau data utama SIASN (people) dari CSV/XLSX, dengan pratinjau."""
    from events.files.siasn_files import MAX_BYTES
    from events.files.survey_files import FileErrors
    from events.usecases.imports import ImportRefused, run_import
    from webapp.cli.common import open_system
    system = open_system()
    with file.open("rb") as source:  # a file over the limit is refused without reading it whole
        data = source.read(MAX_BYTES + 1)
    try:
        summary = run_import(system.app, CLI_ACTOR, kind, file.name, data, dry_run=dry_run,
                             only_valid=only_valid)
    except FileErrors as error:
        summary = {"kind": kind, "file": file.name, "rows": 0, "new": 0, "changed": 0, "unchanged": 0,
                   "refused": [{"row": e.row, "column": e.column, "value": "", "reason": e.message}
                               for e in error.errors], "changes": [], "imported": False}
        report(summary, as_json)
        sys.exit(1)
    except ImportRefused as error:
        report({**error.summary, "imported": False}, as_json)
        sys.exit(1)
    report(summary, as_json)
    if dry_run and summary["refused"] and not only_valid:
        sys.exit(1)


def report(summary: dict, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False, default=str))
        return
    done = "diimpor" if summary.get("imported") else "TIDAK diimpor (pratinjau atau ditolak)"
    click.echo(f"{summary['file']}: {summary['rows']} baris; baru {summary['new']}, berubah {summary['changed']}, "
               f"sama {summary['unchanged']}, ditolak {len(summary['refused'])}; {done}.")
    for refusal in summary["refused"]:
        click.echo(f"  baris {refusal['row']}, kolom {refusal['column']}: {refusal['reason']}", err=True)
    for change in summary["changes"]:
        key = change.get("nip") or change.get("code")
        click.echo(f"  {label('import_change', change['kind'])} {key}: {change['from']} → {change['to']}")
