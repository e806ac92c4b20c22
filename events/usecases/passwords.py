"""Password hashes: argon2id at OWASP's first recommended setting, with older hashes upgraded.

argon2id (RFC 9106, winner of the Password Hashing Competition) with m = 19 MiB, t = 2, p = 1:
the first of the equivalent settings in the OWASP Password Storage Cheat Sheet. It costs about 45 ms
and 19 MiB per check on this 2-core machine, which keeps a login well under 300 ms even with a few
logins at once, where the RFC's own 64 MiB, t = 3, p = 4 profile took over 400 ms. Hashes made
before (werkzeug's scrypt or pbkdf2) still verify and are replaced at the next successful login.
An unknown user name is checked against a dummy hash, so it takes the same work as a known one.
"""
from __future__ import annotations

import functools

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from werkzeug.security import check_password_hash

HASHER = PasswordHasher(time_cost=2, memory_cost=19_456, parallelism=1)


def hash_password(password: str) -> str:
    return HASHER.hash(password)


@functools.cache
def dummy_hash() -> str:
    return HASHER.hash("tidak ada akun dengan nama ini")


def verify(stored: str | None, password: str) -> bool:
    """True when `password` matches `stored`; with no stored hash, the same work and False."""
    if stored is None:
        verify(dummy_hash(), password)
        return False
    if not stored.startswith("$argon2"):
        return check_password_hash(stored, password)
    try:
        return HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_upgrade(stored: str) -> bool:
    return not stored.startswith("$argon2") or HASHER.check_needs_rehash(stored)
