"""`mutasi backup OUT` and `mutasi restore IN` (events/usecases/backup.py)."""
from __future__ import annotations

import json
from pathlib import Path

import click

from events.readside import projections
from events.usecases import backup
from webapp.cli.common import open_system, progress_printer


@click.command("backup")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(target: Path):
    """Mencadangkan log kejadian, akun dan berkas tersimpan ke satu berkas (gzip, mode 0600)."""
    system = open_system()
    current = system.views_position() >= system.event_count()
    counts = backup.backup(system.app, target, views_current=current)
    click.echo(json.dumps({"file": str(target), **counts}))


@click.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def restore_command(source: Path):
    """Memulihkan cadangan ke instalasi kosong, lalu membangun ulang tampilan baca."""
    system = open_system(up_to_date=False)
    header = backup.restore(system.app, source)
    system.rebuild_views(progress_printer("Memutar ulang"))
    checksum = projections.checksum()
    click.echo(json.dumps({key: header[key] for key in ("events", "accounts", "blobs")}
                          | {"checksum": checksum, "checksum_in_backup": header["checksum"]}))
    if header["checksum"] and checksum != header["checksum"]:
        raise click.ClickException("Data dipulihkan, tetapi sidik tampilan baca berbeda dari aslinya "
                                   "(penangan proyeksi berubah sejak pencadangan?).")
