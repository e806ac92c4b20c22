"""`mutasi survey import --unit UNIT --period PERIOD FILE [--json]`: record a unit's SKM from a file
of raw answers. A bad file exits non-zero listing every row/column error, and nothing is recorded."""
from __future__ import annotations

import json
import os
from pathlib import Path

import click

from domain.access import Actor
from domain.formats import angka
from domain.stakeholder_settings import StakeholderSettings

CLI_ACTOR = Actor("cli", "perencana")


@click.group("survey")
def survey():
    """Survei kepuasan masyarakat (SKM/IKM)."""


@survey.command("import")
@click.option("--unit", "unit_code", required=True, help="Kode unit, misalnya DINKES.")
@click.option("--period", required=True, help="Periode: 2026, 2026-S1 … 2026-S2, 2026-Q1 … 2026-Q4.")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--population", type=click.IntRange(1, 2_000_000_000), default=None,
              help="Jumlah penerima layanan dalam periode (untuk minimal responden Krejcie–Morgan).")
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON.")
def import_file(unit_code: str, period: str, file: Path, population: int | None, as_json: bool):
    """Menghitung dan mencatat SKM satu unit dari berkas CSV/XLSX jawaban mentah."""
    from events.files.survey_files import MAX_BYTES
    from events.usecases import monitoring
    from webapp.cli.common import open_system
    system = open_system()
    settings = StakeholderSettings.from_json(os.environ.get("MUTASI_STAKEHOLDER_SETTINGS"))
    with file.open("rb") as source:  # a file over the limit is refused without reading it whole
        data = source.read(MAX_BYTES + 1)
    result = monitoring.import_survey_file(system.app, CLI_ACTOR, unit_code, period, file.name, data, settings,
                                           population=population)
    report(result, as_json)


def report(result: dict, as_json: bool) -> None:
    figures = {key: result[key] for key in ("respondents", "nrr", "ikm", "score", "grade", "elements",
                                            "minimum", "indicative")}
    if as_json:
        click.echo(json.dumps(figures))
    else:
        click.echo(f"{result['unit_code']} {result['period']}: {angka(figures['respondents'])} responden, "
                   f"IKM {angka(figures['ikm'], 4)}, skor {angka(figures['score'], 2)} ({figures['grade']})"
                   + (f"; INDIKATIF: responden di bawah minimal {angka(figures['minimum'])}"
                      if figures["indicative"] else ""))
    if result["flag"]:
        click.echo("Skor turun melewati ambang setelah mutasi masuk/keluar: penurunan layanan ditandai "
                   f"(investigasi {result['flag']}).", err=True)
