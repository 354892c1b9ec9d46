"""Gunicorn settings for production: `gunicorn -c python:mvo_assessment.gunicorn_conf`.

Every value can be overridden from the environment (below) or on the command line.

- **Preload**: the application is created once in the master (`preload_app`), so the
  questionnaire is loaded and validated once and the database is migrated once, *before* any
  worker forks: two workers never race to create the same tables. On PostgreSQL the migration
  also holds an advisory lock, so several hosts starting together are safe as well
  (persistence.upgrade). With `AUTO_MIGRATE=0`, run `mvo-assessment db upgrade` first.
- **Workers**: sync workers, `2 × cores + 1` by default (`WEB_CONCURRENCY` overrides): a page
  request is short and CPU-bound, and the extra worker covers the time one waits on the
  database. Nothing is kept in a worker (sessions are signed cookies, rate limits in Redis),
  so workers and hosts can be added freely behind a load balancer.
- **Timeouts**: a worker silent for `timeout` seconds is killed and replaced; its request then
  gets gunicorn's own short 500 page or no response at all, but an assessment is never
  half-saved (each save is one transaction). On PostgreSQL a statement ends after 10 s
  (DATABASE_STATEMENT_TIMEOUT) with the site's own 503, well before this. `graceful_timeout` lets running requests finish on a restart.
- **Graceful reload**: `kill -HUP <master>` starts new workers with the new configuration and
  stops the old ones once they finish their requests. With `preload_app` the *code* (and the
  questionnaire, loaded once in the master) is not reloaded by HUP; for new code or a new
  questionnaire start a new master beside the old (`kill -USR2 <master>`, then
  `kill -TERM <old master>` once the new one has booted its workers: TERM lets running requests
  finish, QUIT would cut them off), or restart the service. `GUNICORN_PIDFILE` writes the
  master's process id to a file; after USR2 the new master writes its id to `<file>.2` and
  takes the file itself over once the old master has stopped. Both masters share the socket,
  so `/readyz` answers from either: check the new master's log ("Booting worker") instead.
- **Start it as `gunicorn`**, not `python -m gunicorn`: under `-m` the new master of a USR2
  replacement cannot start (gunicorn's own `http` package hides Python's), and the old master
  goes on serving the old code.
- **Logs**: gunicorn's own access log stays off; the application writes one JSON line per
  request on standard error (web/requestlog.py), without query strings, answers or codes.

| variable | default |
|---|---|
| `BIND` | `127.0.0.1:8000` (a reverse proxy in front terminates TLS); `host:port` or `unix:/path` |
| `WEB_CONCURRENCY` | `2 × CPU cores + 1`; at least 1 (gunicorn itself reads this variable first: a value that is not a whole number stops it with its own traceback) |
| `GUNICORN_TIMEOUT` | `30` |
| `GUNICORN_GRACEFUL_TIMEOUT` | `30` |
| `GUNICORN_KEEPALIVE` | `5` |
| `GUNICORN_MAX_REQUESTS` | `0` (off); e.g. `10000` recycles workers against slow leaks |
| `GUNICORN_PIDFILE` | unset (no file); e.g. `/run/mvo-assessment/gunicorn.pid` |
| `GUNICORN_LOGLEVEL` | `info` (gunicorn's own messages: `debug`, `info`, `warning`, `error`, `critical`) |
| `FORWARDED_ALLOW_IPS` | `127.0.0.1`: gunicorn's own trust of `X-Forwarded-*`; the application's is `PROXY_FIX_X_FOR` |
| `GUNICORN_CONTROL_SOCKET` | unset: no control socket; e.g. `/run/mvo-assessment/gunicorn.ctl` for `gunicornc -s …` |
"""

from __future__ import annotations

import multiprocessing
import os
import sys


def _int(name: str, default: int, minimum: int = 0) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        # One line that names the setting, not gunicorn's "Failed to read config file" traceback.
        sys.exit(f"Error: {name} must be a whole number, not {value!r}")
    if number < minimum:
        # WEB_CONCURRENCY=0 started a master that listens and never answers (QA, operator).
        sys.exit(f"Error: {name} must be at least {minimum}, not {number}")
    return number


def default_workers(cores: int | None = None) -> int:
    cores = cores if cores is not None else multiprocessing.cpu_count()
    return 2 * max(1, cores) + 1


wsgi_app = "mvo_assessment:create_app()"
def _bind(value: str) -> str:
    """`host:port` or `unix:/path`; a port out of range stopped gunicorn with a traceback (QA, operator)."""
    if value.startswith(("unix:", "fd://")):
        return value
    if value.startswith("[") and value.endswith("]") or ":" not in value:
        return value  # a host without a port: gunicorn's own default port (QA, review)
    _host, colon, port = value.rpartition(":")
    if not port.isdigit() or int(port) > 65535:
        sys.exit(f"Error: BIND must be host:port with a port up to 65535 (or unix:/path), not {value!r}")
    return value


def _choice(name: str, default: str, allowed: tuple[str, ...]) -> str:
    value = os.environ.get(name, "").strip().lower() or default
    if value not in allowed:
        sys.exit(f"Error: {name} must be one of {', '.join(allowed)}, not {value!r}")
    return value


bind = _bind(os.environ.get("BIND", "127.0.0.1:8000").strip())
workers = _int("WEB_CONCURRENCY", default_workers(), minimum=1)
worker_class = "sync"
preload_app = True
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
max_requests = _int("GUNICORN_MAX_REQUESTS", 0)
max_requests_jitter = max_requests // 10
# Heartbeat files in memory, not on a disk that may stall (the default tmp dir can be on one).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# The master's process id in a file, for `kill -HUP/-USR2/-TERM $(cat …)`; unset: no file.
pidfile = os.environ.get("GUNICORN_PIDFILE") or None
# Gunicorn ≥ 25.1 opens a control socket (for `gunicornc`) at one fixed path per user,
# ~/.gunicorn/gunicorn.ctl: every master of that user takes it over, and the old master of a
# USR2 replacement deletes it on TERM, leaving the new one without. So it is off unless asked for
# at a path of this service's own. (Older gunicorns ignore both names.)
if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
else:
    control_socket_disable = True
accesslog = None  # the application logs requests itself, as JSON and without query strings
errorlog = "-"
loglevel = _choice("GUNICORN_LOGLEVEL", "info", ("debug", "info", "warning", "error", "critical"))
# The proxy's X-Forwarded-* headers are handled by the application (PROXY_FIX_X_FOR).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# A request line or header larger than this is refused by gunicorn before the application.
limit_request_line = 4094
limit_request_fields = 100


def when_ready(server: object) -> None:
    """The application is loaded (preload): warm it up (web.app.warm_up: templates compiled,
    form classes built, once for all workers), then move everything it allocated out of the garbage
    collector's reach before the workers fork. The long-lived questionnaire models are then
    never scanned again (no collection pauses in the p99) and their pages stay shared between
    the workers instead of being copied by the collector's reference counting writes."""
    import gc

    from flask import Flask

    from mvo_assessment.web.app import warm_up

    app = getattr(server, "app", None)
    application = app.wsgi() if app is not None and hasattr(app, "wsgi") else None
    if isinstance(application, Flask) and "mvo_store" in application.extensions:
        warm_up(application)
    gc.collect()
    gc.freeze()


def post_worker_init(worker: object) -> None:
    """Each worker opens its own database connections: a pool is never shared across a fork
    (the master connected to migrate). `close=False` leaves the master's connections alone."""
    from flask import Flask

    app = getattr(worker, "wsgi", None)
    store = app.extensions.get("mvo_store") if isinstance(app, Flask) else None
    if store is not None:
        store.engine.dispose(close=False)
