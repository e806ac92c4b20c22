"""`mutasi audit bundle OUT`: the stored log with its links and checkpoints as one archive (tar,
gzip), with the standalone verifier inside, so an inspector needs Python and `cryptography` only:

    tar -xzf bundle.tar.gz verify_bundle.py && python verify_bundle.py bundle.tar.gz --pubkey kunci.pem

Members: manifest.json (installation's public key, head position and link, last checkpoint,
counts), log.jsonl (position, originator_id, version, topic, state in base64), links.jsonl
(position, prev_position, digest, link in hex), checkpoints.jsonl (the checkpoint events' data),
verify_bundle.py (domain/event_links.py itself)."""
from __future__ import annotations

import base64
import io
import json
import os
import tarfile
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from uuid import UUID

from domain import event_links
from events.links import stored_rows

VERIFIER = Path(event_links.__file__)


def write_bundle(recorder, public_key: str, target: Path) -> dict:
    """Writes the archive whole or not at all (mode 0600: the log holds personal data)."""
    target = Path(target)
    summary = {"events": 0, "links": 0, "checkpoints": 0, "head_position": None, "head_link": None,
               "last_checkpoint": None}
    with tempfile.TemporaryDirectory(dir=target.parent) as work:
        log_file, link_file, cp_file = (Path(work) / n for n in ("log.jsonl", "links.jsonl", "checkpoints.jsonl"))
        with (open(log_file, "w", encoding="utf-8") as log, open(link_file, "w", encoding="utf-8") as linked,
              open(cp_file, "w", encoding="utf-8") as checkpoints):
            for position, originator, version, topic, state, prev_position, content, link in stored_rows(recorder):
                if originator is not None:
                    write_event(log, checkpoints, summary, position, originator, version, topic, bytes(state))
                if link is not None:
                    linked.write(json.dumps({"position": position, "prev_position": prev_position,
                                             "digest": bytes(content).hex(), "link": bytes(link).hex()}) + "\n")
                    summary["links"] += 1
                    if position > (summary["head_position"] or 0):
                        summary["head_position"], summary["head_link"] = position, bytes(link).hex()
        manifest = {"format": "mutasi-log-bundle-1", "created_at": datetime.now(timezone.utc).isoformat(),
                    "public_key": public_key, "public_key_sha256": event_links.fingerprint(public_key),
                    **summary}
        partial = Path(work) / "bundle.tar.gz"
        with tarfile.open(partial, "w:gz") as archive:
            add_bytes(archive, "manifest.json", json.dumps(manifest, indent=2).encode("utf-8"))
            for path in (log_file, link_file, cp_file):
                archive.add(path, arcname=path.name)
            add_bytes(archive, "verify_bundle.py", VERIFIER.read_bytes())
        os.chmod(partial, 0o600)
        os.replace(partial, target)
    return {**summary, "bytes": target.stat().st_size}


def write_event(log, checkpoints, summary: dict, position, originator, version, topic, state) -> None:
    log.write(json.dumps({"position": position, "originator_id": str(UUID(bytes=bytes(originator))),
                          "version": version, "topic": topic, "state": base64.b64encode(state).decode("ascii")})
              + "\n")
    summary["events"] += 1
    if topic == event_links.CHECKPOINT_TOPIC:
        data = json.loads(state)
        checkpoint = {k: data[k] for k in ("position", "link", "public_key", "signature")}
        checkpoints.write(json.dumps({"event_position": position, **checkpoint}) + "\n")
        summary["checkpoints"] += 1
        summary["last_checkpoint"] = checkpoint


def add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(datetime.now(timezone.utc).timestamp()), 0o644
    archive.addfile(info, io.BytesIO(data))
