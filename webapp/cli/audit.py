"""`mutasi audit export|verify`: the inspector's audit trail on the command line."""
from __future__ import annotations

import os

import click


@click.group("audit")
def audit_group():
    """Jejak audit untuk Inspektorat: ekspor berantai hash dan verifikasinya."""


@audit_group.command("export")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@click.option("--nip", default="", help="NIP ASN (18 digit).")
@click.option("--unit", default="", help="Kode unit (unit tujuan untuk mutasi dan usulan).")
@click.option("--plan", default="", help="ID rencana mutasi (UUID).")
@click.option("--actor", default="", help="Nama pengguna pelaku.")
@click.option("--role", default="", help="Peran: perencana, kepala_opd, tim_penilai, ppk, inspektur, admin.")
@click.option("--type", "event_type", default="",
              help="Jenis kejadian (Employee.Transferred) atau awalan (Proposal.).")
@click.option("--from", "date_from", default="", help="Dari tanggal (WIB), TTTT-BB-HH.")
@click.option("--to", "date_to", default="", help="Sampai tanggal (WIB), TTTT-BB-HH, inklusif.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Berkas tujuan (bawaan: keluaran standar).")
def export_command(fmt, nip, unit, plan, actor, role, event_type, date_from, date_to, output):
    """Mengekspor kejadian (tertua dulu) dengan rantai hash SHA-256."""
    from events.readside import audit
    from webapp.cli.common import open_system
    filters = {"nip": nip, "unit": unit, "plan": plan, "actor": actor, "role": role,
               "type": event_type, "date_from": date_from, "date_to": date_to}
    system = open_system()
    summary: dict = {}
    chunks = audit.export(system.app, filters, fmt, summary)  # bad filters: refused by the group
    write(chunks, output)
    click.echo(f"{summary['count']} kejadian diekspor; hash terakhir: {summary['hash'] or '-'} "
               "(simpan nilai ini bersama berkasnya).", err=True)


def write(chunks, output: str | None) -> None:
    if output is None:
        stream = click.get_binary_stream("stdout")
        for chunk in chunks:
            stream.write(chunk.encode("utf-8"))
        stream.flush()
        return
    partial = f"{output}.sebagian"
    try:
        with open(partial, "w", encoding="utf-8", newline="") as file:
            file.writelines(chunks)
        os.replace(partial, output)
    finally:
        if os.path.exists(partial):
            os.remove(partial)


@audit_group.command("verify")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--hash", "expected", default=None, help="Hash terakhir yang dicatat saat ekspor (mendeteksi "
                                                       "catatan yang dipotong dari akhir berkas).")
def verify_command(file: str, expected: str | None):
    """Memeriksa rantai hash berkas ekspor (JSON Lines atau CSV) tanpa basis data."""
    from events.readside import audit
    try:
        with open(file, encoding="utf-8", newline="") as lines:
            ok, message = audit.verify_export(lines, last_hash=expected)
    except UnicodeDecodeError:
        ok, message = False, f"{file} bukan berkas teks UTF-8 hasil ekspor jejak audit."
    if not ok:
        raise click.ClickException(message)
    click.echo(message)
