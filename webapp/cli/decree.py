"""`mutasi sk-cert`: the certificate that signs this installation's SKs, for whoever checks one."""
from __future__ import annotations

import click


@click.command("sk-cert")
def sk_cert():
    """Sertifikat penanda tangan SK (PEM ke keluaran standar) dan sidik SHA-256-nya.

    Kunci dan sertifikat dibuat saat instalasi pertama kali dijalankan; `mutasi sk-cert > sk-cert.pem`
    menyimpan sertifikat untuk memeriksa SK, misalnya `pyhanko sign validate --trust sk-cert.pem SK.pdf`.
    """
    from webapp.cli.common import open_system
    signer = open_system().app.decree_signer
    certificate = signer.certificate()
    click.echo(f"Sertifikat: {signer.cert_file.resolve()} (kunci: {signer.key_file.resolve()})", err=True)
    click.echo(f"Subjek: {certificate.subject.rfc4514_string()}", err=True)
    click.echo(f"Berlaku: {certificate.not_valid_before_utc:%Y-%m-%d} s.d. "
               f"{certificate.not_valid_after_utc:%Y-%m-%d}", err=True)
    click.echo(f"SHA-256: {signer.fingerprint()}", err=True)
    click.echo(signer.certificate_pem(), nl=False)
