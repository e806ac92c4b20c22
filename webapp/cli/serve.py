"""`mutasi serve`: waitress for one process, gunicorn for several (`--workers N`).

With several workers the master opens the database once (tables, migrations, the views up to date)
and closes it before forking; each worker then opens its own System (connections do not survive a
fork). On PostgreSQL one of them runs the projection (events/readside/runner_lock.py) and the others
only read; login throttling and rate limits are counted in the database, so they hold for all.
"""
from __future__ import annotations

import os

import click
from gunicorn.app.base import BaseApplication

from webapp.cli.common import open_system


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, type=click.IntRange(1, 65535), show_default=True)
@click.option("--threads", default=8, type=click.IntRange(1, 64), show_default=True,
              help="Utas per proses.")
@click.option("--workers", default=1, type=click.IntRange(1, 32), show_default=True,
              help="Jumlah proses (lebih dari 1: gunicorn; sebaiknya dengan PostgreSQL).")
def serve(host: str, port: int, threads: int, workers: int):
    """Menjalankan aplikasi web (waitress; gunicorn bila --workers > 1)."""
    system = open_system()
    where = system.storage.describe()
    if workers == 1:
        from waitress import serve as waitress_serve

        from webapp import create_app
        click.echo(f"Mutasi siap di http://{host}:{port} ({where})")
        waitress_serve(create_app(system), host=host, port=port, threads=threads, ident="mutasi")
        return
    system.close()  # the workers open their own connections after the fork
    click.echo(f"Mutasi siap di http://{host}:{port} ({where}, {workers} proses × {threads} utas)")
    Server({"bind": f"{host}:{port}", "workers": workers, "threads": threads, "worker_class": "gthread",
            "timeout": 120, "graceful_timeout": 20, "keepalive": 15, "accesslog": None, "errorlog": "-",
            "loglevel": "warning", "proc_name": "mutasi"}).run()


class Server(BaseApplication):
    """gunicorn with the app built inside each worker."""

    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from events.system import System
        from webapp import create_app
        os.environ["CREATE_TABLE"] = "no"  # the master created the event store's tables already
        return create_app(System.open())
