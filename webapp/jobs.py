"""Long work (solving a plan) runs in a background thread; the page polls its progress."""
from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass, field

from domain.rules import DomainError
from events.readside.readmodels import db


@dataclass
class Job:
    id: str
    owner: str
    started: float = field(default_factory=time.monotonic)
    message: str = "Menunggu giliran…"
    done: bool = False
    error: str | None = None
    result: object = None

    @property
    def seconds(self) -> int:
        return int(time.monotonic() - self.started)


_jobs: dict[str, Job] = {}
_lock = threading.Lock()


def start(owner: str, work, *args, **kwargs) -> Job:
    """Runs work(*args, progress=..., **kwargs) in a thread with its own database connection."""
    job = Job(uuid.uuid4().hex, owner)
    with _lock:
        _jobs[job.id] = job

    def run():
        def progress(message: str) -> None:
            job.message = message
        try:
            db.connect(reuse_if_open=True)
            job.result = work(*args, progress=progress, **kwargs)
        except DomainError as error:
            job.error = str(error)
        except Exception as error:  # noqa: BLE001 - reported to the user, logged by the server
            job.error = f"Kesalahan tak terduga: {error.__class__.__name__}: {error}"
            raise
        finally:
            job.done = True
            if not db.is_closed():
                db.close()

    threading.Thread(target=run, name=f"job-{job.id}", daemon=True).start()
    return job


def get(job_id: str, owner: str) -> Job | None:
    job = _jobs.get(job_id)
    return job if job and job.owner == owner else None
