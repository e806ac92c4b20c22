"""`mutasi export employees|positions --format jsonl|csv|xlsx [--output FILE]`: the records BKD
exports (`events.readside.exports`), streamed from the views to standard output or a file."""
from __future__ import annotations

import sys

import click

from events.files.documents import export_lines, export_xlsx
from events.readside import exports
from webapp.cli.common import open_system

TITLES = {"employees": "Pegawai", "positions": "Jabatan", "siasn-updates": "Pembaruan SIASN"}


@click.command("export")
@click.argument("kind", type=click.Choice((*exports.KINDS, "siasn-updates")))
@click.option("--format", "fmt", type=click.Choice(("jsonl", "csv", "xlsx")), default="jsonl",
              show_default=True, help="Format berkas.")
@click.option("--output", type=click.Path(dir_okay=False, writable=True),
              help="Berkas tujuan (tanpa ini: keluaran standar; xlsx wajib memakai --output).")
def export(kind: str, fmt: str, output: str | None):
    """Ekspor data pegawai, jabatan, atau daftar pembaruan SIASN (mutasi yang sudah dilaksanakan)."""
    if fmt == "xlsx" and output is None:
        raise click.UsageError("Format xlsx harus ditulis ke berkas: pakai --output NAMA.xlsx.")
    system = open_system()
    if kind == "siasn-updates":  # the executed moves, for BKD to key into SIASN
        from webapp.cli.imports import CLI_ACTOR
        from events.usecases.siasn_updates import FIELDS, siasn_updates
        records, fields = siasn_updates(system.app, CLI_ACTOR), FIELDS
    else:
        records, fields = exports.records(kind), exports.KINDS[kind]
    if fmt == "xlsx":
        with open(output, "wb") as target:
            target.write(export_xlsx(TITLES[kind], fields, records))
        return
    target = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        for line in export_lines(fields, records, fmt):
            target.write(line)
    finally:
        if output:
            target.close()
