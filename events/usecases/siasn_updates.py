"""The "update SIASN" list: every move executed after its SK, in the layout BKD keys into SIASN
(NIP, nama, jabatan and unor before and after, nomor and tanggal SK, TMT). The moves and posts come
from the views; the SK's date from the proposal itself (the views keep its number and TMT only)."""
from __future__ import annotations

from datetime import date
from typing import Iterator

from domain.access import Actor
from domain.proposal import Proposal
from events.app import Mutasi
from events.readside.readmodels import PositionRow, ProposalRow, UnitRow

FIELDS = ("nip", "nama", "jabatan_lama", "unor_lama", "jabatan_baru", "unor_baru", "nomor_sk",
          "tanggal_sk", "tmt")


def siasn_updates(app: Mutasi, actor: Actor, since: date | None = None) -> Iterator[dict]:
    """Executed moves by TMT (from `since` on, when given), one record per move."""
    actor.require("export_records")
    units = dict(UnitRow.select(UnitRow.code, UnitRow.name).tuples())
    posts = {code: (name, units.get(unit, unit)) for code, name, unit in
             PositionRow.select(PositionRow.code, PositionRow.name, PositionRow.unit_code).tuples()}
    query = ProposalRow.select().where(ProposalRow.state == "executed")
    if since is not None:
        query = query.where(ProposalRow.tmt >= since)
    for row in query.order_by(ProposalRow.tmt, ProposalRow.nip).iterator():
        decree = app.load(Proposal, row.id, "Usulan").decree or {}
        old, new = posts.get(row.from_post, (row.from_post, "")), posts.get(row.to_post, (row.to_post, ""))
        sk_date = decree.get("sk_date")
        yield {"nip": row.nip, "nama": row.name, "jabatan_lama": old[0], "unor_lama": old[1],
               "jabatan_baru": new[0], "unor_baru": new[1], "nomor_sk": row.sk_number,
               "tanggal_sk": sk_date.strftime("%d-%m-%Y") if sk_date else "",
               "tmt": row.tmt.strftime("%d-%m-%Y") if row.tmt else ""}
