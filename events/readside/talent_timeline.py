"""How the talent-map events on an Employee read on their timeline (used by events.readside.timeline)."""
from __future__ import annotations

from datetime import date

from domain.rules import RATING_LABELS
from domain.talent import DEVELOPMENT_KINDS, OUTCOMES



def potential_scored(e) -> tuple[str, date | None]:
    return (f"Pemetaan talenta {e.period}: skor potensial {e.score:g} ({e.potensial}), kinerja "
            f"{RATING_LABELS[e.kinerja]}{from_predikat(e)}, kotak {e.box}", None)


def from_predikat(e) -> str:
    """Where the kinerja of a box came from, when the event names it."""
    predikat = getattr(e, "predikat", None)
    return f" (predikat SKP {predikat})" if predikat else ""


def development_planned(e) -> tuple[str, date | None]:
    return (f"{DEVELOPMENT_KINDS[e.kind]} #{e.number}: {e.description} (tenggat "
            f"{e.due:%d-%m-%Y})", None)


def development_outcome(e) -> tuple[str, date | None]:
    note = f": {e.note}" if e.note else ""
    return f"Hasil pengembangan #{e.number}: {OUTCOMES[e.outcome]}{note}", None


SUMMARIES = {"PotentialScored": potential_scored, "DevelopmentPlanned": development_planned,
             "DevelopmentOutcomeRecorded": development_outcome}
