"""The Jinja filters every template uses for what a person reads, registered once by create_app:
`label` (domain/labels.py: "draft"|label('plan_state') → Draf), `tanggal` (29 November 2026),
`waktu` (29 November 2026 07.15 WIB), `angka` (2.710; 91,48) — domain/formats.py, with Babel."""
from __future__ import annotations

from flask import Flask

from domain.formats import angka, tanggal, waktu
from domain.labels import label


def register_filters(app: Flask) -> None:
    app.add_template_filter(lambda key, kind: label(kind, key), "label")
    for function in (tanggal, waktu, angka):
        app.add_template_filter(function)
