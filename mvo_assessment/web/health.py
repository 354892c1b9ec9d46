"""Probes for the load balancer and the orchestrator: `/healthz` and `/readyz`.

`/healthz` answers 200 as long as the process serves requests (liveness: restart it when not).
`/readyz` answers 200 only when the database answers and its schema is at the migrations'
head (readiness: send no traffic until then), else 503 with what is wrong. Both answer small
JSON, set no cookie, are never rate-limited and never cached.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, jsonify
from sqlalchemy.exc import SQLAlchemyError

from .. import persistence

bp = Blueprint("health", __name__)


def _no_store(payload: dict[str, Any], status: int) -> Any:
    response = jsonify(payload)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/healthz")
def healthz() -> Any:
    return _no_store({"status": "ok"}, 200)


@bp.get("/readyz")
def readyz() -> Any:
    engine = current_app.extensions["mvo_store"].engine
    try:
        current = persistence.current_revisions(engine)
    except SQLAlchemyError as error:
        current_app.logger.warning("readyz: database unreachable (%s)", type(error).__name__)
        return _no_store({"status": "unavailable", "database": "unreachable"}, 503)
    # "ahead": newer code migrated it (a rollback of the code, not of the database); "behind"
    # would send the operator the wrong way (QA, operator).
    state = persistence.migration_state(current)
    if state != "current":
        return _no_store(
            {"status": "unavailable", "database": "ok", "migrations": state,
             "current": sorted(current), "expected": sorted(persistence.head_revisions())},
            503,
        )
    return _no_store({"status": "ready", "database": "ok", "migrations": "current"}, 200)


def init_app(app: Any) -> None:
    app.register_blueprint(bp)
    limiter = app.extensions.get("mvo_limiter")
    if limiter is not None:
        limiter.exempt(bp)
