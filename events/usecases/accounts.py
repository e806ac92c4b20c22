"""User accounts: who may log in, with which role, and which sessions are still valid.

`AccountRow` holds the password hash and the session version; it is not a projection (rebuilding the
views keeps it; backup and restore carry it). Every change of an account is also an `Account` event
(domain/account.py), without the hash, so it appears in the audit trail with who made it.

Sessions: the cookie names the user and the session version it was issued under. Logout, a new
password and deactivation raise the version, which ends every session of that user at once, also
cookies copied elsewhere (webapp/auth.py checks it on every request, with the idle and absolute
lifetimes). Logins are throttled in the database (events/readside/throttle.py), so every worker counts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone

import peewee as pw
from eventsourcing.application import AggregateNotFoundError

from domain.access import ROLES, Actor
from domain.account import Account, account_id
from domain.passwords import DEMO_PASSWORD, check_password
from domain.rules import DomainError
from domain.security_settings import SecuritySettings
from events.readside import throttle
from events.readside.readmodels import Base, UnitRow, db
from events.usecases import passwords

USERNAME = re.compile(r"^[a-z0-9._-]{3,40}$")


class AccountRow(Base):
    username = pw.CharField(primary_key=True)
    full_name = pw.CharField()
    password_hash = pw.CharField()
    role = pw.CharField()
    unit_code = pw.CharField(null=True)
    active = pw.BooleanField(default=True)
    created_at = pw.DateTimeField()
    session_version = pw.IntegerField(default=0)  # raised to end every session of the user
    last_login_at = pw.DateTimeField(null=True)  # UTC; shown to the administrator


def create_tables() -> None:
    db.create_tables([AccountRow], safe=True)
    columns = {c.name for c in db.get_columns(AccountRow._meta.table_name)}
    for name in ("session_version", "last_login_at"):  # an account table from before these columns
        if name not in columns:
            from playhouse.migrate import migrate, SchemaMigrator
            migrate(SchemaMigrator.from_database(db.obj).add_column(
                AccountRow._meta.table_name, name, getattr(AccountRow, name)))


def normalised(username: str) -> str:
    return (username or "").strip().lower()[:64]


def account_row(username: str) -> AccountRow:
    row = AccountRow.get_or_none(AccountRow.username == normalised(username))
    if row is None:
        raise DomainError(f"Pengguna {normalised(username)} tidak ada.")
    return row


# --- commands (each one an event in the audit trail) ---------------------------------------------
def add_user(app, actor: Actor, username: str, password: str, role: str, unit_code: str | None = None,
             full_name: str = "") -> Actor:
    actor.require("manage_users")
    username = normalised(username)
    if not USERNAME.match(username):
        raise DomainError("Nama pengguna 3–40 karakter: huruf kecil, angka, titik, garis bawah atau strip.")
    return register(app, actor, username, check_password(password, username=username, full_name=full_name),
                    role, unit_code, full_name)


def add_demo_user(app, username: str, role: str, unit_code: str | None, full_name: str) -> Actor:
    """Only `mutasi demo`: a demo account with the public demo password."""
    from domain.access import SYSTEM
    return register(app, SYSTEM, username, DEMO_PASSWORD, role, unit_code, full_name)


def register(app, actor: Actor, username: str, password: str, role: str, unit_code: str | None,
             full_name: str) -> Actor:
    if role not in ROLES:
        raise DomainError(f"Peran '{role}' tidak dikenal; pilih salah satu: {', '.join(ROLES)}.")
    if role == "kepala_opd":
        if not unit_code or not UnitRow.select().where(UnitRow.code == unit_code).exists():
            raise DomainError("Kepala OPD wajib punya unit yang terdaftar (--unit KODE).")
    elif unit_code:
        raise DomainError("Hanya peran kepala_opd yang terikat pada satu unit.")
    if AccountRow.get_or_none(AccountRow.username == username):
        raise DomainError(f"Pengguna {username} sudah ada.")
    account = Account.register(username=username, full_name=full_name or username, account_role=role,
                               unit_code=unit_code, actor=actor.username, role=actor.role)
    app.store(account, conflict=f"Pengguna {username} sudah ada.")
    AccountRow.create(username=username, full_name=account.full_name, password_hash=passwords.hash_password(password),
                      role=role, unit_code=unit_code, created_at=datetime.now(timezone.utc).replace(tzinfo=None))
    return Actor(username, role, unit_code)


def account_of(app, row: AccountRow, actor: Actor) -> Account:
    """The account's aggregate; an account made before accounts had events gets its Registered now."""
    try:
        return app.repository.get(account_id(row.username))
    except AggregateNotFoundError:
        return Account.register(username=row.username, full_name=row.full_name, account_role=row.role,
                                unit_code=row.unit_code, actor=actor.username, role=actor.role)


def change_password(app, actor: Actor, username: str, password: str) -> None:
    """A new password ends every session of the user."""
    actor.require("manage_users")
    row = account_row(username)
    check_password(password, username=row.username, full_name=row.full_name)
    account = account_of(app, row, actor)
    account.change_password(actor=actor.username, role=actor.role)
    app.store(account)
    (AccountRow.update(password_hash=passwords.hash_password(password),
                       session_version=AccountRow.session_version + 1)
     .where(AccountRow.username == row.username).execute())


def disable(app, actor: Actor, username: str, reason: str) -> None:
    """A disabled account cannot log in, and its sessions end at once."""
    actor.require("manage_users")
    row = account_row(username)
    if row.username == actor.username:
        raise DomainError("Anda tidak dapat menonaktifkan akun Anda sendiri.")
    if row.role == "admin" and not AccountRow.select().where(
            AccountRow.role == "admin", AccountRow.active, AccountRow.username != row.username).exists():
        raise DomainError("Administrator aktif terakhir tidak dapat dinonaktifkan.")
    account = account_of(app, row, actor)
    if not row.active and account.active:  # disabled before accounts had events
        raise DomainError(f"Akun {row.username} sudah nonaktif.")
    account.disable(reason=reason, actor=actor.username, role=actor.role)
    app.store(account)
    (AccountRow.update(active=False, session_version=AccountRow.session_version + 1)
     .where(AccountRow.username == row.username).execute())


def enable(app, actor: Actor, username: str, reason: str) -> None:
    actor.require("manage_users")
    row = account_row(username)
    account = account_of(app, row, actor)
    if row.active and not account.active:
        raise DomainError(f"Akun {row.username} sudah aktif.")
    if not row.active and account.active:  # disabled before accounts had events
        account.disable(reason="dinonaktifkan sebelum perubahan akun dicatat", actor=actor.username,
                        role=actor.role)
    account.enable(reason=reason, actor=actor.username, role=actor.role)
    app.store(account)
    AccountRow.update(active=True).where(AccountRow.username == row.username).execute()


# --- logging in and out --------------------------------------------------------------------------
@dataclass(frozen=True)
class Login:
    actor: Actor | None = None
    session_version: int = 0
    wait_seconds: float | None = None  # throttled: nothing was checked


def log_in(username: str, password: str, client: str, settings: SecuritySettings,
           now: float | None = None) -> Login:
    """Checks a password under the throttle: the attempt is counted before the check, for the
    account and for the client address; a success forgives both. Unknown users, disabled ones and
    wrong passwords get the same answer after the same work."""
    name, s = normalised(username), settings
    account_rule = throttle.Rule(f"login:account:{name}", s.login_free_attempts, s.login_backoff_seconds,
                                 s.login_backoff_cap_seconds, s.failures_forgotten_after_seconds)
    client_rule = throttle.Rule(f"login:client:{client}", s.client_free_attempts, s.login_backoff_seconds,
                                s.client_backoff_cap_seconds, s.failures_forgotten_after_seconds)
    wait = throttle.attempt([account_rule, client_rule], now)
    if wait is not None:
        return Login(wait_seconds=wait)
    row = AccountRow.get_or_none(AccountRow.username == name)
    if not passwords.verify(row.password_hash if row else None, (password or "")[:1024]) or not row.active:
        return Login()
    throttle.forgive([account_rule.key], [client_rule.key])
    (AccountRow.update(last_login_at=datetime.now(timezone.utc).replace(tzinfo=None))
     .where(AccountRow.username == row.username).execute())
    if passwords.needs_upgrade(row.password_hash):
        (AccountRow.update(password_hash=passwords.hash_password(password))
         .where(AccountRow.username == row.username).execute())
    return Login(Actor(row.username, row.role, row.unit_code), row.session_version)


def session_actor(username: str, session_version: int | None) -> Actor | None:
    """The actor of a session cookie, or None when the account is disabled or the session ended."""
    row = (AccountRow.select(AccountRow.username, AccountRow.role, AccountRow.unit_code, AccountRow.active,
                             AccountRow.session_version)
           .where(AccountRow.username == username).first())
    if row is None or not row.active or row.session_version != session_version:
        return None
    return Actor(row.username, row.role, row.unit_code)


def end_sessions(username: str) -> None:
    """Logout: every session of the user ends, on every device and every copied cookie."""
    AccountRow.update(session_version=AccountRow.session_version + 1).where(
        AccountRow.username == username).execute()


def list_users() -> list[dict]:
    return list(AccountRow.select(AccountRow.username, AccountRow.full_name, AccountRow.role,
                                  AccountRow.unit_code, AccountRow.active, AccountRow.created_at,
                                  AccountRow.last_login_at)
                .order_by(AccountRow.username).dicts())
