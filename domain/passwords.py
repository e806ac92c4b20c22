"""The password policy: at least 12 characters, at most 128, and not guessable.

"Not guessable" is zxcvbn's estimate (a maintained port of Dropbox's estimator): it knows the most
common passwords of public breaches, dictionary words, names, keyboard patterns, dates and
repetitions, and whatever the user's own name and user name make easy. A score below 3 (fewer than
about 10^8 guesses) is refused, as NIST SP 800-63B asks for passwords found in breach corpora.
The demo password is public (README): only `mutasi demo` may give it, to its demo accounts.
"""
from __future__ import annotations

from zxcvbn import zxcvbn

from domain.rules import DomainError

MIN_PASSWORD = 12
MAX_PASSWORD = 128  # longer adds nothing and costs the estimator and the hash time
ESTIMATED_CHARS = 72  # zxcvbn refuses longer input; the first 72 characters decide
MIN_SCORE = 3  # zxcvbn: 3 = "safely unguessable: moderate protection from offline slow-hash scenario"
DEMO_PASSWORD = "sibolga-demo-2026"
CONTEXT_WORDS = ("sibolga", "mutasi", "bkd", "asn", "pemkot", "kota", "demo")


def check_password(password: str, *, username: str = "", full_name: str = "") -> str:
    """The password when the policy accepts it; a DomainError naming what to change otherwise."""
    password = password or ""
    if len(password) < MIN_PASSWORD:
        raise DomainError(f"Kata sandi minimal {MIN_PASSWORD} karakter.")
    if len(password) > MAX_PASSWORD:
        raise DomainError(f"Kata sandi paling panjang {MAX_PASSWORD} karakter.")
    if password == DEMO_PASSWORD:
        raise DomainError("Kata sandi demo hanya berlaku untuk akun demo; pilih kata sandi lain.")
    words = [w for w in (username, *full_name.split(), *CONTEXT_WORDS) if w]
    if zxcvbn(password[:ESTIMATED_CHARS], user_inputs=words)["score"] < MIN_SCORE:
        raise DomainError("Kata sandi terlalu mudah ditebak (umum, bocor di internet, berpola, atau memuat "
                          "nama pengguna); pakai beberapa kata acak yang tidak berhubungan.")
    return password
