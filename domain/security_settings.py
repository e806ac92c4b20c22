"""`SecuritySettings`: session lifetimes, login throttling and readiness, each with its default.

Overridable as a JSON object in `MUTASI_SECURITY_SETTINGS` (e.g. `{"session_idle_minutes": 15}`)
or, in tests, as the Flask config `SECURITY_SETTINGS`.

Login throttling slows guessing without locking the real user out: every attempt counts as a
failure until it succeeds (so simultaneous attempts cannot all get through), and after
`login_free_attempts` failures an account waits `login_backoff_seconds`, doubling per failure up to
`login_backoff_cap_seconds` (a minute: the real user waits at most that, an attacker gets about one
guess a minute). A client address gets `client_free_attempts` failures before its own backoff
(capped at `client_backoff_cap_seconds`): a password sprayer is slowed, other clients are not.
"""
from __future__ import annotations

from dataclasses import dataclass, fields, replace

from domain.limits import settings_object
from domain.rules import DomainError


@dataclass(frozen=True)
class SecuritySettings:
    session_idle_minutes: float = 30
    session_absolute_hours: float = 12
    login_free_attempts: int = 5  # per account (any client), before the backoff starts
    login_backoff_seconds: float = 1.0
    login_backoff_cap_seconds: float = 60.0
    client_free_attempts: int = 30  # per client address (any account)
    client_backoff_cap_seconds: float = 900.0
    failures_forgotten_after_seconds: float = 900.0  # a quiet key starts afresh
    ready_max_lag_events: int = 1000  # /siap answers 503 when the views are further behind

    def __post_init__(self):
        for item in fields(self):
            value = getattr(self, item.name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                raise DomainError(f"Pengaturan {item.name}: nilai {value!r} tidak sah (bilangan ≥ 0).")
            if item.type == "int" and not isinstance(value, int):
                raise DomainError(f"Pengaturan {item.name}: harus bilangan bulat.")

    def with_overrides(self, **values) -> "SecuritySettings":
        unknown = sorted(set(values) - {item.name for item in fields(self)})
        if unknown:
            raise DomainError(f"Pengaturan tidak dikenal: {', '.join(unknown)}.")
        return replace(self, **values)

    @classmethod
    def from_json(cls, text: str | None) -> "SecuritySettings":
        return cls().with_overrides(**settings_object(text, "MUTASI_SECURITY_SETTINGS"))
