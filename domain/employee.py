"""An ASN (PNS or PPPK) and everything that happens to them, as events."""
from __future__ import annotations

from datetime import date
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.appraisal import AppraisalPeriod
from domain.competence import MAX_COMPETENCES, canonical_levels, check_assessment_date
from domain.labels import RECORD_FIELDS
from domain.limits import SHORT_TEXT_LIMIT, TEXT_LIMIT, clean_text, day
from domain.organisation import MAX_FACT_TEXT, NAMESPACE, Position, check_credential
from domain.plan_snapshot import BLOCK_KINDS
from domain.professions import JF_LEVEL_NAMES
from domain.rules import (POTENTIALS, DomainError, check_golongan, check_rating, golongan_rank,
                          nine_box, predikat, validate_identifier)
from domain.talent import (DEFAULT_TALENT_SETTINGS, DEVELOPMENT_KINDS, OUTCOMES, TalentSettings,
                           check_components, kinerja_of, potential_score)

STATUSES = ("PNS", "PPPK")
EDUCATION_LEVELS = ("SD", "SMP", "SMA", "D1", "D2", "D3", "D4", "S1", "S2", "S3")
LEAVE_REASONS = ("BUP", "atas permintaan sendiri", "meninggal dunia", "diberhentikan")
MAX_JUSTIFICATION = 500
SK_NUMBER_LIMIT = 100
MAX_COMPETENCE_NAME = MAX_FACT_TEXT
CORRECTABLE = RECORD_FIELDS


def employee_id(nip: str) -> UUID:
    return uuid5(NAMESPACE, f"employee:{nip}")


def required(value: str | None, label: str, limit: int = SHORT_TEXT_LIMIT) -> str:
    return clean_text(value, label, required=True, limit=limit)


class Employee(Aggregate):
    @staticmethod
    def create_id(nip: str) -> UUID:
        return employee_id(nip)

    @classmethod
    def register(cls, *, nip: str, name: str, sex: str, birth_date: date, status: str,
                 golongan: str, education_level: str, education_field: str,
                 education_family: str, position: Position, in_post_since: date,
                 cpns_date: date, actor: str, role: str, jf: str | None = None,
                 jf_level: str | None = None, credentials: tuple = (),
                 part_time: bool = False) -> "Employee":
        """`credentials`: ({type, subject, valid_until (date or None)}, ...); `part_time`: a PPPK
        paruh waktu (since 2025)."""
        if sex not in ("L", "P"):
            raise DomainError("Jenis kelamin harus L atau P.")
        if status not in STATUSES:
            raise DomainError(f"Status kepegawaian '{status}' tidak dikenal (PNS atau PPPK).")
        nip = validate_identifier(nip, status, birth_date, sex)
        if len((jf or "").strip()) > MAX_FACT_TEXT:
            raise DomainError(f"Nama jabatan fungsional paling banyak {MAX_FACT_TEXT} karakter.")
        if jf_level is not None and jf_level not in JF_LEVEL_NAMES:
            raise DomainError(f"Jenjang jabatan fungsional '{jf_level}' tidak dikenal.")
        check_golongan(golongan, status)
        if part_time and status != "PPPK":
            raise DomainError("Hanya PPPK yang dapat berstatus paruh waktu.")
        if education_level not in EDUCATION_LEVELS:
            raise DomainError(f"Jenjang pendidikan '{education_level}' tidak dikenal.")
        return cls(nip=nip, name=required(name, "Nama"), sex=sex, birth_date=day(birth_date, "Tanggal lahir"),
                   status=status, golongan=golongan, education_level=education_level,
                   education_field=required(education_field, "Bidang pendidikan"),
                   education_family=clean_text(education_family, "Rumpun pendidikan", limit=SHORT_TEXT_LIMIT),
                   position_id=position.id, unit_id=position.unit_id,
                   in_post_since=day(in_post_since, "TMT jabatan"), cpns_date=day(cpns_date, "TMT CPNS"),
                   actor=actor, role=role, jf=clean_text(jf, "Jabatan fungsional", limit=MAX_FACT_TEXT) or None,
                   jf_level=jf_level, credentials=[held_credential(c) for c in credentials],
                   **({"part_time": True} if part_time else {}))

    @event("Registered")
    def __init__(self, nip: str, name: str, sex: str, birth_date: date, status: str,
                 golongan: str, education_level: str, education_field: str,
                 education_family: str, position_id: UUID, unit_id: UUID, in_post_since: date,
                 cpns_date: date, actor: str, role: str, jf: str | None = None,
                 jf_level: str | None = None, credentials: list = (), part_time: bool = False) -> None:
        self.nip, self.name, self.sex, self.birth_date = nip, name, sex, birth_date
        self.status, self.golongan, self.cpns_date = status, golongan, cpns_date
        self.education_level, self.education_field = education_level, education_field
        self.education_family = education_family
        self.position_id, self.unit_id, self.in_post_since = position_id, unit_id, in_post_since
        self.active = True
        self.appraisals: dict[str, str] = {}
        self.ratings: dict[str, tuple] = {}       # period -> (hasil kerja, perilaku, justification)
        self.developments: dict[int, str | None] = {}  # action number -> outcome (None: open)
        self.jf, self.jf_level, self.credentials = jf, jf_level, list(credentials)
        self.part_time = part_time

    # --- commands -------------------------------------------------------------------------
    def check_active(self) -> None:
        if not self.active:
            raise DomainError(f"{self.name} ({self.nip}) sudah tidak aktif; tidak dapat diubah.")

    def promote(self, *, golongan: str, tmt: date, sk_number: str, actor: str, role: str) -> None:
        self.check_active()
        if golongan_rank(golongan) <= golongan_rank(self.golongan):
            raise DomainError(f"Kenaikan pangkat harus ke golongan di atas {self.golongan}.")
        self._promoted(golongan=golongan, previous=self.golongan, tmt=day(tmt, "TMT kenaikan pangkat"),
                       sk_number=required(sk_number, "Nomor SK", SK_NUMBER_LIMIT), actor=actor, role=role)

    def transfer(self, *, to: Position, sk_number: str, sk_date: date, tmt: date, reason: str,
                 actor: str, role: str) -> None:
        self.check_active()
        if to.id == self.position_id:
            raise DomainError("Jabatan tujuan sama dengan jabatan saat ini.")
        sk_date, tmt = day(sk_date, "Tanggal SK"), day(tmt, "TMT mutasi")
        if tmt < self.in_post_since:
            raise DomainError("TMT mutasi tidak boleh sebelum TMT jabatan saat ini.")
        if sk_date > tmt:
            raise DomainError("Tanggal SK tidak boleh sesudah TMT.")
        self._transferred(from_position_id=self.position_id, from_unit_id=self.unit_id,
                          to_position_id=to.id, to_unit_id=to.unit_id,
                          sk_number=required(sk_number, "Nomor SK", SK_NUMBER_LIMIT), sk_date=sk_date,
                          tmt=tmt, reason=required(reason, "Alasan mutasi", TEXT_LIMIT), actor=actor, role=role)

    def appraise(self, *, period: AppraisalPeriod, hasil_kerja: str, perilaku: str,
                 justification: str, actor: str, role: str, unit_code: str | None = None) -> bool:
        """Rates (or re-rates, while the unit's submission is a draft) for an open period.

        Returns False, writing nothing, when the rating is the same as the one recorded."""
        self.check_active()
        if not period.is_open:
            raise DomainError(f"Periode {period.name} sudah ditutup; gunakan koreksi dengan alasan.")
        if unit_code and period.is_submitted(unit_code):
            raise DomainError(f"Penilaian unit {unit_code} untuk {period.name} sudah diajukan ke BKD; "
                              "perubahan hanya dapat dilakukan setelah BKD mengembalikannya.")
        justification = clean_text(justification, "Alasan penilaian", limit=MAX_JUSTIFICATION)
        grade = predikat(hasil_kerja, perilaku)
        if self.ratings.get(period.name) == (hasil_kerja, perilaku, justification):
            return False
        self._appraised(period=period.name, year=period.year, hasil_kerja=hasil_kerja,
                        perilaku=perilaku, predikat=grade, justification=justification,
                        actor=actor, role=role)
        return True

    def correct_appraisal(self, *, period: AppraisalPeriod, hasil_kerja: str, perilaku: str,
                          reason: str, actor: str, role: str) -> None:
        if period.name not in self.appraisals:
            raise DomainError(f"Belum ada penilaian {period.name} untuk dikoreksi.")
        self._appraisal_corrected(period=period.name, year=period.year, hasil_kerja=hasil_kerja,
                                  perilaku=perilaku, predikat=predikat(hasil_kerja, perilaku),
                                  reason=required(reason, "Alasan koreksi", TEXT_LIMIT), actor=actor, role=role)

    def assess_talent(self, *, period: str, potensial: str, actor: str, role: str,
                      kinerja: str | None = None) -> None:
        """A box for `period`: kinerja follows the period's SKP predikat when the person has one
        (`kinerja_of`); a typed `kinerja` is used only where there is no SKP for that period."""
        self.check_active()
        period = required(period, "Periode")
        predikat = self.appraisals.get(period)
        kinerja = kinerja_of(predikat) if predikat else kinerja
        check_rating(kinerja, "kinerja")
        if potensial not in POTENTIALS:
            raise DomainError(f"Potensial '{potensial}' tidak dikenal.")
        self._talent_assessed(period=period, kinerja=kinerja, potensial=potensial,
                              box=nine_box(kinerja, potensial), actor=actor, role=role,
                              predikat=predikat)

    def score_potential(self, *, period: AppraisalPeriod, components: dict, actor: str, role: str,
                        settings: TalentSettings = DEFAULT_TALENT_SETTINGS) -> int:
        """The potensial axis from weighted component scores; kinerja is the SKP predikat of
        `period`, a closed period (the use case picks the latest the person was rated in)."""
        self.check_active()
        predikat = self.appraisals.get(period.name)
        if predikat is None:
            raise DomainError(f"{self.name} belum mempunyai penilaian SKP {period.name}; kinerja pada "
                              "peta talenta diambil dari predikat SKP.")
        if period.is_open:
            raise DomainError(f"Periode {period.name} belum ditutup; kinerja pada peta talenta diambil "
                              "dari predikat SKP periode yang sudah selesai.")
        values = check_components(components)
        score, potensial = potential_score(values, settings)
        kinerja = kinerja_of(predikat)
        box = nine_box(kinerja, potensial)
        self._potential_scored(period=period.name, components=values,
                               weights=dict(settings.weights), cutoffs=[settings.menengah_from,
                                                                        settings.tinggi_from],
                               score=score, kinerja=kinerja, potensial=potensial, box=box,
                               actor=actor, role=role, predikat=predikat)
        return box

    def plan_development(self, *, kind: str, description: str, due: date, reason: str, today: date,
                         actor: str, role: str) -> int:
        """A development action (training, coaching, mentoring) with a due date; returns its number."""
        self.check_active()
        if kind not in DEVELOPMENT_KINDS:
            raise DomainError(f"Jenis pengembangan '{kind}' tidak dikenal; pilih "
                              f"{', '.join(DEVELOPMENT_KINDS.values())}.")
        if due is None or due < today:
            raise DomainError("Tenggat pengembangan wajib diisi dan tidak boleh sebelum hari ini.")
        number = len(self.developments) + 1
        self._development_planned(number=number, kind=kind,
                                  description=required(description, "Uraian pengembangan", TEXT_LIMIT),
                                  due=day(due, "Tenggat"), reason=clean_text(reason, "Alasan pengembangan"),
                                  actor=actor, role=role)
        return number

    def record_development_outcome(self, *, number: int, outcome: str, note: str, actor: str,
                                   role: str) -> None:
        if number not in self.developments:
            raise DomainError(f"Tindakan pengembangan nomor {number} tidak ditemukan.")
        if self.developments[number] is not None:
            raise DomainError(f"Hasil tindakan pengembangan nomor {number} sudah dicatat.")
        if outcome not in OUTCOMES:
            raise DomainError(f"Hasil '{outcome}' tidak dikenal; pilih {', '.join(OUTCOMES.values())}.")
        note = clean_text(note, "Catatan hasil")
        if outcome != "tercapai" and not note:
            raise DomainError("Catatan wajib diisi bila pengembangan tidak tercapai sepenuhnya.")
        self._development_outcome(number=number, outcome=outcome, note=note, actor=actor, role=role)

    def assess_competence(self, *, on: date, levels: dict, actor: str, role: str,
                          today: date | None = None, known: dict | None = None) -> None:
        """A competence assessment (Peraturan BKN 26/2019): a level 1–5 per competence, dated no
        later than `today`; with `known` (domain.competence.known_names), every name must be one."""
        self.check_active()
        if on is None or not levels:
            raise DomainError("Tanggal dan hasil asesmen kompetensi wajib diisi.")
        on = check_assessment_date(on, today)
        if len(levels) > MAX_COMPETENCES:
            raise DomainError(f"Satu asesmen paling banyak {MAX_COMPETENCES} kompetensi.")
        for name, level in levels.items():
            if not (name or "").strip() or len(name) > MAX_COMPETENCE_NAME:
                raise DomainError(f"Nama kompetensi wajib diisi, paling banyak {MAX_COMPETENCE_NAME} "
                                  "karakter.")
            if not (isinstance(level, int) and 1 <= level <= 5):
                raise DomainError(f"Level kompetensi {name} harus 1–5.")
        if known is not None:
            levels = canonical_levels(levels, known)
        self._competence_assessed(on=on, levels=[[n.strip(), lv] for n, lv in levels.items()],
                                  actor=actor, role=role)

    def record_block(self, *, kind: str, start: date, end: date | None, reason: str, actor: str,
                     role: str) -> None:
        """Discipline, study leave, unpaid leave or suspension: no move while it lasts."""
        self.check_active()
        if kind not in BLOCK_KINDS:
            raise DomainError(f"Jenis catatan '{kind}' tidak dikenal "
                              f"({', '.join(label for label, _ in BLOCK_KINDS.values())}).")
        if start is None or (end is not None and end < start):
            raise DomainError("Tanggal mulai wajib diisi dan tanggal selesai tidak boleh sebelum "
                              "tanggal mulai.")
        reason = required(reason, "Dasar (nomor SK) catatan")
        if len(reason) > MAX_JUSTIFICATION:
            raise DomainError(f"Dasar catatan paling banyak {MAX_JUSTIFICATION} karakter.")
        self._block_recorded(kind=kind, start=start, end=end, reason=reason, actor=actor, role=role)

    def flag_missing(self, *, source: str, actor: str, role: str) -> bool:
        """Absent from an imported staff list (SIASN): flagged once for BKD to record why (BUP, moved
        out, died) with `leave`; never removed. False, writing nothing, when already flagged."""
        self.check_active()
        if getattr(self, "missing_from", None):
            return False
        self._flagged_missing(source=required(source, "Sumber data"), actor=actor, role=role)
        return True

    def found_again(self, *, source: str, actor: str, role: str) -> bool:
        """Flagged missing, then present in a later staff list: the flag is lifted (an event), so a
        later absence is flagged again. False, writing nothing, when the person was not flagged."""
        self.check_active()
        if not getattr(self, "missing_from", None):
            return False
        self._found_again(source=required(source, "Sumber data"), actor=actor, role=role)
        return True

    def correct_record(self, *, changes: dict, reason: str, actor: str, role: str) -> None:
        """Name, education or golongan corrected from a source (a SIASN import): {field: new value}."""
        self.check_active()
        if not changes or set(changes) - set(CORRECTABLE):
            raise DomainError(f"Koreksi data hanya untuk {', '.join(CORRECTABLE.values())}.")
        if "name" in changes:
            changes["name"] = required(changes["name"], "Nama")
        if "education_field" in changes:
            changes["education_field"] = required(changes["education_field"], "Bidang pendidikan")
        if changes.get("education_level", "S1") not in EDUCATION_LEVELS:
            raise DomainError(f"Jenjang pendidikan '{changes['education_level']}' tidak dikenal.")
        if "golongan" in changes:
            golongan_rank(changes["golongan"])
        previous = {key: getattr(self, key) for key in changes}
        if previous == changes:
            raise DomainError("Tidak ada data yang berubah untuk dikoreksi.")
        self._record_corrected(changes=dict(changes), previous=previous,
                               reason=required(reason, "Alasan koreksi", TEXT_LIMIT), actor=actor, role=role)

    def leave(self, *, on: date, reason: str, actor: str, role: str) -> None:
        self.check_active()
        if reason not in LEAVE_REASONS:
            raise DomainError(f"Alasan berhenti '{reason}' tidak dikenal.")
        self._left(on=day(on, "Tanggal berhenti"), reason=reason, position_id=self.position_id,
                   unit_id=self.unit_id, actor=actor, role=role)

    # --- events: assignments only ------------------------------------------------------------
    @event("Promoted")
    def _promoted(self, golongan: str, previous: str, tmt: date, sk_number: str, actor: str,
                  role: str) -> None:
        self.golongan = golongan

    @event("Transferred")
    def _transferred(self, from_position_id: UUID, from_unit_id: UUID, to_position_id: UUID,
                     to_unit_id: UUID, sk_number: str, sk_date: date, tmt: date, reason: str,
                     actor: str, role: str) -> None:
        self.position_id, self.unit_id, self.in_post_since = to_position_id, to_unit_id, tmt

    @event("Appraised")
    def _appraised(self, period: str, year: int, hasil_kerja: str, perilaku: str, predikat: str,
                   justification: str, actor: str, role: str) -> None:
        self.appraisals[period] = predikat
        self.ratings[period] = (hasil_kerja, perilaku, justification)

    @event("AppraisalCorrected")
    def _appraisal_corrected(self, period: str, year: int, hasil_kerja: str, perilaku: str,
                             predikat: str, reason: str, actor: str, role: str) -> None:
        self.appraisals[period] = predikat
        self.ratings[period] = (hasil_kerja, perilaku, reason)

    @event("TalentAssessed")
    def _talent_assessed(self, period: str, kinerja: str, potensial: str, box: int, actor: str,
                         role: str, predikat: str | None = None) -> None:
        self.talent_box = box

    @event("PotentialScored")
    def _potential_scored(self, period: str, components: dict, weights: dict, cutoffs: list,
                          score: float, kinerja: str, potensial: str, box: int, actor: str,
                          role: str, predikat: str | None = None) -> None:
        self.talent_box = box

    @event("DevelopmentPlanned")
    def _development_planned(self, number: int, kind: str, description: str, due: date,
                             reason: str, actor: str, role: str) -> None:
        self.developments[number] = None

    @event("DevelopmentOutcomeRecorded")
    def _development_outcome(self, number: int, outcome: str, note: str, actor: str,
                             role: str) -> None:
        self.developments[number] = outcome

    @event("CompetenceAssessed")
    def _competence_assessed(self, on: date, levels: list, actor: str, role: str) -> None:
        self.assessment = (on, levels)

    @event("BlockRecorded")
    def _block_recorded(self, kind: str, start: date, end: date | None, reason: str, actor: str,
                        role: str) -> None:
        self.blocks = [*getattr(self, "blocks", []), (kind, start, end)]

    @event("FlaggedMissing")
    def _flagged_missing(self, source: str, actor: str, role: str) -> None:
        self.missing_from = source

    @event("FoundAgain")
    def _found_again(self, source: str, actor: str, role: str) -> None:
        self.missing_from = None

    @event("RecordCorrected")
    def _record_corrected(self, changes: dict, previous: dict, reason: str, actor: str, role: str) -> None:
        for key, value in changes.items():
            setattr(self, key, value)

    @event("Left")
    def _left(self, on: date, reason: str, position_id: UUID, unit_id: UUID, actor: str,
              role: str) -> None:
        self.active = False


def held_credential(credential: dict) -> dict:
    """A person's credential: {type, subject, valid_until (ISO date or None: for life)}."""
    until = credential.get("valid_until")
    if until is not None and not isinstance(until, date):
        raise DomainError("Masa berlaku sertifikat harus tanggal.")
    return {**check_credential(credential), "valid_until": until.isoformat() if until else None}
