"""The installation's signing key: a PAdES signature on each SK (pyHanko), so any PDF reader shows
whether the file was changed after it was signed.

At set-up (the first start of a System) an ECDSA P-256 key and a self-signed certificate
"Pemerintah Kota Sibolga — Mutasi (uji/instalasi)" are created in the data folder (files 0600).
Production replaces them with a key and a certificate from a certification authority, at the same
paths or at the paths in `MUTASI_SK_KEY` / `MUTASI_SK_CERT` (`events.store.Storage`).
"""
from __future__ import annotations

import io
import os
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID, ObjectIdentifier
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko.sign.fields import MDPPerm, SigSeedSubFilter

from domain.rules import DomainError
from events.files.documents import content_hash

SUBJECT = "Pemerintah Kota Sibolga — Mutasi (uji/instalasi)"
VALID_YEARS = 10
FIELD = "TTE-Wali-Kota-Sibolga"
DOCUMENT_SIGNING = ObjectIdentifier("1.3.6.1.5.5.7.3.36")  # RFC 9336 id-kp-documentSigning


@dataclass(frozen=True)
class DecreeSigner:
    key_file: Path
    cert_file: Path

    @classmethod
    def at(cls, key_file: Path, cert_file: Path) -> "DecreeSigner":
        """The signer for these files, creating a key (and its self-signed certificate) if absent."""
        signer = cls(Path(key_file), Path(cert_file))
        if not signer.key_file.exists():
            write_new(signer.key_file, new_key_pem())
        key = signer.private_key()
        if not signer.cert_file.exists():
            write_new(signer.cert_file, self_signed_pem(key))
        try:
            certificate = signer.certificate()
        except ValueError as error:
            raise DomainError(f"Sertifikat {signer.cert_file} tidak dapat dibaca (PEM): {error}") from None
        if certificate.public_key() != key.public_key():
            raise DomainError(f"Sertifikat {signer.cert_file} bukan pasangan kunci {signer.key_file}; "
                              "pasang keduanya dari sumber yang sama.")
        return signer

    def private_key(self):
        try:
            return serialization.load_pem_private_key(self.key_file.read_bytes(), password=None)
        except (ValueError, TypeError) as error:
            raise DomainError(f"Kunci {self.key_file} tidak dapat dibaca (PEM tanpa kata sandi): "
                              f"{error}") from None

    def certificate(self) -> x509.Certificate:
        return x509.load_pem_x509_certificate(self.cert_file.read_bytes())

    def certificate_pem(self) -> str:
        return self.certificate().public_bytes(serialization.Encoding.PEM).decode()

    def fingerprint(self) -> str:
        """SHA-256 of the certificate (DER), as PDF readers and `openssl x509 -fingerprint` show it."""
        digest = content_hash(self.certificate().public_bytes(serialization.Encoding.DER))
        return ":".join(digest[i:i + 2] for i in range(0, len(digest), 2)).upper()

    def sign(self, pdf: bytes, *, signer_name: str, reason: str) -> bytes:
        """A certifying PAdES (B-B) signature over the whole file: no later change is permitted."""
        signer = signers.SimpleSigner.load(str(self.key_file), str(self.cert_file))
        meta = signers.PdfSignatureMetadata(
            field_name=FIELD, md_algorithm="sha256", subfilter=SigSeedSubFilter.PADES, certify=True,
            docmdp_permissions=MDPPerm.NO_CHANGES, name=signer_name, reason=reason, location="Sibolga")
        output = signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), meta, signer=signer)
        return output.getvalue()


def new_key_pem() -> bytes:
    return ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())


def self_signed_pem(key) -> bytes:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, SUBJECT),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Pemerintah Kota Sibolga"),
                      x509.NameAttribute(NameOID.COUNTRY_NAME, "ID")])
    now = datetime.now(timezone.utc)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5)).not_valid_after(now + timedelta(days=365 * VALID_YEARS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                     crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([DOCUMENT_SIGNING]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256()))
    return certificate.public_bytes(serialization.Encoding.PEM)


def write_new(path: Path, data: bytes) -> None:
    """Creates the file readable by its owner only, whole or not at all; when another process got
    there first, its file stays."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
    try:
        os.link(partial, path)
    except FileExistsError:
        pass
    finally:
        partial.unlink()
