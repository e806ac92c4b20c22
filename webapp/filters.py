"""The Jinja filters every template uses for what a person reads, registered once by create_app:
`label` (domain/labels.py: "draft"|label('plan_state') → Draf), `tanggal` (29 November 2026),
`waktu` (29 November 2026 07.15 WIB), `angka` (2.710; 91,48) — domain/formats.py, with Babel —
and posts and units by name, the code as secondary text: `jabatan` ("DISPERPUS-PENGADM-UMUM" →
Pengadministrasi Umum <small class="muted">DISPERPUS-PENGADM-UMUM</small>), `unit` (the same for a
unit), `nama_jabatan` / `nama_unit` (the name alone, for attributes and short sentences). The names
are read once per request (events/readside/names.py); an unknown code is shown as it is."""
from __future__ import annotations

from flask import Flask, g
from markupsafe import Markup, escape

from domain.formats import angka, tanggal, waktu
from domain.labels import label
from events.readside.names import post_and_unit_names


def names() -> tuple[dict, dict]:
    if "code_names" not in g:
        g.code_names = post_and_unit_names()
    return g.code_names


def nama_jabatan(code: str | None) -> str:
    return names()[0].get(code, (code or "",))[0]


def nama_unit(code: str | None) -> str:
    return names()[1].get(code, code or "")


def with_code(name: str, code: str | None) -> Markup:
    if not code or name == code:
        return escape(code or "—")
    return Markup('{} <small class="muted">{}</small>').format(name, code)


def jabatan(code: str | None) -> Markup:
    return with_code(nama_jabatan(code), code)


def unit(code: str | None) -> Markup:
    return with_code(nama_unit(code), code)


def register_filters(app: Flask) -> None:
    app.add_template_filter(lambda key, kind: label(kind, key), "label")
    for function in (tanggal, waktu, angka, jabatan, unit, nama_jabatan, nama_unit):
        app.add_template_filter(function)
