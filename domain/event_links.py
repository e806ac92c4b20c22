"""The tamper evidence of the stored event log: the one definition of a link and of a signed
checkpoint, the verdict over a whole log, and (run as a script) the standalone verifier of a bundle
written by `mutasi audit bundle`. Standard library and `cryptography` only:

    python event_links.py BUNDLE.tar.gz [--pubkey installation.pem ...] [--json]
    python event_links.py sign --key inspector.pem --position P --link HEX   (a countersignature)

Definitions (all hashes SHA-256, integers big-endian, UUIDs as their 16 bytes):
    digest(event) = H("mutasi.event.v1" 0x00 | originator id | version (8) | len(topic) (4) | topic UTF-8 | state)
    link(p)       = H("mutasi.link.v1" 0x00 | position p (8) | digest | link of the previous stored event)
The first event's previous link is 32 zero bytes. Positions are the store's notification ids
(increasing, not always consecutive). A link keeps (position, previous position, digest, link);
the previous position and the digest only help to name what went wrong.
A checkpoint event (topic CHECKPOINT_TOPIC) carries `position`, `link` (hex), `public_key` (PEM) and
`signature` (base64 Ed25519) over CHECKPOINT_MESSAGE; a countersignature (COUNTERSIGN_TOPIC) carries
the same `position` and `link`, the inspector's `public_key` and their `signature` of that message.
"""
from __future__ import annotations

import base64
import hashlib
import json
import struct
import sys
from bisect import bisect_right
from dataclasses import asdict, dataclass
from typing import Callable, Iterable, Iterator
from uuid import UUID

ZERO = bytes(32)
CHECKPOINT_TOPIC = "domain.checkpoint:Checkpoint.Created"
COUNTERSIGN_TOPIC = "domain.checkpoint:Checkpoint.Countersigned"
PROBLEMS = {
    "content_changed": "isi kejadian berubah setelah dicatat",
    "event_missing": "kejadian hilang (dihapus dari log)",
    "order_changed": "urutan kejadian berubah (kejadian ditukar)",
    "forged_link": "kejadian atau tautan palsu disisipkan",
    "bad_signature": "tanda tangan checkpoint tidak sah",
}
_pack_head = struct.Struct(">16sqI").pack
_pack_position = struct.Struct(">q").pack
_sha = hashlib.sha256


def uuid_bytes(originator_id) -> bytes:
    if isinstance(originator_id, UUID):
        return originator_id.bytes
    return UUID(str(originator_id)).bytes


def digest(originator_id: bytes, version: int, topic: str, state: bytes) -> bytes:
    """The content of one stored event; `originator_id` as 16 bytes (uuid_bytes)."""
    encoded = topic.encode("utf-8")
    return _sha(b"mutasi.event.v1\x00" + _pack_head(originator_id, version, len(encoded)) + encoded
                + state).digest()


def link(position: int, content: bytes, previous: bytes) -> bytes:
    return _sha(b"mutasi.link.v1\x00" + _pack_position(position) + content + previous).digest()


def checkpoint_message(position: int, link_hex: str) -> bytes:
    return f"mutasi.checkpoint.v1\n{int(position)}\n{link_hex.lower()}\n".encode("ascii")


def verify_signature(public_key_pem: str, signature_b64: str, message: bytes) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    from cryptography.hazmat.primitives.serialization import load_pem_public_key
    try:
        key = load_pem_public_key(public_key_pem.encode("ascii"))
        if not isinstance(key, Ed25519PublicKey):
            return False
        key.verify(base64.b64decode(signature_b64, validate=True), message)
        return True
    except (InvalidSignature, ValueError, TypeError, UnicodeError):
        return False


def fingerprint(public_key_pem: str) -> str:
    """SHA-256 of the PEM text without surrounding blanks (what the audit page shows)."""
    return _sha(public_key_pem.strip().encode("ascii")).hexdigest()


@dataclass
class Verdict:
    ok: bool
    events: int
    checkpoints: int
    first_bad_position: int | None = None
    problem: str | None = None
    message: str = ""
    head_position: int | None = None
    head_link: str | None = None

    def as_dict(self) -> dict:
        return asdict(self)


class _Bad(Exception):
    def __init__(self, position: int, problem: str, detail: str):
        super().__init__(detail)
        self.position, self.problem, self.detail = position, problem, detail


# A row: (position, originator id as 16 bytes, version, topic, state, prev_position, digest, link),
# in increasing position; the event's four fields are None when only its link row is left, the link
# row's three when the event has none. Rows of links without events may also come last, out of order.
Row = tuple


class Walk:
    """Re-computes every link in order and checks every checkpoint as it passes."""

    def __init__(self, trusted_keys: Iterable[str] = (), find_digest: Callable[[bytes], int | None] | None = None):
        self.trusted = {fingerprint(k) for k in trusted_keys if k.strip()}
        self.find_digest = find_digest or (lambda d: None)
        self.links: dict[int, bytes] = {}
        self.positions: list[int] = []
        self.checkpoints = 0
        self.previous, self.previous_position = ZERO, 0

    @property
    def events(self) -> int:
        return len(self.positions)

    def run(self, rows: Iterable[Row]) -> Verdict:
        try:
            self.walk(rows)
        except _Bad as bad:
            return Verdict(False, self.events, self.checkpoints, bad.position, bad.problem,
                           f"Posisi {bad.position}: {PROBLEMS[bad.problem]} ({bad.detail}).")
        head = self.positions[-1] if self.positions else None
        return Verdict(True, self.events, self.checkpoints, None, None,
                       f"Log utuh: {self.events} kejadian, {self.checkpoints} checkpoint bertanda tangan sah.",
                       head, self.previous.hex() if head else None)

    def walk(self, rows: Iterable[Row]) -> None:
        """The hot loop: digest() and link() per event, nothing else unless a check fails."""
        content_of, link_of, signed_topics = digest, link, (CHECKPOINT_TOPIC, COUNTERSIGN_TOPIC)
        links, positions, previous = self.links, self.positions, self.previous
        for position, originator, version, topic, state, prev_position, stored_digest, stored_link in rows:
            if stored_link is None:
                raise _Bad(position, "forged_link", "kejadian tanpa tautan")
            if originator is None:
                raise _Bad(position, "event_missing", "tautan ada, kejadiannya tidak ada")
            content = content_of(originator, version, topic, state)
            if topic in signed_topics:
                self.check_signature(position, topic, state)
            if content != stored_digest:
                self.explain_content(position, content)
            expected = link_of(position, content, previous)
            if expected != stored_link:
                self.explain_break(position, prev_position)
            links[position] = previous = self.previous = expected
            positions.append(position)
            self.previous_position = position

    def explain_content(self, position: int, content: bytes) -> None:
        elsewhere = self.find_digest(content)
        if elsewhere is not None and elsewhere != position:
            raise _Bad(min(position, elsewhere), "order_changed", f"isinya milik posisi {elsewhere}")
        raise _Bad(position, "content_changed", "isi tidak sama dengan ringkasan yang ditautkan")

    def explain_break(self, position: int, prev_position) -> None:
        """The link does not follow from the previous one: name the first position at fault."""
        if prev_position is None or prev_position == self.previous_position:
            raise _Bad(position, "forged_link", "tautan tidak sesuai dengan isi dan tautan sebelumnya")
        if prev_position >= position:
            raise _Bad(position, "order_changed", f"tautannya dibuat setelah posisi {prev_position}")
        if prev_position > self.previous_position:
            raise _Bad(prev_position, "event_missing", f"kejadian sebelum posisi {position} dihapus")
        after = bisect_right(self.positions, prev_position)
        first = self.positions[after] if after < len(self.positions) else position
        raise _Bad(first, "forged_link", f"tidak ada dalam rantai saat posisi {position} dicatat")

    def check_signature(self, position: int, topic: str, state: bytes) -> None:
        try:
            data = json.loads(bytes(state))
            signed, link_hex = int(data["position"]), str(data["link"])
            key, signature = str(data["public_key"]), str(data["signature"])
        except (ValueError, KeyError, TypeError):
            raise _Bad(position, "content_changed", "checkpoint tidak dapat dibaca") from None
        if not verify_signature(key, signature, checkpoint_message(signed, link_hex)):
            raise _Bad(position, "bad_signature", "tanda tangan tidak cocok dengan posisi dan tautannya")
        if topic == CHECKPOINT_TOPIC:
            if not self.trusted:
                self.trusted.add(fingerprint(key))  # no key given: the first checkpoint's key
            if fingerprint(key) not in self.trusted:
                raise _Bad(position, "bad_signature", f"kunci {fingerprint(key)[:16]}… bukan kunci instalasi")
            self.checkpoints += 1
        if self.links.get(signed, b"").hex() != link_hex.lower():
            raise _Bad(signed, "forged_link", f"tautannya tidak sama dengan yang ditandatangani pada posisi {position}")


def joined(events: Iterable[tuple], links: Iterable[tuple]) -> list[Row]:
    """Rows for Walk from events (position, id bytes, version, topic, state) and link rows
    (position, prev_position, digest, link)."""
    by_position: dict[int, list] = {}
    for position, *event in events:
        by_position[position] = [position, *event, None, None, None]
    for position, *link_row in links:
        by_position.setdefault(position, [position, None, None, None, None, None, None, None])[5:] = link_row
    return [tuple(by_position[p]) for p in sorted(by_position)]


# --- the bundle: log.jsonl (position, originator_id, version, topic, state base64), links.jsonl
# (position, prev_position, digest, link; hex), checkpoints.jsonl and manifest.json, in one tar file
def read_bundle(path: str) -> tuple[dict, list[tuple], list[tuple]]:
    import tarfile
    with tarfile.open(path) as archive:
        def lines(name: str):
            member = archive.extractfile(name)
            if member is None:
                raise ValueError(f"{name} tidak ada dalam bundel")
            return [json.loads(line) for line in member.read().decode("utf-8").splitlines() if line.strip()]
        manifest = json.loads(archive.extractfile("manifest.json").read())
        events = [(r["position"], bytes.fromhex(r["originator_id"].replace("-", "")), r["version"], r["topic"],
                   base64.b64decode(r["state"])) for r in lines("log.jsonl")]
        links = [(r["position"], r["prev_position"], bytes.fromhex(r["digest"]), bytes.fromhex(r["link"]))
                 for r in lines("links.jsonl")]
    return manifest, events, links


def verify_bundle(path: str, trusted_keys: Iterable[str] = ()) -> Verdict:
    manifest, events, links = read_bundle(path)
    keys = list(trusted_keys) or [manifest.get("public_key", "")]
    by_digest = {row[2]: row[0] for row in links}
    return Walk(keys, by_digest.get).run(joined(events, links))


def sign(key_file: str, position: int, link_hex: str) -> str:
    """An inspector's countersignature (base64) of a checkpoint, with their own Ed25519 key (PEM)."""
    from cryptography.hazmat.primitives.serialization import load_pem_private_key
    with open(key_file, "rb") as file:
        key = load_pem_private_key(file.read(), password=None)
    return base64.b64encode(key.sign(checkpoint_message(position, link_hex))).decode("ascii")


def main(argv: list[str]) -> int:
    import argparse
    import tarfile
    if argv[:1] == ["sign"]:
        signer = argparse.ArgumentParser(description="Menandatangani checkpoint dengan kunci Ed25519 Anda.")
        signer.add_argument("--key", required=True)
        signer.add_argument("--position", type=int, required=True)
        signer.add_argument("--link", required=True)
        options = signer.parse_args(argv[1:])
        print(sign(options.key, options.position, options.link))
        return 0
    parser = argparse.ArgumentParser(description="Memeriksa bundel log kejadian Mutasi (tautan dan checkpoint).")
    parser.add_argument("bundle")
    parser.add_argument("--pubkey", action="append", default=[],
                        help="berkas PEM kunci publik instalasi yang Anda percaya (boleh berulang)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    keys = []
    for name in args.pubkey:
        with open(name, encoding="ascii") as file:
            keys.append(file.read())
    try:
        verdict = verify_bundle(args.bundle, keys)
    except (OSError, KeyError, ValueError, TypeError, tarfile.TarError) as error:
        print(f"Bundel {args.bundle} tidak dapat dibaca: {error}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps({k: v for k, v in verdict.as_dict().items()}, ensure_ascii=False))
    else:
        print(verdict.message)
        if not keys:
            print("Peringatan: tanpa --pubkey, kunci yang dipakai adalah kunci yang tertulis di bundel itu "
                  "sendiri; bandingkan sidik jarinya dengan yang Anda terima dari instansi.", file=sys.stderr)
    return 0 if verdict.ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
