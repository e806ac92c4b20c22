"""Units (OPD) and positions (jabatan): the structure people are placed in."""
from __future__ import annotations

from datetime import date
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.limits import COUNT_LIMIT, SHORT_TEXT_LIMIT, bounded_int, clean_text, day
from domain.competence import check_standard
from domain.professions import (CREDENTIAL_TYPES, EDUCATION_RANK, FUNCTIONAL_TYPES,
                                check_post_band)
from domain.rules import ESELON_BANDS, JABATAN_TYPES, DomainError, canonical_nip, golongan_rank

NAMESPACE = uuid5(NAMESPACE_URL, "https://mutasi.sibolgakota.go.id/")
CODE_LIMIT = 60  # unit and position codes (DINKES, PKM-SBK-PERAWAT-3)
MAX_FACT_TEXT = 100  # a JF name, an education field, a credential's subject
TEACHER_BAND = ("III/a", "IV/c")  # guru Ahli Pertama to Ahli Madya (PermenPANRB 21/2024)
UNIT_KINDS = ("setda", "sekretariat", "inspektorat", "badan", "dinas", "rsud", "puskesmas",
              "sekolah", "kecamatan", "kelurahan")


def unit_id(code: str) -> UUID:
    return uuid5(NAMESPACE, f"unit:{code}")


def position_id(code: str) -> UUID:
    return uuid5(NAMESPACE, f"position:{code}")


class Unit(Aggregate):
    """An OPD or one of its sub-units (puskesmas, school, kelurahan)."""

    @staticmethod
    def create_id(code: str) -> UUID:
        return unit_id(code)

    @classmethod
    def establish(cls, *, code: str, name: str, kind: str, parent_code: str | None,
                  service_priority: int, actor: str, role: str) -> "Unit":
        code, name = (code or "").strip().upper(), (name or "").strip()
        if not code or not name:
            raise DomainError("Kode dan nama unit wajib diisi.")
        code = clean_text(code, "Kode unit", limit=CODE_LIMIT)
        name = clean_text(name, "Nama unit", limit=SHORT_TEXT_LIMIT)
        if kind not in UNIT_KINDS:
            raise DomainError(f"Jenis unit '{kind}' tidak dikenal.")
        if service_priority not in (1, 2, 3):
            raise DomainError("Prioritas layanan harus 1, 2, atau 3.")
        return cls(code=code, name=name, kind=kind, parent_code=parent_code,
                   service_priority=service_priority, actor=actor, role=role)

    @event("Established")
    def __init__(self, code: str, name: str, kind: str, parent_code: str | None,
                 service_priority: int, actor: str, role: str) -> None:
        self.code, self.name, self.kind = code, name, kind
        self.parent_code, self.service_priority = parent_code, service_priority


class Position(Aggregate):
    """A jabatan in a unit, with its pangkat band, education requirements and ABK need; its JF, the
    education levels and fields it admits, the credential it requires ({type, subject} or None), its
    competence standard ([name, kind, level], ...) and whether it is a school principal's post."""

    @staticmethod
    def create_id(code: str) -> UUID:
        return position_id(code)

    @classmethod
    def create(cls, *, code: str, unit: Unit, name: str, jabatan_type: str, eselon: str | None,
               level: str | None, band_low: str, band_high: str, education_families: tuple,
               track: str, abk_need: int, strategic: bool, actor: str, role: str,
               jf: str | None = None, education_levels: tuple = (), education_fields: tuple = (),
               credential: dict | None = None, competence: tuple = (),
               is_principal: bool = False) -> "Position":
        if jabatan_type not in JABATAN_TYPES:
            raise DomainError(f"Jenis jabatan '{jabatan_type}' tidak dikenal.")
        if eselon is not None and eselon not in ESELON_BANDS:
            raise DomainError(f"Eselon '{eselon}' tidak dikenal.")
        if golongan_rank(band_low) > golongan_rank(band_high):
            raise DomainError("Batas bawah pangkat lebih tinggi dari batas atas.")
        code = clean_text(code, "Kode jabatan", required=True, limit=CODE_LIMIT)
        name = clean_text(name, "Nama jabatan", required=True, limit=SHORT_TEXT_LIMIT)
        abk_need = check_need(abk_need)
        if level == "guru":  # a school's teacher formation spans Ahli Pertama–Ahli Madya
            if golongan_rank(band_low) < golongan_rank(TEACHER_BAND[0]) or \
                    golongan_rank(band_high) > golongan_rank(TEACHER_BAND[1]):
                raise DomainError(f"Rentang pangkat jabatan guru harus di dalam "
                                  f"{TEACHER_BAND[0]}–{TEACHER_BAND[1]}.")
        else:
            check_post_band(jabatan_type, eselon, level, band_low, band_high)
        jf = (jf or "").strip() or None
        if len(jf or "") > MAX_FACT_TEXT or any(len(f) > MAX_FACT_TEXT for f in education_fields):
            raise DomainError(f"Nama jabatan fungsional dan bidang pendidikan paling banyak "
                              f"{MAX_FACT_TEXT} karakter.")
        if jf is not None and jabatan_type not in FUNCTIONAL_TYPES:
            raise DomainError("Nama jabatan fungsional hanya untuk jabatan fungsional.")
        unknown = [lv for lv in education_levels if lv not in EDUCATION_RANK]
        if unknown:
            raise DomainError(f"Jenjang pendidikan '{unknown[0]}' tidak dikenal.")
        problems = check_standard(tuple(tuple(item) for item in competence))
        if problems:
            raise DomainError("Standar kompetensi tidak sah: " + "; ".join(problems) + ".")
        return cls(code=code, unit_id=unit.id, unit_code=unit.code, name=name,
                   jabatan_type=jabatan_type, eselon=eselon, level=level, band_low=band_low,
                   band_high=band_high, education_families=list(education_families), track=track,
                   abk_need=abk_need, strategic=strategic, actor=actor, role=role, jf=jf,
                   education_levels=list(education_levels),
                   education_fields=[f.strip() for f in education_fields if f.strip()],
                   credential=check_credential(credential) if credential else None,
                   competence=[list(item) for item in competence], is_principal=bool(is_principal))

    @event("Created")
    def __init__(self, code: str, unit_id: UUID, unit_code: str, name: str, jabatan_type: str,
                 eselon: str | None, level: str | None, band_low: str, band_high: str,
                 education_families: list, track: str, abk_need: int, strategic: bool,
                 actor: str, role: str, jf: str | None = None, education_levels: list = (),
                 education_fields: list = (), credential: dict | None = None,
                 competence: list = (), is_principal: bool = False) -> None:
        self.code, self.unit_id, self.unit_code, self.name = code, unit_id, unit_code, name
        self.jabatan_type, self.eselon, self.level = jabatan_type, eselon, level
        self.band_low, self.band_high = band_low, band_high
        self.education_families, self.track = education_families, track
        self.abk_need, self.strategic = abk_need, strategic
        self.jf, self.education_levels, self.education_fields = jf, education_levels, education_fields
        self.credential, self.competence, self.is_principal = credential, competence, is_principal

    def appoint_acting(self, *, nip: str, start: date, sk_number: str, actor: str,
                       role: str) -> None:
        """A Pelaksana Tugas (Plt) for this post while it has no holder (BKN SE 1/2021): the NIP of
        an ASN who keeps their own post; a later Plt replaces the earlier one."""
        nip = canonical_nip(nip, "NIP Plt")
        sk_number = clean_text(sk_number, "Nomor surat perintah Plt", required=True,
                               limit=SHORT_TEXT_LIMIT)
        self._acting_appointed(nip=nip, start=day(start, "Tanggal mulai Plt"), sk_number=sk_number,
                               actor=actor, role=role)

    @event("ActingAppointed")
    def _acting_appointed(self, nip: str, start: date, sk_number: str, actor: str, role: str) -> None:
        self.acting = nip

    def change_need(self, abk_need: int, reason: str, actor: str, role: str) -> None:
        abk_need = check_need(abk_need)
        reason = clean_text(reason, "Alasan perubahan kebutuhan ABK", required=True)
        self._need_changed(abk_need=abk_need, reason=reason, actor=actor, role=role)

    @event("NeedChanged")
    def _need_changed(self, abk_need: int, reason: str, actor: str, role: str) -> None:
        self.abk_need = abk_need


def check_need(abk_need: int | str) -> int:
    return bounded_int(abk_need, "Kebutuhan ABK", 0, COUNT_LIMIT)


def check_credential(credential: dict) -> dict:
    """A credential {type, subject} (a post's requirement) with a known type and a subject."""
    kind, subject = credential.get("type"), (credential.get("subject") or "").strip()
    if kind not in CREDENTIAL_TYPES:
        raise DomainError(f"Jenis sertifikat '{kind}' tidak dikenal ({', '.join(CREDENTIAL_TYPES)}).")
    if not subject or len(subject) > MAX_FACT_TEXT:
        raise DomainError("Bidang sertifikat (profesi atau mata pelajaran) wajib diisi, paling banyak "
                          f"{MAX_FACT_TEXT} karakter.")
    return {"type": kind, "subject": subject}
