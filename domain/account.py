"""A user account as the audit trail sees it: registered, password changed, disabled, enabled.

The events never carry a password or its hash (the audit export shows every event's data): the
hash and the session version live in `AccountRow` (events/usecases/accounts.py). The account's own
role is `account_role`; `actor` and `role` are, as on every event, who made the change.
"""
from __future__ import annotations

from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.access import ROLES
from domain.limits import clean_text
from domain.organisation import NAMESPACE
from domain.rules import DomainError


def account_id(username: str) -> UUID:
    return uuid5(NAMESPACE, f"account:{username}")


class Account(Aggregate):
    @staticmethod
    def create_id(username: str) -> UUID:
        return account_id(username)

    @classmethod
    def register(cls, *, username: str, full_name: str, account_role: str, unit_code: str | None,
                 actor: str, role: str) -> "Account":
        if account_role not in ROLES:
            raise DomainError(f"Peran '{account_role}' tidak dikenal; pilih salah satu: {', '.join(ROLES)}.")
        return cls(username=username, full_name=clean_text(full_name, "Nama lengkap", limit=200),
                   account_role=account_role, unit_code=unit_code, actor=actor, role=role)

    @event("Registered")
    def __init__(self, username: str, full_name: str, account_role: str, unit_code: str | None,
                 actor: str, role: str) -> None:
        self.username, self.full_name = username, full_name
        self.account_role, self.unit_code = account_role, unit_code
        self.active = True

    def change_password(self, *, actor: str, role: str) -> None:
        self._password_changed(actor=actor, role=role)

    @event("PasswordChanged")
    def _password_changed(self, actor: str, role: str) -> None:
        pass

    def disable(self, *, reason: str, actor: str, role: str) -> None:
        if not self.active:
            raise DomainError(f"Akun {self.username} sudah nonaktif.")
        self._disabled(reason=clean_text(reason, "Alasan", required=True), actor=actor, role=role)

    @event("Disabled")
    def _disabled(self, reason: str, actor: str, role: str) -> None:
        self.active = False

    def enable(self, *, reason: str, actor: str, role: str) -> None:
        if self.active:
            raise DomainError(f"Akun {self.username} sudah aktif.")
        self._enabled(reason=clean_text(reason, "Alasan", required=True), actor=actor, role=role)

    @event("Enabled")
    def _enabled(self, reason: str, actor: str, role: str) -> None:
        self.active = True
