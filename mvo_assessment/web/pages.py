"""The start page: why due diligence matters, the six steps, how long it takes, privacy."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

from ..forms import ConfirmForm
from .helpers import (
    assessment_to_read,
    current_questionnaire,
    duration_in_words,
    estimated_minutes,
)

bp = Blueprint("pages", __name__)


@bp.get("/")
def start() -> str:
    record = assessment_to_read()
    return render_template(
        "start.html",
        form=ConfirmForm(),
        record=record,
        minutes=estimated_minutes(current_questionnaire()),
        # What the privacy text says is what this deployment does (QA, privacy).
        retention_days=current_app.config["RETENTION_DAYS"],
        rate_limit_window=duration_in_words(current_app.extensions["mvo_rate_limit_minutes"]),
        session_lifetime=duration_in_words(int(current_app.config["SESSION_LIFETIME_MINUTES"])),
    )
