"""A draft mutation plan: the optimiser's proposal for the whole city, and every edit to it.

The solver runs in the use case; events only record its outcome (settings, the log position the
snapshot was read at, solver figures and every line with its score breakdown), so a replay never
re-solves and a draft can be reproduced and audited.
"""
from __future__ import annotations

from eventsourcing.domain import Aggregate, event

from domain.labels import PLAN_STATES
from domain.limits import SHORT_TEXT_LIMIT, TEXT_LIMIT, clean_text
from domain.rules import DomainError

EDIT_KINDS = {
    "lock": "kunci baris", "unlock": "buka kunci", "reject": "tolak baris",
    "force": "paksakan pasangan", "forbid": "larang pasangan", "setting": "ubah pengaturan",
}


LIFE = tuple(PLAN_STATES)


NAME_LIMIT = 120


def empty_edits() -> dict:
    return {"keep": {}, "force": [], "forbid": []}


def check_name(name: str) -> str:
    """A draft's name: required, at most NAME_LIMIT characters (checked before solving starts)."""
    return clean_text(name, "Nama draf", required=True, limit=NAME_LIMIT)


def check_edit_reason(reason: str) -> str:
    return clean_text(reason, "Alasan perubahan", limit=TEXT_LIMIT)


class Plan(Aggregate):
    @classmethod
    def draft(cls, *, name: str, settings: dict, log_position: int, figures: dict, lines: list,
              actor: str, role: str) -> "Plan":
        name = check_name(name)
        return cls(name=name, settings=settings, log_position=log_position, figures=figures,
                   lines=lines, actor=actor, role=role)

    @event("Drafted")
    def __init__(self, name: str, settings: dict, log_position: int, figures: dict, lines: list,
                 actor: str, role: str) -> None:
        self.name, self.settings, self.log_position = name, settings, log_position
        self.figures, self.lines = figures, lines
        self.edits = empty_edits()
        self.status = "draft"
        self.drafted_by = actor
        self.revision = 0

    def line_of(self, nip: str) -> dict | None:
        return next((line for line in self.lines if line["nip"] == nip), None)

    def check_editable(self) -> None:
        if self.status != "draft":
            raise DomainError("Rencana ini sudah diajukan; draf tidak dapat diubah lagi.")

    def next_edits(self, kind: str, nip: str | None = None, post: str | None = None) -> dict:
        """The edits after applying one more; refuses edits that make no sense."""
        self.check_editable()
        if kind not in EDIT_KINDS:
            raise DomainError(f"Jenis perubahan '{kind}' tidak dikenal.")
        edits = {"keep": dict(self.edits["keep"]), "force": [list(p) for p in self.edits["force"]],
                 "forbid": [list(p) for p in self.edits["forbid"]]}
        line = self.line_of(nip) if nip else None
        if kind in ("lock", "reject", "unlock") and line is None and kind != "unlock":
            raise DomainError(f"NIP {nip} tidak ada di baris rencana ini.")
        if kind == "lock":
            edits["keep"][nip] = line["to_post"]
        elif kind == "unlock":
            if nip not in edits["keep"]:
                raise DomainError("Baris ini tidak sedang dikunci.")
            del edits["keep"][nip]
        elif kind == "reject":  # the person stays where they are; the move is never proposed again
            edits["keep"][nip] = line["from_post"]
            edits["forbid"].append([nip, line["to_post"]])
        elif kind in ("force", "forbid"):
            if not nip or not post:
                raise DomainError("NIP dan kode jabatan wajib diisi.")
            pair = [clean_text(nip, "NIP", limit=SHORT_TEXT_LIMIT), clean_text(post, "Kode jabatan",
                                                                               limit=SHORT_TEXT_LIMIT)]
            if pair in edits["force"] or pair in edits["forbid"]:
                raise DomainError("Pasangan ini sudah dipaksakan atau dilarang.")
            edits[kind].append(pair)
        return edits

    def revise(self, *, edit: dict, edits: dict, settings: dict, figures: dict, lines: list,
               actor: str, role: str) -> None:
        self.check_editable()
        before = {line["nip"]: line["to_post"] for line in self.lines}
        after = {line["nip"]: line["to_post"] for line in lines}
        changed = sorted(n for n in before.keys() | after.keys() if before.get(n) != after.get(n))
        self._revised(edit=edit, edits=edits, settings=settings, figures=figures, lines=lines,
                      changed=changed, revision=self.revision + 1, actor=actor, role=role)

    @event("Revised")
    def _revised(self, edit: dict, edits: dict, settings: dict, figures: dict, lines: list,
                 changed: list, revision: int, actor: str, role: str) -> None:
        self.edits, self.settings, self.figures, self.lines = edits, settings, figures, lines
        self.changed, self.revision = changed, revision

    def submit(self, *, actor: str, role: str) -> None:
        self.check_editable()
        if role != "perencana":
            raise DomainError("Hanya perencana BKD yang dapat mengajukan rencana.")
        if not self.lines:
            raise DomainError("Rencana tanpa baris mutasi tidak dapat diajukan.")
        self._submitted(lines=len(self.lines), actor=actor, role=role)

    @event("Submitted")
    def _submitted(self, lines: int, actor: str, role: str) -> None:
        self.status = "submitted"

    # --- after submission: the plan's life follows its lines -----------------------------------
    def advance(self, *, to: str, actor: str, role: str) -> None:
        """submitted → decided (every line decided) → decreed (an SK for its approved lines) →
        closed (every line executed, rejected or withdrawn); the use case says when."""
        if to not in LIFE or LIFE.index(to) <= LIFE.index(self.status):
            raise DomainError(f"Rencana berstatus '{PLAN_STATES[self.status]}' tidak dapat menjadi "
                              f"'{PLAN_STATES.get(to, to)}'.")
        {"decided": self._decided, "decreed": self._decreed, "closed": self._closed}[to](actor=actor, role=role)

    @event("Decided")
    def _decided(self, actor: str, role: str) -> None:
        self.status = "decided"

    @event("Decreed")
    def _decreed(self, actor: str, role: str) -> None:
        self.status = "decreed"

    @event("Closed")
    def _closed(self, actor: str, role: str) -> None:
        self.status = "closed"
