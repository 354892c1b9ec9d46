"""The start page: why due diligence matters, the six steps, how long it takes, privacy."""

from __future__ import annotations

from flask import Blueprint, render_template

from ..forms import ConfirmForm
from .helpers import current_assessment, current_questionnaire, estimated_minutes

bp = Blueprint("pages", __name__)


@bp.get("/")
def start() -> str:
    record = current_assessment()
    return render_template(
        "start.html",
        form=ConfirmForm(),
        record=record,
        minutes=estimated_minutes(current_questionnaire()),
    )
