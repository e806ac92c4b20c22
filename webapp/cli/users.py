"""`mutasi users add|list|disable|enable|passwd`: accounts from the command line.

Each change is an event in the audit trail with the operating-system user as its actor
(`cli:<name>`, role admin). Passwords are read from standard input: one line when it is not a
terminal (a script is never asked a question), a hidden prompt with confirmation when it is.
"""
from __future__ import annotations

import getpass
import json
import sys

import click

from domain.access import Actor
from domain.labels import label
from events.usecases import accounts
from webapp.cli.common import open_system


def cli_actor() -> Actor:
    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = "tidak-dikenal"
    return Actor(f"cli:{name}"[:64], "admin")


def read_password() -> str:
    if sys.stdin.isatty():
        return click.prompt("Kata sandi", hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline(1024).rstrip("\r\n")


@click.group()
def users():
    """Akun pengguna."""


@users.command("add")
@click.argument("username")
@click.option("--role", required=True, help="perencana, verifikator, kepala_bkd, kepala_opd, tim_penilai, "
                                            "ppk, inspektur, admin")
@click.option("--unit", "unit_code", default=None, help="Kode unit (wajib untuk kepala_opd).")
@click.option("--name", "full_name", default="", help="Nama lengkap.")
def add_user(username: str, role: str, unit_code: str | None, full_name: str):
    """Membuat akun; kata sandi dibaca dari standard input."""
    system = open_system()
    actor = accounts.add_user(system.app, cli_actor(), username, read_password(), role, unit_code, full_name)
    click.echo(f"Akun {actor.username} ({label('role', actor.role)}) dibuat.")


@users.command("list")
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON.")
def list_users(as_json: bool):
    """Semua akun: nama pengguna, peran, unit, aktif atau tidak."""
    open_system()
    rows = accounts.list_users()
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, default=str))
        return
    for r in rows:
        state = "aktif" if r["active"] else "NONAKTIF"
        click.echo(f"{r['username']:20} {label('role', r['role']):30} {r['unit_code'] or '-':10} {state:9} "
                   f"{r['full_name']}")


@users.command("disable")
@click.argument("username")
@click.option("--reason", required=True, help="Alasan (tercatat di jejak audit).")
def disable(username: str, reason: str):
    """Menonaktifkan akun; semua sesinya berakhir saat itu juga."""
    system = open_system()
    accounts.disable(system.app, cli_actor(), username, reason)
    click.echo(f"Akun {username} dinonaktifkan; semua sesinya berakhir.")


@users.command("enable")
@click.argument("username")
@click.option("--reason", required=True, help="Alasan (tercatat di jejak audit).")
def enable(username: str, reason: str):
    """Mengaktifkan kembali akun."""
    system = open_system()
    accounts.enable(system.app, cli_actor(), username, reason)
    click.echo(f"Akun {username} diaktifkan kembali.")


@users.command("passwd")
@click.argument("username")
def passwd(username: str):
    """Mengganti kata sandi (dibaca dari standard input); semua sesi pengguna itu berakhir."""
    system = open_system()
    accounts.change_password(system.app, cli_actor(), username, read_password())
    click.echo(f"Kata sandi {username} diganti; semua sesinya berakhir.")
