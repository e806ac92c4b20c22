"""The SK Wali Kota: the decree that lists the approved moves. The hash of its PDF as generated from
this event (`content_hash`) and of the file as signed at issuance (`signed_hash`) are recorded, so
the document handed out can be checked against the log. `wording` holds the texts used (Wali Kota,
Menimbang, Mengingat, Tembusan: `domain.decree_settings`); events recorded before signing have
neither `signed_hash` nor `wording`."""
from __future__ import annotations

import re
from datetime import date
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.organisation import NAMESPACE
from domain.rules import DomainError


SK_NUMBER = re.compile(r"[A-Za-z0-9][A-Za-z0-9./ -]{0,59}")  # e.g. 821.2/301/BKD/2026


def check_sk_number(sk_number: str) -> str:
    number = (sk_number or "").strip()
    if not number:
        raise DomainError("Nomor SK wajib diisi.")
    if not SK_NUMBER.fullmatch(number):
        raise DomainError("Nomor SK paling panjang 60 karakter: huruf, angka, titik, garis miring, strip "
                          "dan spasi (contoh 821.2/301/BKD/2026).")
    return number


def decree_id(sk_number: str) -> UUID:
    return uuid5(NAMESPACE, f"decree:{sk_number.strip().upper()}")


class Decree(Aggregate):
    @staticmethod
    def create_id(sk_number: str) -> UUID:
        return decree_id(sk_number)

    @classmethod
    def issue(cls, *, sk_number: str, sk_date: date, tmt: date, plan_id: UUID | None, lines: list,
              content_hash: str, signed_hash: str, wording: dict, actor: str, role: str) -> "Decree":
        sk_number = check_sk_number(sk_number)
        if tmt < sk_date:
            raise DomainError("TMT tidak boleh sebelum tanggal SK.")
        if not lines:
            raise DomainError("Tidak ada usulan yang disetujui untuk dimuat dalam SK.")
        return cls(sk_number=sk_number, sk_date=sk_date, tmt=tmt, plan_id=plan_id, lines=lines,
                   content_hash=content_hash, actor=actor, role=role, signed_hash=signed_hash,
                   wording=wording)

    @event("Issued")
    def __init__(self, sk_number: str, sk_date: date, tmt: date, plan_id: UUID | None, lines: list,
                 content_hash: str, actor: str, role: str, signed_hash: str = "",
                 wording: dict | None = None) -> None:
        self.sk_number, self.sk_date, self.tmt, self.plan_id = sk_number, sk_date, tmt, plan_id
        self.lines, self.content_hash = lines, content_hash
        self.signed_hash, self.wording = signed_hash, wording

    def involves_unit(self, unit_code: str | None) -> bool:
        """Whether a line moves someone out of or into this unit or one of its sub-units."""
        return bool(unit_code) and any(
            unit_code in (line.get(f"{side}_unit"), line.get(f"{side}_parent"))
            for line in self.lines for side in ("from", "to"))
