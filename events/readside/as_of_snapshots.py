"""Snapshots of the city per tanggal: replays of the log kept at regular positions (every `every`
events), built in the background after each catch-up of the views, so the first view of any date
replays at most the events since the nearest earlier snapshot (`events.readside.as_of`).

`SnapshotSettings` (overridable as JSON in `MUTASI_AS_OF_SETTINGS`, e.g. `{"every": 2000}`): a
snapshot every `every` events, at most `keep` of them; when the log holds more than `keep` times
`every` events, the spacing doubles (every other snapshot is removed, none is rebuilt).
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, fields, replace

from domain.rules import DomainError


@dataclass(frozen=True)
class SnapshotSettings:
    every: int = 5000  # events between two snapshots (the most a first view replays)
    keep: int = 48  # snapshots kept at most (each about as large as the views at its position)

    def __post_init__(self):
        for item in fields(self):
            value = getattr(self, item.name)
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 1_000_000:
                raise DomainError(f"Pengaturan per tanggal {item.name}: nilai {value!r} tidak sah "
                                  "(bilangan bulat 1–1.000.000).")

    @classmethod
    def from_json(cls, text: str | None) -> "SnapshotSettings":
        if not (text or "").strip():
            return cls()
        try:
            values = json.loads(text)
        except ValueError:
            values = None
        if not isinstance(values, dict):
            raise DomainError("MUTASI_AS_OF_SETTINGS harus berupa objek JSON.")
        unknown = sorted(set(values) - {item.name for item in fields(cls)})
        if unknown:
            raise DomainError(f"Pengaturan per tanggal tidak dikenal: {', '.join(unknown)}.")
        return replace(cls(), **values)

    @classmethod
    def from_environment(cls) -> "SnapshotSettings":
        return cls.from_json(os.environ.get("MUTASI_AS_OF_SETTINGS"))

    def spacing(self, head: int) -> int:
        """`every`, doubled until at most `keep` snapshots cover a log of `head` events."""
        spacing = self.every
        while head // spacing > self.keep:
            spacing *= 2
        return spacing

    def positions(self, head: int) -> list[int]:
        """Where the snapshots of a log of `head` events are, oldest first."""
        spacing = self.spacing(head)
        return [spacing * k for k in range(1, head // spacing + 1)]
