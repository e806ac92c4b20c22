"""`mutasi audit export|verify|checkpoint|pubkey|bundle|link|register-key|countersign`: the inspector's
audit trail and the stored log's tamper evidence on the command line."""
from __future__ import annotations

import json
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
    click.echo(f"Kunci publik checkpoint instalasi, SHA-256: {system.app.checkpoint_signer.fingerprint()} "
               "(mutasi audit pubkey).", err=True)


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
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option("--hash", "expected", default=None, help="Hash terakhir yang dicatat saat ekspor (mendeteksi "
                                                       "catatan yang dipotong dari akhir berkas).")
@click.option("--store", is_flag=True, help="Memeriksa log kejadian tersimpan: setiap tautan dan checkpoint.")
@click.option("--json", "as_json", is_flag=True, help="Dengan --store: hasil sebagai JSON.")
@click.option("--pubkey", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Dengan --store: kunci publik lain yang dipercaya (PEM; kunci lama setelah penggantian).")
def verify_command(file: str | None, expected: str | None, store: bool, as_json: bool, pubkey: tuple):
    """Memeriksa rantai hash berkas ekspor (JSON Lines atau CSV) tanpa basis data, atau dengan
    --store seluruh log kejadian tersimpan (keluar dengan status 1 bila ada yang tidak utuh)."""
    if store:
        verify_stored(as_json, pubkey)
        return
    if not file:
        raise click.UsageError("Sebutkan BERKAS ekspor, atau --store untuk memeriksa log tersimpan.")
    from events.readside import audit
    try:
        with open(file, encoding="utf-8", newline="") as lines:
            ok, message = audit.verify_export(lines, last_hash=expected)
    except UnicodeDecodeError:
        ok, message = False, f"{file} bukan berkas teks UTF-8 hasil ekspor jejak audit."
    if not ok:
        raise click.ClickException(message)
    click.echo(message)


def verify_stored(as_json: bool, pubkeys: tuple) -> None:
    from events.usecases import ledger
    from webapp.cli.common import open_system
    from webapp.cli.users import cli_actor
    system = open_system()
    keys = [system.app.checkpoint_signer.public_pem()] + [open(k, encoding="ascii").read() for k in pubkeys]
    verdict = ledger.verify_store(system.app, cli_actor(), keys)
    shown = {k: verdict[k] for k in ("ok", "events", "checkpoints", "first_bad_position", "problem")}
    click.echo(json.dumps({**shown, "message": verdict["message"], "head_link": verdict["head_link"]},
                          ensure_ascii=False) if as_json else verdict["message"])
    if not verdict["ok"]:
        raise SystemExit(1)


@audit_group.command("checkpoint")
def checkpoint_command():
    """Menandatangani posisi dan tautan kepala log sekarang (sebuah kejadian Checkpoint)."""
    from events.usecases import ledger
    from webapp.cli.common import open_system
    from webapp.cli.users import cli_actor
    made = ledger.checkpoint(open_system().app, cli_actor())
    click.echo(f"Checkpoint posisi {made['position']}, tautan {made['link']}\n"
               f"tanda tangan {made['signature']}\nkunci SHA-256 {made['fingerprint']}")


@audit_group.command("pubkey")
def pubkey_command():
    """Kunci publik checkpoint instalasi ini (PEM di keluaran standar, sidik jari di stderr)."""
    from events.files.checkpoint_key import CheckpointSigner
    from events.store import Storage
    signer = CheckpointSigner.at(Storage.from_environment().checkpoint_key_file())
    click.echo(f"SHA-256 kunci publik: {signer.fingerprint()} ({signer.key_file})", err=True)
    click.echo(signer.public_pem(), nl=False)


@audit_group.command("bundle")
@click.argument("out", type=click.Path(dir_okay=False, writable=True))
def bundle_command(out: str):
    """Log kejadian, tautan dan checkpoint dalam satu arsip, dengan pemeriksa mandirinya."""
    from events.usecases import ledger
    from webapp.cli.common import open_system
    from webapp.cli.users import cli_actor
    summary = ledger.bundle(open_system(up_to_date=False).app, cli_actor(), out)
    click.echo(f"{summary['events']} kejadian, {summary['checkpoints']} checkpoint, {summary['bytes']:,} bita; "
               f"tautan kepala {summary['head_link'] or '-'} (posisi {summary['head_position'] or '-'}).", err=True)


@audit_group.command("link")
def link_command():
    """Menautkan kejadian lama yang belum bertautan (juga dilakukan setiap kali log dibuka)."""
    from events.usecases import ledger
    from webapp.cli.common import open_system
    count = ledger.link_existing(open_system(up_to_date=False).app)
    click.echo(f"{count} kejadian ditautkan.")


@audit_group.command("register-key")
@click.argument("name")
@click.argument("pem", type=click.Path(exists=True, dir_okay=False))
def register_key_command(name: str, pem: str):
    """Mendaftarkan kunci publik Ed25519 (PEM) seorang pemeriksa Inspektorat."""
    from events.usecases import ledger
    from webapp.cli.common import open_system
    ledger.register_inspector_key(open_system().app, inspector_actor(), name, open(pem, encoding="ascii").read())
    click.echo(f"Kunci pemeriksa {name} terdaftar.")


@audit_group.command("countersign")
@click.argument("position", type=click.IntRange(1, 2**63 - 1))
@click.option("--inspector", required=True, help="Nama kunci pemeriksa yang terdaftar.")
@click.option("--signature", required=True, help="Tanda tangan base64 (verify_bundle.py sign ...).")
def countersign_command(position: int, inspector: str, signature: str):
    """Menambahkan tanda tangan pemeriksa pada checkpoint POSITION (sebuah kejadian)."""
    from events.usecases import ledger
    from webapp.cli.common import open_system
    ledger.countersign(open_system().app, inspector_actor(), position, inspector, signature)
    click.echo(f"Checkpoint posisi {position} ditandatangani ulang oleh {inspector}.")


def inspector_actor():
    from domain.access import Actor
    from webapp.cli.users import cli_actor
    return Actor(cli_actor().username, "inspektur")
