"""The `mutasi` command line: demo data, serving, statistics, projections and accounts."""
from __future__ import annotations

import json
import sys
import time

import click

from domain.rules import DomainError
from events import accounts, projections, queries
from events.readmodels import db


def open_system():
    from events.system import System
    try:
        system = System()
    except ValueError as error:
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


@click.group()
def main():
    """Mutasi: perencanaan, persetujuan dan audit mutasi ASN Pemerintah Kota Sibolga."""


@main.command()
@click.option("--scale", default=1, type=click.IntRange(1, 50), help="Pengali ukuran kota (10 ≈ 30.000 ASN).")
@click.option("--seed", default=42, type=int, help="Benih acak (hasil sama untuk benih sama).")
@click.option("--if-empty", is_flag=True, help="Lewati tanpa galat bila data sudah ada.")
def demo(scale: int, seed: int, if_empty: bool):
    """Memuat kota Sibolga sintetis ke basis data kosong."""
    from events.demo import DEMO_PASSWORD, DEMO_USERS, load_demo
    system = open_system()
    if if_empty and system.event_count() > 0:
        click.echo(f"Data sudah ada ({system.event_count()} kejadian di {system.storage.describe()}).")
    else:
        started = time.perf_counter()
        try:
            summary = load_demo(system, scale, seed, progress_printer("Membangun riwayat"))
        except DomainError as error:
            raise click.ClickException(str(error)) from None
        click.echo(f"Demo dimuat dalam {time.perf_counter() - started:.1f} detik: {json.dumps(summary)}")
    click.echo(f"Akun demo (kata sandi semua: {DEMO_PASSWORD}):")
    for username, role, unit, _ in DEMO_USERS:
        click.echo(f"  {username:18} {role}{' ' + unit if unit else ''}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, type=click.IntRange(1, 65535), show_default=True)
@click.option("--threads", default=8, type=click.IntRange(1, 64), show_default=True)
def serve(host: str, port: int, threads: int):
    """Menjalankan aplikasi web (waitress)."""
    from waitress import serve as waitress_serve

    from webapp import create_app
    system = open_system()
    app = create_app(system)
    click.echo(f"Mutasi siap di http://{host}:{port} ({system.storage.describe()})")
    waitress_serve(app, host=host, port=port, threads=threads, ident="mutasi")


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON.")
def stats(as_json: bool):
    """Jumlah pegawai, jabatan, unit dan kejadian."""
    system = open_system()
    system.catch_up()
    figures = queries.stats(system.event_count())
    click.echo(json.dumps(figures) if as_json else "\n".join(f"{k}: {v}" for k, v in figures.items()))


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON.")
def units(as_json: bool):
    """Setiap unit: kode, nama, kebutuhan ABK dan bezetting."""
    system = open_system()
    system.catch_up()
    rows = queries.list_units()
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False))
    else:
        for r in rows:
            click.echo(f"{r['code']:14} {r['need']:5} {r['actual']:5} {r['gap']:+5}  {r['name']}")


@main.group("projections")
def projections_group():
    """Tampilan baca (read models) yang dibangun dari log kejadian."""


@projections_group.command("rebuild")
def rebuild():
    """Membuang semua tampilan baca lalu memutar ulang seluruh log."""
    system = open_system()
    started = time.perf_counter()
    count = projections.rebuild(system.app, progress_printer("Memutar ulang"))
    seconds = time.perf_counter() - started
    click.echo(json.dumps({"events": count, "seconds": round(seconds, 3),
                           "events_per_second": round(count / max(seconds, 1e-9))}))


@projections_group.command("checksum")
def checksum():
    """Sidik digital semua baris tampilan baca (urutan kanonik)."""
    system = open_system()
    system.catch_up()
    click.echo(projections.checksum())


@main.group()
def users():
    """Akun pengguna."""


@users.command("add")
@click.argument("username")
@click.option("--role", required=True, help="perencana, kepala_opd, tim_penilai, ppk, inspektur, admin")
@click.option("--unit", "unit_code", default=None, help="Kode unit (wajib untuk kepala_opd).")
@click.option("--name", "full_name", default="", help="Nama lengkap.")
def add_user(username: str, role: str, unit_code: str | None, full_name: str):
    """Membuat akun; kata sandi dibaca dari standard input."""
    system = open_system()
    system.catch_up()
    if sys.stdin.isatty():
        password = click.prompt("Kata sandi", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    try:
        actor = accounts.add_user(username, password, role, unit_code, full_name)
    except DomainError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Akun {actor.username} ({actor.role}) dibuat.")


if __name__ == "__main__":
    main()
