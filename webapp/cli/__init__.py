"""The `mutasi` command line: demo data, serving, statistics, projections and accounts."""
from __future__ import annotations

import json
import time

import click

from domain.formats import angka
from domain.labels import label
from events.readside import projections, queries
from events.readside.as_of import clean_day
from webapp.cli import audit, backup, competence, decree, export, findings, imports, proposals, serve, survey, users
from webapp.cli.common import Commands, open_system, progress_printer


@click.group(cls=Commands)
def main():
    """Mutasi: perencanaan, persetujuan dan audit mutasi ASN Pemerintah Kota Sibolga."""


@main.command()
@click.option("--scale", default=1, type=click.IntRange(1, 50), help="Pengali ukuran kota (10 ≈ 30.000 ASN).")
@click.option("--seed", default=42, type=int, help="Benih acak (hasil sama untuk benih sama).")
@click.option("--if-empty", is_flag=True, help="Lewati tanpa galat bila data sudah ada.")
def demo(scale: int, seed: int, if_empty: bool):
    """Memuat kota Sibolga sintetis ke basis data kosong (atau menyelesaikan demo yang terputus)."""
    from events.demo.loader import DEMO_PASSWORD, DEMO_USERS, demo_unfinished, load_demo
    from events.usecases import accounts
    system = open_system(up_to_date=False)  # the loader projects what it loads
    if demo_unfinished():
        click.echo("Demo sebelumnya tidak selesai: sisanya dihapus dan demo dimuat ulang.", err=True)
    elif if_empty and system.event_count() > 0:
        click.echo(f"Data sudah ada ({system.event_count()} kejadian di {system.storage.describe()}).")
    if demo_unfinished() or not (if_empty and system.event_count() > 0):
        started = time.perf_counter()
        summary = load_demo(system, scale, seed, progress_printer("Membangun riwayat"))
        click.echo(f"Demo dimuat dalam {time.perf_counter() - started:.1f} detik: {json.dumps(summary)}")
    existing = {u["username"] for u in accounts.list_users()}
    demo_users = [u for u in DEMO_USERS if u[0] in existing]
    if not demo_users:
        click.echo("Basis data ini tidak memiliki akun demo.")
        return
    click.echo(f"Akun demo (kata sandi semua: {DEMO_PASSWORD}):")
    for username, role, unit, _ in demo_users:
        click.echo(f"  {username:18} {label('role', role)}{' ' + unit if unit else ''}")


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON.")
@click.option("--as-of", "as_of", metavar="TTTT-BB-HH", help="Jumlah per tanggal itu (waktu pencatatan, WIB).")
def stats(as_json: bool, as_of: str | None):
    """Jumlah pegawai, jabatan, unit, kejadian, dan isi setiap modul (survei, konsultasi, evaluasi...);
    hari ini, atau per tanggal dengan --as-of."""
    from events.usecases import accounts
    system = open_system()
    if as_of is None:
        figures = {**queries.stats(system.event_count()), **queries.module_counts(),
                   "users": sum(1 for user in accounts.list_users() if user["active"])}
    else:
        view = system.as_of.at(clean_day(as_of, "--as-of"))
        with view.reading():
            figures = {**queries.stats(view.position), **queries.module_counts(),
                       "as_of": view.day.isoformat()}
    click.echo(json.dumps(figures) if as_json else
               "\n".join(f"{label('stat', k)}: {v if k == 'as_of' else angka(v)}" for k, v in figures.items()))


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON.")
def units(as_json: bool):
    """Setiap unit: kode, nama, kebutuhan ABK dan bezetting."""
    system = open_system()
    rows = queries.list_units()
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False))
    else:
        for r in rows:
            click.echo(f"{r['code']:14} {r['need']:5} {r['actual']:5} {r['gap']:+5}  {r['name']}")


@main.group("projections")
def projections_group():
    """Tampilan baca (read models) yang dibangun dari log kejadian."""


@projections_group.command("rebuild")
def rebuild():
    """Membuang semua tampilan baca lalu memutar ulang seluruh log."""
    system = open_system(up_to_date=False)
    started = time.perf_counter()
    count = system.rebuild_views(progress_printer("Memutar ulang"))
    seconds = time.perf_counter() - started
    click.echo(json.dumps({"events": count, "seconds": round(seconds, 3),
                           "events_per_second": round(count / max(seconds, 1e-9))}))


@projections_group.command("status")
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON.")
def status(as_json: bool):
    """Posisi tampilan baca, ujung log, dan kejadian yang gagal diproyeksikan."""
    state = open_system().status()
    if as_json:
        click.echo(json.dumps(state, ensure_ascii=False))
        return
    click.echo(f"Tampilan baca di posisi {state['position']} dari {state['head']} kejadian.")
    if not state["faults"]:
        click.echo("Tidak ada kejadian yang gagal diproyeksikan.")
    for fault in state["faults"]:
        outcome = (f"dikoreksi oleh kejadian #{fault['resolved_by']}" if fault["resolved_by"]
                   else f"GAGAL: {fault['error']}")
        click.echo(f"  kejadian #{fault['position']} {label('event', fault['type'])} [{fault['type']}] "
                   f"({fault['aggregate_id']}): {outcome}")


@projections_group.command("snapshots")
def snapshots():
    """Membuat sekarang snapshot per tanggal yang belum ada (biasanya dibuat mutasi serve di latar)."""
    system = open_system()
    started = time.perf_counter()
    built = system.as_of.build_snapshots()
    click.echo(json.dumps({"built": built, "snapshots": list(system.as_of.snapshots()),
                           "every": system.as_of.settings.spacing(system.event_count()),
                           "seconds": round(time.perf_counter() - started, 3)}))


@projections_group.command("checksum")
def checksum():
    """Sidik digital semua baris tampilan baca (urutan kanonik)."""
    system = open_system()
    click.echo(projections.checksum())


@main.command()
@click.option("--problem", "problem_file", type=click.Path(exists=True, dir_okay=False),
              help="Soal penempatan polos (JSON) yang tidak bergantung pada basis data.")
@click.option("--max-moves", type=click.IntRange(0), default=None, help="Batas jumlah mutasi.")
@click.option("--solver", type=click.Choice(["cbc", "highs"]), default="cbc", show_default=True)
@click.option("--time-limit", type=click.FloatRange(0.1, 3600), default=60.0, show_default=True)
@click.option("--gap", type=click.FloatRange(0, 1), default=1e-3, show_default=True)
@click.option("--name", default=None, help="Nama draf (untuk rencana kota).")
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON.")
def plan(problem_file, max_moves, solver, time_limit, gap, name, as_json):
    """Menyusun rencana mutasi optimal (kota dari data saat ini, atau --problem FILE)."""
    if problem_file:
        from domain.planner import solve_file
        try:
            result = solve_file(problem_file, solver=solver, time_limit=time_limit, gap=gap)
        except ValueError as error:
            raise click.ClickException(str(error)) from None
        click.echo(json.dumps(result, ensure_ascii=False) if as_json else
                   f"{label('solver_status', result['status'])}: objektif {angka(result['objective'])}, "
                   f"gap {angka(result['gap'], 4)}")
        return
    draft_city_plan(max_moves, solver, time_limit, gap, name, as_json)


def draft_city_plan(max_moves, solver, time_limit, gap, name, as_json):
    from domain.access import Actor
    from events.usecases import planning
    system = open_system()
    settings = {"solver": solver, "time_limit": time_limit, "gap": gap, "max_moves": max_moves}
    actor = Actor("cli", "perencana")
    plan_id = planning.draft_from_views(system.app, actor, name or "Draf dari baris perintah",
                                        settings, progress=lambda m: click.echo(m, err=True))
    summary = planning.get_plan(system.app, plan_id)
    lines = [{key: line.get(key) for key in ("nip", "name", "from_post", "to_post", "score", "jpm")}
             for line in summary["lines"]]
    click.echo(json.dumps({"plan_id": str(plan_id), **summary["figures"], "lines": lines},
                          ensure_ascii=False, default=str)
               if as_json else f"Draf {plan_id}: {angka(len(lines))} mutasi")


main.add_command(serve.serve)
main.add_command(backup.backup_command)
main.add_command(backup.restore_command)
main.add_command(users.users)
main.add_command(survey.survey)
main.add_command(audit.audit_group)
main.add_command(proposals.proposals)
main.add_command(decree.sk_cert)
main.add_command(export.export)
main.add_command(imports.import_command)
main.add_command(competence.competence_group)
main.add_command(findings.findings_group)

