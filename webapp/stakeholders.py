"""Configures the stakeholder and monitoring areas: settings, the public rate limiter and the
template helpers that other areas' templates include (approval step, employee
page, unit page)."""
from __future__ import annotations

import os

from flask import Flask, current_app

from domain.stakeholder_settings import StakeholderSettings
from events.readside import consultation_queries
from webapp.auth import current_actor
from webapp.ratelimit import RateLimiter


def settings() -> StakeholderSettings:
    return current_app.config["STAKEHOLDER_SETTINGS"]


def configure(app: Flask) -> None:
    """Settings, the public rate limiter and template helpers; create_app registers the blueprints."""
    configured = app.config.get("STAKEHOLDER_SETTINGS")
    if isinstance(configured, dict):
        configured = StakeholderSettings().with_overrides(**configured)
    app.config["STAKEHOLDER_SETTINGS"] = configured or StakeholderSettings.from_json(
        os.environ.get("MUTASI_STAKEHOLDER_SETTINGS"))
    limits = app.config["STAKEHOLDER_SETTINGS"]
    app.extensions["public_limiter"] = RateLimiter(limits.public_rate_limit, limits.public_rate_window_seconds)
    app.add_template_global(proposal_comments, "stakeholder_proposal_comments")
    app.add_template_global(employee_feedback, "stakeholder_employee_feedback")


def proposal_comments(row: dict) -> list[dict]:
    """Published public comments on the positions a proposal concerns (approval step page)."""
    return consultation_queries.proposal_comments(row)


def employee_feedback(employee: dict) -> list[dict] | None:
    """Service feedback attached to a civil servant; None for roles that may not see it."""
    actor = current_actor()
    if actor is None or not actor.can("view_feedback"):
        return None
    return consultation_queries.employee_feedback(employee["id"])
