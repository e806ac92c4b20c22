"""`mutasi findings scan|export`: the findings register on the command line (`mutasi serve` runs the
check by itself after every new event)."""
from __future__ import annotations

import json
from datetime import date

import click


@click.group("findings")
def findings_group():
    """Register temuan Inspektorat: pemeriksaan otomatis atas log kejadian."""


@findings_group.command("scan")
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON.")
def scan_command(as_json: bool):
    """Memeriksa kejadian yang belum diperiksa dan mencatat setiap temuan baru (sekali)."""
    from events.usecases import findings
    from webapp.cli.common import open_system
    system = open_system()
    result = findings.scan(system.app, date.today())
    click.echo(json.dumps(result) if as_json else
               f"Kejadian #{result['from'] + 1}–#{result['to']} diperiksa; {result['recorded']} temuan baru.")


@findings_group.command("export")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Berkas CSV tujuan (bawaan: keluaran standar).")
def export_command(output):
    """Mengekspor semua temuan sebagai CSV."""
    from events.files.documents import export_lines
    from events.readside import findings
    from webapp.cli.common import open_system
    open_system()
    text = "".join(export_lines(findings.EXPORT_FIELDS, findings.export_records({}), "csv"))
    if output:
        with open(output, "w", encoding="utf-8") as target:
            target.write(text)
    else:
        click.echo(text, nl=False)
