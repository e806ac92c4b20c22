"""The city as the planner sees it: plain, immutable records built by the read side.

`Post` and `Person` carry what the regulations look at: the post's type, JF and jenjang, admitted
education, required credential, competence standard and ABK need; the person's JF, education,
credentials, competence assessment and blocks (discipline, leave). Every field added after the
first version has a default, so that a mapping that does not fill it yet keeps working: the rules
then fall back to what they can infer (the JF from a post's name, the default competence standard).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from domain.competence import Assessment
from domain.professions import CREDENTIAL_TYPES, STRUCTURAL_TYPES, jf_of
from domain.rules import DomainError
from domain.shortage import Staffing

BLOCK_KINDS = {  # kind -> (label, regulation)
    "disiplin_sedang": ("hukuman disiplin sedang", "PP 94/2021"),
    "disiplin_berat": ("hukuman disiplin berat", "PP 94/2021"),
    "tugas_belajar": ("tugas belajar dengan ikatan dinas", "Peraturan BKN 5/2019"),
    "cuti_luar_tanggungan": ("cuti di luar tanggungan negara", "Peraturan BKN 5/2019"),
    "pemberhentian_sementara": ("pemberhentian sementara", "PP 11/2017 Pasal 276"),
}


@dataclass(frozen=True)
class Credential:
    """A credential a post requires or a person holds: type "STR" (subject: the health profession)
    or "sertifikat_pendidik" (subject: the subject taught, e.g. "Guru Kelas SD", "Matematika")."""

    type: str
    subject: str
    valid_until: date | None = None  # a person's credential; None: valid for life

    def matches(self, required: Credential, as_of: date) -> bool:
        return (self.type, self.subject.casefold()) == (required.type, required.subject.casefold()) \
            and (self.valid_until is None or self.valid_until >= as_of)

    def text(self) -> str:
        return f"{CREDENTIAL_TYPES.get(self.type, self.type)} {self.subject}"


@dataclass(frozen=True)
class Block:
    """A recorded fact that stops a move while it lasts: kind of BLOCK_KINDS, start, end (None:
    open-ended)."""

    kind: str
    start: date
    end: date | None = None

    def active(self, on: date) -> bool:
        return self.start <= on and (self.end is None or on <= self.end)


@dataclass(frozen=True)
class Person:
    nip: str
    name: str
    status: str  # "PNS" | "PPPK"
    golongan: str
    birth_date: date
    education_level: str
    education_family: str
    position: str  # current post code
    in_post_since: date
    predikat: dict  # {year: predikat} SKP per year
    box: int | None  # latest 9-box
    under_discipline: bool = False  # without dates; `blocks` is the dated record
    on_study_leave: bool = False
    unit_under_investigation: bool = False  # service decline under investigation (domain.investigation)
    open_proposal: str | None = None  # the id of this person's open proposal (domain.open_move)
    education_field: str = ""  # e.g. "Keperawatan", "PGSD"
    jf: str | None = None  # None: the JF of the current post
    jf_level: str | None = None  # None: the jenjang of the current post
    credentials: tuple = ()  # Credential, ...
    assessment: Assessment | None = None  # the latest competence assessment
    blocks: tuple = ()  # Block, ...


@dataclass(frozen=True)
class Post:
    code: str
    unit: str
    name: str
    jabatan_type: str  # jpt | administrator | pengawas | pelaksana | fungsional_keahlian | ..._keterampilan
    eselon: str | None
    level: str | None  # jenjang of a JF post (ahli_pertama, …, terampil, …)
    band_low: str
    band_high: str
    education_families: tuple  # () admits every education family
    track: str
    need: int  # ABK need
    holders: int
    strategic: bool
    jf: str | None = None  # JF name; None: from the post's name (fungsional posts only)
    education_levels: tuple = ()  # admitted levels (the lowest is the minimum); (): any
    education_fields: tuple = ()  # admitted fields, e.g. ("PGSD",); (): any within the family
    credential: Credential | None = None  # required credential
    competence: tuple = ()  # standard: (name, kind, level 1–5), ...; (): the default by level
    is_principal: bool = False  # kepala sekolah (Permendikbudristek 40/2021)

    @property
    def structural(self) -> bool:
        return self.jabatan_type in STRUCTURAL_TYPES

    @cached_property
    def jf_name(self) -> str | None:
        return jf_of(self.name, self.jabatan_type, self.jf)

    def admits(self, family: str) -> bool:
        return not self.education_families or family in self.education_families


@dataclass(frozen=True)
class UnitInfo:
    code: str
    name: str
    service_priority: int
    parent_code: str | None


@dataclass(frozen=True)
class CitySnapshot:
    as_of: date
    people: tuple[Person, ...]
    posts: tuple[Post, ...]
    units: tuple[UnitInfo, ...]


class SnapshotIndex:
    """Lookups over one snapshot, validated once (the last snapshot used is cached)."""

    def __init__(self, snapshot: CitySnapshot):
        self.snapshot, self.as_of = snapshot, snapshot.as_of
        self.units = _unique(snapshot.units, "unit")
        self.posts = _unique(snapshot.posts, "jabatan")
        self.people = {p.nip: p for p in snapshot.people}
        if len(self.people) != len(snapshot.people):
            raise DomainError("Snapshot berisi NIP ganda.")
        for post in snapshot.posts:
            if post.unit not in self.units:
                raise DomainError(f"Jabatan {post.code}: unit '{post.unit}' tidak dikenal.")
        for person in snapshot.people:
            _check_person(person, self.posts)
        self.staff = Counter(p.position for p in snapshot.people)
        self.unit_staff = Counter(self.posts[p.position].unit for p in snapshot.people)
        # (unit, JF) -> figures; a post without a JF (pelaksana, structural) counts by its name
        self.jf_need, self.jf_holders = Counter(), Counter()
        for post in snapshot.posts:
            self.jf_need[post.unit, holder_group(post)] += post.need
            self.jf_holders[post.unit, holder_group(post)] += post.holders
        self.staffing = {code: Staffing(p.need, p.holders, p.unit, p.jf_name)
                         for code, p in self.posts.items()}
        self.unit_shortage = defaultdict(int)
        self.unit_need = defaultdict(int)
        for post in snapshot.posts:
            self.unit_shortage[post.unit] += max(0, post.need - post.holders)
            self.unit_need[post.unit] += post.need

    def current(self, person: Person) -> Post:
        return self.posts[person.position]

    def person_jf(self, person: Person) -> str | None:
        return person.jf or self.current(person).jf_name

    def person_level(self, person: Person) -> str | None:
        return person.jf_level or self.current(person).level

    def capacity(self, post: Post) -> int:
        """max(need, holders); never below the people actually recorded in the post."""
        return max(post.need, post.holders, self.staff[post.code])


def _check_person(person: Person, posts: dict) -> None:
    if person.position not in posts:
        raise DomainError(f"Pegawai {person.nip}: jabatan '{person.position}' tidak dikenal.")
    for block in person.blocks:
        if block.kind not in BLOCK_KINDS:
            raise DomainError(f"Pegawai {person.nip}: jenis catatan '{block.kind}' tidak dikenal "
                              f"({', '.join(BLOCK_KINDS)}).")


def _unique(items, what: str) -> dict:
    found = {item.code: item for item in items}
    if len(found) != len(items):
        raise DomainError(f"Snapshot berisi kode {what} ganda.")
    return found


_cache: list = []  # (index, the last snapshot object seen for it) of the last ones, newest first
CACHED_SNAPSHOTS = 2


def index(snapshot: CitySnapshot) -> SnapshotIndex:
    """The index of `snapshot`; an equal snapshot (the same city read again, e.g. for a
    re-optimisation after an edit: ~16 ms to compare at scale 1) gets the index already built,
    and with it the planner's caches on that index (domain.plan_score.scorer)."""
    found = next((k for k, (idx, seen) in enumerate(_cache)
                  if seen is snapshot or idx.snapshot is snapshot), None)
    if found is None:
        found = next((k for k, (idx, _) in enumerate(_cache) if idx.snapshot == snapshot), None)
    return keep_index(_cache.pop(found)[0] if found is not None else SnapshotIndex(snapshot),
                      snapshot)


def keep_index(idx: SnapshotIndex, snapshot: CitySnapshot) -> SnapshotIndex:
    """Cache `idx` first, as the index of `snapshot` (equal to idx.snapshot) too."""
    _cache[:] = [entry for entry in _cache if entry[0] is not idx]
    _cache.insert(0, (idx, snapshot))
    del _cache[CACHED_SNAPSHOTS:]
    return idx


def holder_group(post) -> str:
    """What the sole-holder protection counts a post by: its JF, with the subject of its credential
    where that names more than the JF (a school's only "Guru (Pendidikan Agama Islam)"), else the
    post's name (a Lurah, the only Penata Layanan Operasional of an OPD)."""
    if post.jf_name and post.credential and post.credential.subject != post.jf_name:
        return f"{post.jf_name} ({post.credential.subject})"
    return post.jf_name or post.name
