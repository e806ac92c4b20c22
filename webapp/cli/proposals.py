"""`mutasi proposals [--state S] --json`: every proposal with its steps, for BKD and for checks."""
from __future__ import annotations

import json

import click

from domain.labels import label
from events.readside import approval_queries

STATES = ("open", "approved", "decreed", "executed", "rejected", "withdrawn", "returned")


@click.command("proposals")
@click.option("--state", type=click.Choice(STATES), default=None, help="Hanya usulan berstatus ini.")
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON.")
def proposals(state: str | None, as_json: bool):
    """Mencetak setiap usulan mutasi dengan langkah-langkahnya (siapa, kapan, hasil, alasan)."""
    from webapp.cli.common import open_system
    open_system()
    rows = approval_queries.export_proposals(state)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, default=str))
        return
    for row in rows:
        click.echo(f"{row['id']}  {row['nip']}  {row['from_post']} → {row['to_post']}  {label('proposal_summary', row['state'])}  "
                   f"({len(row['steps'])} langkah)")
