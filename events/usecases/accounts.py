"""User accounts: hashed passwords and roles. Not a projection: rebuilding views keeps them."""
from __future__ import annotations

import re
from datetime import datetime, timezone

import peewee as pw
from werkzeug.security import check_password_hash, generate_password_hash

from domain.access import ROLES, Actor
from domain.rules import DomainError
from events.readside.readmodels import Base, UnitRow, db

USERNAME = re.compile(r"^[a-z0-9._-]{3,40}$")
MIN_PASSWORD = 10


class AccountRow(Base):
    username = pw.CharField(primary_key=True)
    full_name = pw.CharField()
    password_hash = pw.CharField()
    role = pw.CharField()
    unit_code = pw.CharField(null=True)
    active = pw.BooleanField(default=True)
    created_at = pw.DateTimeField()


def create_tables() -> None:
    db.create_tables([AccountRow], safe=True)


def add_user(username: str, password: str, role: str, unit_code: str | None = None,
             full_name: str = "") -> Actor:
    username = (username or "").strip().lower()
    if not USERNAME.match(username):
        raise DomainError("Nama pengguna 3–40 karakter: huruf kecil, angka, titik, garis bawah atau strip.")
    if role not in ROLES:
        raise DomainError(f"Peran '{role}' tidak dikenal; pilih salah satu: {', '.join(ROLES)}.")
    if len(password or "") < MIN_PASSWORD:
        raise DomainError(f"Kata sandi minimal {MIN_PASSWORD} karakter.")
    if role == "kepala_opd":
        if not unit_code or not UnitRow.select().where(UnitRow.code == unit_code).exists():
            raise DomainError("Kepala OPD wajib punya unit yang terdaftar (--unit KODE).")
    elif unit_code:
        raise DomainError("Hanya peran kepala_opd yang terikat pada satu unit.")
    with db.atomic():
        if AccountRow.get_or_none(AccountRow.username == username):
            raise DomainError(f"Pengguna {username} sudah ada.")
        AccountRow.create(username=username, full_name=full_name or username,
                          password_hash=generate_password_hash(password), role=role,
                          unit_code=unit_code, created_at=datetime.now(timezone.utc).replace(tzinfo=None))
    return Actor(username, role, unit_code)


def authenticate(username: str, password: str) -> Actor | None:
    row = AccountRow.get_or_none(AccountRow.username == (username or "").strip().lower())
    if row is None or not row.active or not check_password_hash(row.password_hash, password or ""):
        return None
    return Actor(row.username, row.role, row.unit_code)


def get_actor(username: str) -> Actor | None:
    row = AccountRow.get_or_none(AccountRow.username == username)
    if row is None or not row.active:
        return None
    return Actor(row.username, row.role, row.unit_code)


def list_users() -> list[dict]:
    return list(AccountRow.select(AccountRow.username, AccountRow.full_name, AccountRow.role,
                                  AccountRow.unit_code, AccountRow.active)
                .order_by(AccountRow.username).dicts())
