"""`StakeholderSettings`: every limit of public consultation and monitoring, with its default.

Like `domain.rules.Settings`, nothing here is a literal buried in code: the web app reads them from
the Flask config (`STAKEHOLDER_SETTINGS`) or from the environment variable
`MUTASI_STAKEHOLDER_SETTINGS` (a JSON object of overrides, e.g. `{"public_rate_limit": 10}`).
"""
from __future__ import annotations

from dataclasses import dataclass, fields, replace

from domain.limits import settings_object
from domain.rules import DomainError
from domain.survey import DECLINE_POINTS, KREJCIE_MORGAN, check_sample_table

KINDS = {"int": int, "float": (int, float), "bool": bool, "tuple": tuple}


@dataclass(frozen=True)
class StakeholderSettings:
    # --- public comments ---
    comment_min_chars: int = 10
    comment_max_chars: int = 2000
    field_max_chars: int = 120  # name, contact, the employee's name as the public knows it
    comment_max_links: int = 1  # more links than this reads as link spam
    public_rate_limit: int = 5  # submissions per client (IP) per window
    public_rate_window_seconds: int = 600
    public_max_request_bytes: int = 16_384  # a bigger public POST is refused before parsing
    # --- what the public page may show of the people concerned (leadership posts only) ---
    public_leadership_names: bool = False
    public_leadership_nips: bool = False
    leadership_types: tuple = ("jpt", "administrator")
    # --- monitoring ---
    decline_points: float = float(DECLINE_POINTS)  # score drop (points) that flags a unit (domain.survey.decline)
    evaluation_opens_days_before: int = 30  # a post-move evaluation may be filled this early
    # (population up to, fewest respondents): an SKM with fewer is "indikatif" (Krejcie–Morgan)
    skm_sample_table: tuple = KREJCIE_MORGAN
    skm_default_population: int = 0  # service users when a survey gives none; 0: unknown (largest minimum)

    def __post_init__(self):
        for item in fields(self):
            value = getattr(self, item.name)
            if not isinstance(value, KINDS[item.type]) or (item.type != "bool" and isinstance(value, bool)):
                raise DomainError(f"Pengaturan {item.name}: nilai {value!r} tidak sah.")
            if item.type in ("int", "float") and value < 0:
                raise DomainError(f"Pengaturan {item.name} tidak boleh negatif.")

    def with_overrides(self, **values) -> "StakeholderSettings":
        known = {item.name for item in fields(self)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise DomainError(f"Pengaturan tidak dikenal: {', '.join(unknown)}.")
        if isinstance(values.get("leadership_types"), list):
            values["leadership_types"] = tuple(values["leadership_types"])
        if "skm_sample_table" in values:
            values["skm_sample_table"] = check_sample_table(values["skm_sample_table"])
        return replace(self, **values)

    @classmethod
    def from_json(cls, text: str | None) -> "StakeholderSettings":
        return cls().with_overrides(**settings_object(text, "MUTASI_STAKEHOLDER_SETTINGS"))


DEFAULT_STAKEHOLDER_SETTINGS = StakeholderSettings()
