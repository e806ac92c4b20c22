"""`mutasi competence import FILE [--json]`: record many competence assessments from a CSV/XLSX
file (NIP, Tanggal, one column per competence). A bad file exits non-zero listing every row and
column at fault, and nothing is recorded."""
from __future__ import annotations

import json
from pathlib import Path

import click

from domain.access import Actor

CLI_ACTOR = Actor("cli", "perencana")


@click.group("competence")
def competence_group():
    """Asesmen kompetensi ASN (JPM)."""


@competence_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON.")
def import_file(file: Path, as_json: bool):
    """Mencatat hasil asesmen kompetensi dari berkas CSV/XLSX (semua baris atau tidak sama sekali)."""
    from events.files.survey_files import MAX_BYTES
    from events.usecases import competence
    from webapp.cli.common import open_system
    system = open_system()
    with file.open("rb") as source:  # a file over the limit is refused without reading it whole
        data = source.read(MAX_BYTES + 1)
    result = competence.import_assessments(system.app, CLI_ACTOR, file.name, data)
    click.echo(json.dumps(result) if as_json else
               f"{result['recorded']} hasil asesmen kompetensi tercatat dari {file.name}.")
