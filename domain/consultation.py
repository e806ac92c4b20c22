"""Public consultation on a plan or on a set of positions for a period, and the comments on it.

What a consultation shows is decided when it opens: one item per position concerned (unit, position,
the kind of change). The people concerned are recorded only for leadership posts, and the public
page shows them only when a setting allows it. Comments come from the public (no account): each is
moderated by BKD (published, or hidden with a reason) and gets a recorded response; feedback about a
named civil servant's service is never public and is attached to that person after moderation.
"""
from __future__ import annotations

from collections import defaultdict
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.limits import shown, thousands
from domain.public_text import clean
from domain.labels import COMMENT_STATES, PLAN_STATES
from domain.rules import DomainError
from domain.stakeholder_settings import StakeholderSettings
from domain.survey import check_period

CATEGORIES = {"masyarakat": "Masyarakat", "organisasi_profesi": "Organisasi profesi", "dprd": "DPRD",
              "lainnya": "Lainnya"}
CHANGE_KINDS = {"pengisian": "pengisian jabatan", "rotasi": "rotasi pemangku jabatan",
                "pengurangan": "pengurangan pegawai", "penataan": "penataan jabatan"}
SUBJECTS = {"plan": "rencana mutasi", "positions": "jabatan pada suatu periode"}
PUBLIC = ("publik", "publik")  # actor and role of an anonymous visitor
MAX_CONSULTED_POSTS = 500  # positions in one consultation


# --- items: what is consulted ------------------------------------------------------------------
def change_label(incoming: int, outgoing: int) -> str:
    if incoming and outgoing:
        return f"rotasi: {incoming} masuk, {outgoing} keluar"
    if incoming:
        return f"bertambah {incoming} pegawai (mutasi masuk)"
    return f"berkurang {outgoing} pegawai (mutasi keluar)"


def item_for(post: dict, change: str, leadership_types: tuple, people: list) -> dict:
    leadership = post["jabatan_type"] in leadership_types
    return {"key": post["code"], "unit_code": post["unit_code"], "unit_name": post["unit_name"],
            "position_code": post["code"], "position_name": post["name"], "change": change,
            "leadership": leadership, "people": people if leadership else []}


def plan_items(lines: list[dict], posts: dict[str, dict], leadership_types: tuple) -> list[dict]:
    """One item per position a plan line leaves or enters; people only for leadership posts."""
    moves: dict = defaultdict(lambda: {"in": 0, "out": 0, "people": []})
    for line in lines:
        for code, direction in ((line["to_post"], "in"), (line["from_post"], "out")):
            moves[code][direction] += 1
            moves[code]["people"].append({"nip": line["nip"], "name": line["name"], "direction": direction})
    missing = sorted(code for code in moves if code not in posts)
    if missing:
        raise DomainError(f"Jabatan tidak dikenal: {', '.join(missing)}.")
    return [item_for(posts[code], change_label(m["in"], m["out"]), leadership_types, m["people"])
            for code, m in sorted(moves.items())]


def consulted_codes(codes: list[str]) -> list[str]:
    """The position codes as typed, cleaned: at least one, at most MAX_CONSULTED_POSTS."""
    codes = sorted({(c or "").strip().upper() for c in codes if (c or "").strip()})
    if not codes:
        raise DomainError("Sebutkan sedikitnya satu kode jabatan yang dikonsultasikan.")
    if len(codes) > MAX_CONSULTED_POSTS:
        raise DomainError(f"Satu konsultasi paling banyak {MAX_CONSULTED_POSTS} jabatan (disebut "
                          f"{thousands(len(codes))}).")
    return codes


def position_items(codes: list[str], posts: dict[str, dict], change_kind: str,
                   leadership_types: tuple) -> list[dict]:
    if change_kind not in CHANGE_KINDS:
        raise DomainError(f"Jenis perubahan '{shown(change_kind)}' tidak dikenal "
                          f"({', '.join(CHANGE_KINDS)}).")
    codes = consulted_codes(codes)
    missing = [code for code in codes if code not in posts]
    if missing:
        more = f" dan {len(missing) - 10} lainnya" if len(missing) > 10 else ""
        raise DomainError(f"Kode jabatan tidak dikenal: {', '.join(shown(c) for c in missing[:10])}{more}.")
    return [item_for(posts[code], CHANGE_KINDS[change_kind], leadership_types, []) for code in codes]


# --- the consultation --------------------------------------------------------------------------
class Consultation(Aggregate):
    @classmethod
    def open(cls, *, subject: str, title: str, description: str, period: str | None,
             plan_id: UUID | None, items: list[dict], actor: str, role: str,
             plan_status: str | None = None) -> "Consultation":
        if subject not in SUBJECTS:
            raise DomainError(f"Pokok konsultasi '{subject}' tidak dikenal.")
        if subject == "plan" and plan_status not in ("draft", "submitted"):
            raise DomainError("Konsultasi publik hanya dapat dibuka atas rencana yang belum diputuskan "
                              f"(status rencana: {PLAN_STATES.get(plan_status, plan_status)}).")
        title = clean(title, "Judul konsultasi", max_chars=150, min_chars=5)
        description = clean(description, "Uraian konsultasi", max_chars=4000, multiline=True, max_links=5)
        period = check_period(period) if (period or "").strip() or subject == "positions" else None
        if not items:
            raise DomainError("Konsultasi tanpa jabatan yang dikonsultasikan tidak dapat dibuka.")
        return cls(subject=subject, title=title, description=description, period=period,
                   plan_id=plan_id, items=items, actor=actor, role=role)

    @event("Opened")
    def __init__(self, subject: str, title: str, description: str, period: str | None,
                 plan_id: UUID | None, items: list[dict], actor: str, role: str) -> None:
        self.subject, self.title, self.description, self.period = subject, title, description, period
        self.plan_id, self.items = plan_id, items
        self.status = "open"

    def item(self, key: str) -> dict | None:
        return next((item for item in self.items if item["key"] == key), None)

    def close(self, *, note: str, pending: int, actor: str, role: str) -> None:
        if self.status != "open":
            raise DomainError("Konsultasi ini sudah ditutup.")
        if pending:
            raise DomainError(f"Konsultasi belum dapat ditutup: {pending} komentar belum dimoderasi "
                              "atau belum ditanggapi. Setiap komentar harus mendapat tanggapan.")
        note = clean(note, "Catatan penutupan", max_chars=4000, min_chars=5, multiline=True, max_links=5)
        self._closed(note=note, actor=actor, role=role)

    @event("Closed")
    def _closed(self, note: str, actor: str, role: str) -> None:
        self.status = "closed"


# --- a comment ---------------------------------------------------------------------------------
def check_target(consultation: Consultation | None, item_key: str | None, service_unit: str | None):
    if consultation is None and not service_unit:
        raise DomainError("Masukan umum harus menyebut unit layanan yang dimaksud.")
    if consultation is not None and consultation.status != "open":
        raise DomainError("Konsultasi ini sudah ditutup; komentar tidak dapat dikirim lagi.")
    if item_key and (consultation is None or consultation.item(item_key) is None):
        raise DomainError("Jabatan yang dikomentari tidak ada dalam konsultasi ini.")


class Comment(Aggregate):
    @classmethod
    def submit(cls, *, consultation: Consultation | None, item_key: str | None, category: str,
               text: str, author_name: str, contact: str, service_unit: str | None,
               employee_name: str, settings: StakeholderSettings) -> "Comment":
        item_key = (item_key or "").strip() or None
        service_unit = (service_unit or "").strip().upper() or None
        check_target(consultation, item_key, service_unit)
        if category not in CATEGORIES:
            raise DomainError("Pilih kategori pengirim: masyarakat, organisasi profesi, DPRD, atau lainnya.")
        short = dict(max_chars=settings.field_max_chars)
        employee_name = clean(employee_name, "Nama pegawai", **short) if service_unit else ""
        return cls(consultation_id=consultation.id if consultation else None, item_key=item_key,
                   kind="service" if service_unit else "consultation", category=category,
                   text=clean(text, "Komentar", max_chars=settings.comment_max_chars,
                              min_chars=settings.comment_min_chars, max_links=settings.comment_max_links,
                              multiline=True),
                   author_name=clean(author_name, "Nama", **short) or None,
                   contact=clean(contact, "Kontak", max_links=1, **short) or None,  # an e-mail is fine
                   service_unit=service_unit,
                   employee_name=employee_name or None, actor=PUBLIC[0], role=PUBLIC[1])

    @event("Submitted")
    def __init__(self, consultation_id: UUID | None, item_key: str | None, kind: str, category: str,
                 text: str, author_name: str | None, contact: str | None, service_unit: str | None,
                 employee_name: str | None, actor: str, role: str) -> None:
        self.consultation_id, self.item_key, self.kind = consultation_id, item_key, kind
        self.category, self.text, self.service_unit = category, text, service_unit
        self.employee_name = employee_name
        self.status, self.response, self.employee_id = "submitted", None, None

    def publish(self, *, actor: str, role: str) -> None:
        if self.status != "submitted":
            raise DomainError(f"Komentar ini sudah {COMMENT_STATES[self.status]}.")
        self._published(actor=actor, role=role)

    def hide(self, *, reason: str, actor: str, role: str) -> None:
        if self.status == "hidden":
            raise DomainError("Komentar ini sudah disembunyikan.")
        reason = clean(reason, "Alasan menyembunyikan", max_chars=1000, multiline=True, max_links=5)
        if not reason:
            raise DomainError("Alasan menyembunyikan komentar wajib diisi.")
        self._hidden(reason=reason, actor=actor, role=role)

    def respond(self, *, response: str, actor: str, role: str) -> None:
        if self.status == "submitted":
            raise DomainError("Moderasi komentar dulu (terbitkan atau sembunyikan), lalu tanggapi.")
        if self.response is not None:
            raise DomainError("Komentar ini sudah ditanggapi.")
        response = clean(response, "Tanggapan", max_chars=4000, multiline=True, max_links=5)
        if not response:
            raise DomainError("Tanggapan wajib diisi: setiap komentar mendapat tanggapan yang tercatat.")
        self._responded(response=response, actor=actor, role=role)

    def attach_to(self, *, employee_id: UUID, nip: str, name: str, unit_code: str, actor: str,
                  role: str) -> None:
        if self.kind != "service" or self.status != "published":
            raise DomainError("Hanya masukan layanan yang sudah diterima yang dapat dilampirkan ke pegawai.")
        if self.employee_id is not None:
            raise DomainError("Masukan ini sudah dilampirkan ke seorang pegawai.")
        self._attached(employee_id=employee_id, nip=nip, name=name, unit_code=unit_code,
                       actor=actor, role=role)

    @event("Published")
    def _published(self, actor: str, role: str) -> None:
        self.status = "published"

    @event("Hidden")
    def _hidden(self, reason: str, actor: str, role: str) -> None:
        self.status = "hidden"

    @event("Responded")
    def _responded(self, response: str, actor: str, role: str) -> None:
        self.response = response

    @event("AttachedToEmployee")
    def _attached(self, employee_id: UUID, nip: str, name: str, unit_code: str, actor: str,
                  role: str) -> None:
        self.employee_id = employee_id
