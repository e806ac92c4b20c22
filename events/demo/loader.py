"""Loads the synthetic Kota Sibolga into an empty event store through the domain commands.

Every unit, position, person and history step goes through the same aggregate commands (and so the
same rules) as a user's action; aggregates are saved in batches so that the demo builds quickly.
"""
from __future__ import annotations

import contextvars
import logging
from datetime import date, datetime, time, timedelta
from functools import wraps
from random import Random

from domain.access import Actor
from domain.passwords import DEMO_PASSWORD  # noqa: F401  (the demo accounts share it)
from domain.appraisal import AppraisalPeriod
from domain.employee import Employee
from domain.organisation import Position, Unit
from domain.rules import DomainError
from events.demo.facts import extra_steps, person_credentials, post_facts
from events.app import record_from_now_at
from events.demo.history import build_city
from events.readside.as_of import WIB
from events.readside import blobs, installation
from events.store import erase_notifications
from events.usecases import accounts

log = logging.getLogger(__name__)
UNFINISHED = "demo_unfinished"

DEMO_ACTOR = Actor("bkd.demo", "perencana")
DEMO_USERS = (  # username, role, unit, full name
    ("perencana", "perencana", None, "Perencana BKD (demo)"),
    ("verifikator", "verifikator", None, "Verifikator Bidang Mutasi BKD (demo)"),
    ("kepala.bkd", "kepala_bkd", None, "Kepala BKD (demo)"),
    ("kadis.kesehatan", "kepala_opd", "DINKES", "Kepala Dinas Kesehatan (demo)"),
    ("kadis.pendidikan", "kepala_opd", "DISDIK", "Kepala Dinas Pendidikan (demo)"),
    ("tim.penilai", "tim_penilai", None, "Ketua Tim Penilai Kinerja, Sekretaris Daerah (demo)"),
    ("tim.anggota1", "tim_penilai", None, "Anggota Tim Penilai Kinerja (demo)"),
    ("tim.anggota2", "tim_penilai", None, "Anggota Tim Penilai Kinerja (demo)"),
    ("walikota", "ppk", None, "Wali Kota Sibolga (PPK, demo)"),
    ("inspektur", "inspektur", None, "Inspektorat (demo)"),
    ("admin", "admin", None, "Administrator (demo)"),
)


class Batch:
    """Collects changed aggregates and saves them together."""

    def __init__(self, app, size: int = 400):
        self.app, self.size, self.pending = app, size, {}

    def add(self, aggregate) -> None:
        self.pending[aggregate.id] = aggregate
        if len(self.pending) >= self.size:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            self.app.save(*self.pending.values())
            self.pending = {}


def demo_unfinished() -> bool:
    """A `mutasi demo` started here and did not finish (stopped, killed, or failed)."""
    return installation.marked(UNFINISHED)


def load_demo(system, scale: int = 1, seed: int = 42, progress=None) -> dict:
    """Completes, or leaves nothing: a failure removes what was loaded; a demo killed half-way is
    removed by the next `mutasi demo`, which then starts again."""
    if demo_unfinished():
        erase_unfinished_demo(system)
    if system.event_count() > 0:
        raise DomainError("Basis data sudah berisi kejadian; demo hanya dimuat ke basis data kosong "
                          "(hapus folder data atau pakai MUTASI_DATA_DIR lain).")
    installation.mark(UNFINISHED, f"scale={scale} seed={seed}")
    try:
        summary = build_demo(system, scale, seed, progress)
    except BaseException:
        try:
            erase_unfinished_demo(system)
        except Exception:  # noqa: BLE001 - the mark stays: the next `mutasi demo` removes it
            log.exception("Demo yang gagal belum dapat dihapus; `mutasi demo` berikutnya menghapusnya.")
        raise
    installation.unmark(UNFINISHED)
    return summary


def erase_unfinished_demo(system) -> None:
    """Only for an installation whose every event is an unfinished demo's (the mark says so)."""
    erase_notifications(system.app.recorder)
    accounts.AccountRow.delete().where(accounts.AccountRow.username.in_([u[0] for u in DEMO_USERS])).execute()
    blobs.BlobRow.delete().execute()
    system.rebuild_views()
    installation.unmark(UNFINISHED)


class HistoryClock:
    """The demo's history is recorded on the day it happened (09:00 WIB), as if the city had used
    Mutasi for three years, so the city "per tanggal" differs from today's: the city is migrated
    in two weeks before its first step, each later day's events follow the day before's in the
    log, and today's steps are recorded now."""

    def __init__(self, batch: Batch, first_step: date):
        self.batch, self.day = batch, None
        self.on(first_step - timedelta(days=14))

    def on(self, day: date | None) -> None:
        if day != self.day:
            self.batch.flush()
            self.day = day
            record_from_now_at(datetime.combine(day, time(9), WIB) if day and day < date.today() else None)


def in_a_context_of_its_own(build):
    """The clock set while building stays in the build (contextvars)."""
    @wraps(build)
    def wrapper(*args, **kwargs):
        return contextvars.copy_context().run(build, *args, **kwargs)
    return wrapper


@in_a_context_of_its_own
def build_demo(system, scale: int, seed: int, progress) -> dict:
    city = build_city(scale=scale, seed=seed)
    batch, by = Batch(system.app), {"actor": DEMO_ACTOR.username, "role": DEMO_ACTOR.role}
    clock = HistoryClock(batch, min(s.on for s in city.steps))
    units = {u.code: Unit.establish(code=u.code, name=u.name, kind=u.kind, parent_code=u.parent_code,
                                    service_priority=u.service_priority, **by) for u in city.units}
    for unit in units.values():
        batch.add(unit)
    positions = {}
    for p in city.positions:
        positions[p.code] = Position.create(
            code=p.code, unit=units[p.unit_code], name=p.name, jabatan_type=p.jabatan_type,
            eselon=p.eselon, level=p.level, band_low=p.band_low, band_high=p.band_high,
            education_families=tuple(p.education_families), track=p.track, abk_need=p.abk_need,
            strategic=p.strategic, **by, **post_facts(p))
        batch.add(positions[p.code])
    people, specs = {}, {p.code: p for p in city.positions}
    for n, person in enumerate(city.people):
        people[person.nip] = Employee.register(
            nip=person.nip, name=person.name, sex=person.sex, birth_date=person.birth_date,
            status=person.status, golongan=person.golongan, education_level=person.education_level,
            education_field=person.education_field, education_family=person.education_family,
            position=positions[person.position_code], in_post_since=person.in_post_since,
            cpns_date=person.cpns_date, **by, part_time=person.part_time,
            credentials=person_credentials(person, specs[person.position_code], person.cpns_date))
        batch.add(people[person.nip])
    periods: dict = {}
    total = len(city.steps)
    for n, step in enumerate(city.steps, 1):
        clock.on(step.on)
        batch.add(apply_step(step, people, positions, periods, by))
        if progress and (n % 5000 == 0 or n == total):
            progress(n, total)
    clock.on(None)
    for employee in extra_steps(Random(seed), people, positions, date.today(), by):
        batch.add(employee)
    batch.flush()
    system.catch_up()
    create_demo_users(system.app)
    from events.demo.workflow import run_demo_workflow
    workflow = run_demo_workflow(system, date.today())
    return {**city.summary(), "workflow": workflow}


def create_demo_users(app) -> None:
    for username, role, unit, full_name in DEMO_USERS:
        accounts.add_demo_user(app, username, role, unit, full_name)


def apply_step(step, people: dict, positions: dict, periods: dict, by: dict):
    d = step.data
    if step.kind == "open_period":
        periods[d["period"]] = AppraisalPeriod.open(name=d["period"], year=d["year"],
                                                    starts=d["starts"], ends=d["ends"], **by)
        return periods[d["period"]]
    if step.kind == "close_period":
        periods[d["period"]].close(**by)
        return periods[d["period"]]
    if step.kind == "acting":
        positions[d["position"]].appoint_acting(nip=step.nip, start=d["start"],
                                                sk_number=d["sk_number"], **by)
        return positions[d["position"]]
    person = people[step.nip]
    if step.kind == "appraisal":
        person.appraise(period=periods[d["period"]], hasil_kerja=d["hasil_kerja"],
                        perilaku=d["perilaku"], justification=d["justification"],
                        actor="kepala.opd.demo", role="kepala_opd")
    elif step.kind == "talent":
        person.assess_talent(period=d["period"], kinerja=d["kinerja"], potensial=d["potensial"],
                             actor="tim.penilai.demo", role="tim_penilai")
    elif step.kind == "promotion":
        person.promote(golongan=d["golongan"], tmt=d["tmt"], sk_number=d["sk_number"], **by)
    elif step.kind == "transfer":
        person.transfer(to=positions[d["to_position"]], sk_number=d["sk_number"],
                        sk_date=d["sk_date"], tmt=d["tmt"], reason=d["reason"], **by)
    elif step.kind == "retirement":
        person.leave(on=d["date"], reason=d["reason"], **by)
    else:
        raise DomainError(f"Langkah demo '{step.kind}' tidak dikenal.")
    return person
