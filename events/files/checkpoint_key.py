"""The installation's checkpoint key: an Ed25519 key in the data folder (`checkpoint-key.pem`,
0600), created at the first start, that signs the log's head (`domain.checkpoint.Checkpoint`).
Its public half is printed by `mutasi audit pubkey` and shown on the audit page and in exports."""
from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from domain import event_links
from domain.rules import DomainError
from events.files.signing import write_new


@dataclass(frozen=True)
class CheckpointSigner:
    key_file: Path

    @classmethod
    def at(cls, key_file: Path) -> "CheckpointSigner":
        signer = cls(Path(key_file))
        if not signer.key_file.exists():
            pem = Ed25519PrivateKey.generate().private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
            write_new(signer.key_file, pem)
        signer.private_key()
        return signer

    def private_key(self) -> Ed25519PrivateKey:
        try:
            key = serialization.load_pem_private_key(self.key_file.read_bytes(), password=None)
        except (ValueError, TypeError) as error:
            raise DomainError(f"Kunci checkpoint {self.key_file} tidak dapat dibaca (PEM): {error}") from None
        if not isinstance(key, Ed25519PrivateKey):
            raise DomainError(f"Kunci checkpoint {self.key_file} harus kunci Ed25519.")
        return key

    def public_pem(self) -> str:
        return self.private_key().public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode("ascii")

    def fingerprint(self) -> str:
        return event_links.fingerprint(self.public_pem())

    def sign(self, position: int, link_hex: str) -> str:
        """Base64 Ed25519 signature of the checkpoint message."""
        message = event_links.checkpoint_message(position, link_hex)
        return base64.b64encode(self.private_key().sign(message)).decode("ascii")
