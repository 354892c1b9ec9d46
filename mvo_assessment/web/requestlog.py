"""Structured request logs: one JSON line per request, for log shippers.

Each line holds the method, the route *template* (`/zelfevaluatie/vraag/<page_id>`) and the
endpoint, the status, the duration in milliseconds and the worker's pid. Never the query
string, the body, a form value or a cookie: answers and resume codes (`/hervatten?code=...`)
stay out of the logs by construction, not by filtering. (Werkzeug's development server logs
request lines of its own; their query strings are cut off, `WithoutQueryString`.)
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
import time
from datetime import datetime, timezone
from typing import Any

from flask import Flask, Response, g, request

LOGGER_NAME = "mvo_assessment.requests"
log = logging.getLogger(LOGGER_NAME)


class JsonLineFormatter(logging.Formatter):
    """`record.fields` (a dict) as one JSON object per line, with a timestamp and the level."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "ts": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
        }
        line.update(getattr(record, "fields", None) or {"message": record.getMessage()})
        return json.dumps(line, ensure_ascii=False, separators=(",", ":"))


def request_fields(status: int, duration: float) -> dict[str, Any]:
    rule = request.url_rule
    return {
        "event": "request",
        "method": request.method,
        "route": rule.rule if rule is not None else None,
        "endpoint": request.endpoint,
        "status": status,
        "duration_ms": round(duration * 1000, 2),
        "pid": os.getpid(),
    }


def _start() -> None:
    g.mvo_request_start = time.perf_counter()


def _finish(response: Response) -> Response:
    start = g.get("mvo_request_start")
    if start is not None and log.isEnabledFor(logging.INFO):
        log.info("request", extra={"fields": request_fields(response.status_code, time.perf_counter() - start)})
    return response


# A query string in a logged request line: from "?" to the next space.
_QUERY = re.compile(r"\?\S*")


class WithoutQueryString(logging.Filter):
    """Werkzeug's development server logs each request line, query string and all: a resume
    link's `?code=` ended up on the terminal of `mvo-assessment serve` (QA, security). Its lines
    keep the path; a query becomes `?…`."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(_QUERY.sub("?…", arg) if isinstance(arg, str) else arg for arg in record.args)
        return True


def hide_query_strings_from_the_development_server() -> None:
    werkzeug_log = logging.getLogger("werkzeug")
    if not any(isinstance(existing, WithoutQueryString) for existing in werkzeug_log.filters):
        werkzeug_log.addFilter(WithoutQueryString())


def init_app(app: Flask) -> None:
    """Log every request when `REQUEST_LOG` is on (default: on, except in tests)."""
    hide_query_strings_from_the_development_server()
    if not app.config.get("REQUEST_LOG", not app.testing):
        return
    if not any(getattr(handler, "mvo_json", False) for handler in log.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonLineFormatter())
        handler.mvo_json = True  # type: ignore[attr-defined]
        log.addHandler(handler)
        log.propagate = False
    log.setLevel(logging.INFO)
    app.before_request(_start)
    app.after_request(_finish)
