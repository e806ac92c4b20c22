"""An independent check of a city plan, the way a BKD officer reads it: from the exports
(`mutasi export employees|positions --format jsonl`) and `mutasi plan --json` only, never the
planner's own code. A plan line is refused when it
- changes the person's jabatan fungsional (or moves between a JF and a pelaksana post),
- breaks a credential or a degree (the target post's STR / sertifikat pendidik with its subject, its
  education levels and fields),
- moves a school principal, or takes from a unit the last holder of a JF (of a JF and subject,
  for teachers: the school's only Guru PJOK) or of a post without JF (its only Lurah), or
- takes someone from a post at or below its need to a post that is not more urgent: the target
  must be short, and in a unit of higher service priority, or of the same priority with a larger
  share of its need missing.

    MUTASI_DATA_DIR=/tmp/x python -m tests.demo_plan_checks     # after `mutasi demo`: prints JSON
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EDUCATION_RANK = {"SD": 0, "SMP": 1, "SMA": 2, "D1": 3, "D2": 4, "D3": 5, "D4": 6, "S1": 6,
                  "S2": 7, "S3": 8}


def _jsonl(*args: str, env: dict) -> list[dict]:
    out = subprocess.run([sys.executable, "-m", "webapp.cli", *args], cwd=ROOT, env=env,
                         capture_output=True, text=True, check=True, timeout=600).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def load(env: dict) -> tuple[list, list, dict]:
    """(employees, positions, plan) of the installation in env["MUTASI_DATA_DIR"]."""
    people = _jsonl("export", "employees", "--format", "jsonl", env=env)
    posts = _jsonl("export", "positions", "--format", "jsonl", env=env)
    out = subprocess.run([sys.executable, "-m", "webapp.cli", "plan", "--json"], cwd=ROOT, env=env,
                         capture_output=True, text=True, check=True, timeout=600).stdout
    return people, posts, json.loads(out)


def unit_ratio(posts: list[dict]) -> dict[str, float]:
    """The share of each unit's need that is missing (kekurangan per post, summed)."""
    need, short = Counter(), Counter()
    for p in posts:
        need[p["unit"]] += p["abk_need"]
        short[p["unit"]] += max(0, p["abk_need"] - p["holders"])
    return {u: short[u] / need[u] if need[u] else 0.0 for u in need}


def more_urgent(source: dict, target: dict, ratio: dict) -> bool:
    if target["holders"] >= target["abk_need"]:
        return False
    if target["service_priority"] != source["service_priority"]:
        return target["service_priority"] < source["service_priority"]
    return ratio[target["unit"]] > ratio[source["unit"]]


def holds(person: dict, credential: dict, today: date) -> bool:
    return any(c["type"] == credential["type"] and c["subject"] == credential["subject"]
               and (c["valid_until"] is None or date.fromisoformat(c["valid_until"]) >= today)
               for c in person["credentials"])


def group(post: dict) -> tuple:
    """The holders a unit must not lose all of: its JF (with the credential's subject, when that
    says more), else the post's name."""
    credential = post["credential"]
    what = post["jf"] or post["name"]
    if post["jf"] and credential and credential["subject"] != post["jf"]:
        what = (post["jf"], credential["subject"])
    return post["unit"], what


def problems(people: list[dict], posts: list[dict], lines: list[dict],
             today: date | None = None) -> dict[str, list]:
    """{check: [(nip, from_post, to_post), ...]} for every line a BKD officer would refuse."""
    today = today or date.today()
    person = {p["nip"]: p for p in people}
    post = {p["code"]: p for p in posts}
    ratio = unit_ratio(posts)
    before, after = Counter(), Counter()
    for p in posts:
        before[group(p)] += p["holders"]
        after[group(p)] += p["holders"]
    for line in lines:
        after[group(post[line["from_post"]])] -= 1
        after[group(post[line["to_post"]])] += 1
    found: dict[str, list] = defaultdict(list)
    for line in lines:
        who, src, dst = person[line["nip"]], post[line["from_post"]], post[line["to_post"]]
        key = (line["nip"], src["code"], dst["code"])
        if (src["jf"], src["type"].startswith("fungsional")) != \
                (dst["jf"], dst["type"].startswith("fungsional")) or \
                (dst["jf"] and who["jf"] and who["jf"] != dst["jf"]):
            found["jf_changed"].append(key)
        if dst["credential"] and not holds(who, dst["credential"], today):
            found["credential_broken"].append(key)
        if dst["education_levels"] and not any(
                EDUCATION_RANK.get(who["education_level"], -1) >= EDUCATION_RANK[level]
                for level in dst["education_levels"]):
            found["education_level"].append(key)
        if dst["education_fields"] and who["education_field"] not in dst["education_fields"]:
            found["education_field"].append(key)
        if src["name"] == "Kepala Sekolah" or after[group(src)] == 0:
            found["emptied"].append(key)
        if src["holders"] <= src["abk_need"] and not more_urgent(src, dst, ratio):
            found["not_more_urgent"].append(key)
    return dict(found)


def main() -> None:
    env = {**os.environ}
    people, posts, plan = load(env)
    found = problems(people, posts, plan["lines"])
    print(json.dumps({"lines": len(plan["lines"]), "shortage_before": plan["shortage_before"],
                      "shortage_after": plan["shortage_after"],
                      "refused": {k: len(v) for k, v in found.items()},
                      "examples": {k: v[:3] for k, v in found.items()}}, indent=2))


if __name__ == "__main__":
    main()
