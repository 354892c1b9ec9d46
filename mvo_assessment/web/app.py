"""The application factory: configuration, extensions, database, questionnaire, blueprints."""

from __future__ import annotations

import logging
import os
import secrets
import tempfile
from pathlib import Path
from typing import Any, Callable

import click
from flask import Flask
from flask_limiter import Limiter
from limits import parse_many
from limits.errors import ConfigurationError as LimitsConfigurationError
from werkzeug.middleware.proxy_fix import ProxyFix

from .. import config as config_module
from .. import extensions, persistence, widgets
from ..errors import QuestionnaireInvalid
from ..loader import load_questionnaire
from . import csrf, errors, fragments, health, helpers, i18n, pages, requestlog, results, resume, security, sessions, static_files, templating, wizard

log = logging.getLogger(__name__)


class Application(Flask):
    """Flask, remembering which functions need no async wrapper.

    Flask asks `inspect.iscoroutinefunction` about every hook, context processor and view on
    every request (a dozen times a page, a few per cent of it: bench/README.md). The answer
    never changes for a function, so it is kept; `async def` views would still be wrapped."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._synchronous: dict[Callable[..., Any], Callable[..., Any]] = {}

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        try:
            return self._synchronous[func]
        except KeyError:
            if len(self._synchronous) > 1000:  # per-request callables (after_this_request) pass by
                self._synchronous.clear()
            synchronous = self._synchronous[func] = super().ensure_sync(func)
            return synchronous
        except TypeError:  # an unhashable callable: ask every time
            return super().ensure_sync(func)


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Application("mvo_assessment", instance_relative_config=True)
    app.config.from_mapping(config_module.defaults())
    app.config.update(config_module.from_environment())
    if test_config is not None:
        app.config.update(test_config)
    development = config_module.is_development(app.config) or app.debug

    make_one = "`export SECRET_KEY=$(python -c 'import secrets; print(secrets.token_hex(32))')`"
    if not app.config.get("SECRET_KEY"):
        if not development:
            raise config_module.ConfigError(
                f"SECRET_KEY is not set. Set it to a long random value, for example with {make_one}, "
                "or set MVO_ENV=development for local use."
            )
        app.config["SECRET_KEY"] = secrets.token_hex(32)
        app.logger.warning(
            "No SECRET_KEY set: generated a temporary one for development. "
            "Sessions end when the server restarts; set SECRET_KEY to keep them."
        )
    elif not development and len(str(app.config["SECRET_KEY"]).strip()) < config_module.MIN_SECRET_KEY_LENGTH:
        # Anyone who guesses the key can sign a session that opens any assessment (QA, operator:
        # SECRET_KEY=x served pages without a word).
        raise config_module.ConfigError(
            f"SECRET_KEY is too short ({len(str(app.config['SECRET_KEY']).strip())} characters besides spaces); use at least "
            f"{config_module.MIN_SECRET_KEY_LENGTH} random characters, for example with {make_one}."
        )
    if not development:
        # An old key still signs sessions that open assessments: it needs the same length
        # (QA, operator: SECRET_KEY_FALLBACKS=x was taken, and a cookie signed with x opened one).
        for fallback in app.config.get("SECRET_KEY_FALLBACKS") or ():
            length = len(str(fallback).strip())
            if length < config_module.MIN_SECRET_KEY_LENGTH:
                raise config_module.ConfigError(
                    f"SECRET_KEY_FALLBACKS holds a key of only {length} character{'' if length == 1 else 's'} besides spaces; "
                    f"every key needs at least {config_module.MIN_SECRET_KEY_LENGTH}, as SECRET_KEY does."
                )
    if app.config.get("SESSION_COOKIE_SECURE") is None:
        app.config["SESSION_COOKIE_SECURE"] = not development

    if not app.config.get("DATABASE_URL"):
        default_file = os.path.join(app.instance_path, "mvo-assessment.sqlite3")
        try:
            os.makedirs(app.instance_path, exist_ok=True)
        except OSError as error:
            raise config_module.ConfigError(
                f"DATABASE_URL is not set, and the folder for its default SQLite file ({app.instance_path}) "
                f"cannot be made ({error.strerror}); set DATABASE_URL") from None
        app.config["DATABASE_URL"] = "sqlite:///" + default_file
        app.config["MVO_DEFAULT_DATABASE"] = default_file  # for what a database problem is said to be
        if not development:
            # Said, because a server or a cron job started without its environment would
            # otherwise work on an empty database of its own without anyone noticing.
            app.logger.warning("DATABASE_URL is not set: using SQLite at %s", app.config["DATABASE_URL"][len("sqlite:///"):])
    if not development and not app.testing and not app.config.get("MVO_MAINTENANCE"):
        # Both defaults suit one process on a developer's machine; in production each one
        # quietly weakens a control (QA, security), so the start of a server says so (not
        # `db upgrade` or `purge`, which serve no request).
        if str(app.config.get("RATELIMIT_STORAGE_URI", "")).startswith("memory://"):
            app.logger.warning(
                "RATELIMIT_STORAGE_URI is memory://: every worker counts requests on its own, so with "
                "several workers (or hosts) the rate limits are that many times wider. Set it to a "
                "shared store such as redis://host:6379/0."
            )
        if not app.config.get("TRUSTED_HOSTS"):
            app.logger.warning(
                "TRUSTED_HOSTS is not set: the site answers to any host name and writes the one a "
                "request brings into its redirects and resume links. Set it to the site's host names."
            )
        if not app.config.get("PRIVACY_STATEMENT_URL"):
            # The start page's few lines on what happens to the answers are no privacy
            # statement: they name no controller, no rights, no place to complain (QA, privacy).
            app.logger.warning(
                "PRIVACY_STATEMENT_URL is not set: no page links a privacy statement, and the start "
                "page's few lines do not say who is responsible, what the visitor's rights are or "
                "where to complain. Set it to the operator's privacy statement (https://…)."
            )
        if not app.config.get("OPERATOR_NAME"):
            # QA (novice entrepreneur): the footer names the MVO-steunpunt's stappenplan only, so
            # the site read as that organisation's own tool.
            app.logger.warning(
                "OPERATOR_NAME is not set: no page says who offers the site, and visitors may take it "
                "for the MVO-steunpunt's own. Set it to your organisation's name (and OPERATOR_URL)."
            )

    windows = []
    for key in config_module.RATE_LIMITS:
        # A limit Flask-Limiter cannot read is skipped by it, silently: the control would be off.
        try:
            items = parse_many(str(app.config[key]))
        except ValueError as error:
            raise config_module.ConfigError(
                f"{key} is not a rate limit: {app.config[key]!r} ({error}). Write it like "
                "'20 per minute;200 per hour' (second, minute, hour or day, in full)"
            ) from None
        if any(item.amount < 1 for item in items):
            # "0 per minute" refused every visitor for good (QA, operator: 0 is often meant as
            # "no limit", which these controls do not have).
            raise config_module.ConfigError(
                f"{key} allows no request at all: {app.config[key]!r}. Each limit needs at least 1 "
                "request per window, e.g. '20 per minute;200 per hour'; a higher number makes it wider"
            )
        windows += [item.get_expiry() for item in items]
    # How long the limits remember an address at most, in whole minutes rounded up: what the
    # start page's privacy text says (web/pages.py), worked out once here.
    app.extensions["mvo_rate_limit_minutes"] = max(1, -(-max(windows, default=60) // 60))

    if app.config["PROXY_FIX_X_FOR"] or app.config["PROXY_FIX_X_PREFIX"]:
        # Behind a proxy the scheme and host come from X-Forwarded-Proto and -Host (the links a
        # visitor is sent, and the CSRF referrer check over HTTPS); PROXY_FIX_X_PROTO and
        # PROXY_FIX_X_HOST say how many proxies set them (0: not trusted).
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=app.config["PROXY_FIX_X_FOR"], x_proto=app.config["PROXY_FIX_X_PROTO"],
            x_host=app.config["PROXY_FIX_X_HOST"], x_prefix=app.config["PROXY_FIX_X_PREFIX"],
        )

    # The questionnaire is loaded and validated once; it is immutable and shared by all requests.
    try:
        app.extensions["mvo_questionnaire"] = load_questionnaire(app.config["QUESTIONNAIRE_PATH"])
    except QuestionnaireInvalid as error:
        details = "\n".join(str(issue) for issue in error.issues[:20])
        raise config_module.ConfigError(
            f"The questionnaire at {app.config['QUESTIONNAIRE_PATH']} is not valid "
            f"({len(error.issues)} {'problem' if len(error.issues) == 1 else 'problems'}):\n{details}"
        ) from None

    engine = None
    try:
        engine = persistence.make_engine(app.config["DATABASE_URL"], app.config["DATABASE_STATEMENT_TIMEOUT"])
        if app.config["AUTO_MIGRATE"]:
            upgraded = persistence.upgrade(engine)
            if upgraded.changed:
                # Said as `db upgrade` says it: a deploy that changed the schema left no trace
                # in the log otherwise (QA, operator).
                app.logger.warning(upgraded.message())
    except Exception as error:
        if engine is not None:
            engine.dispose()  # its pooled connection would otherwise stay open until collected
        # A wrong DATABASE_URL or a database that cannot be reached: one line that says what
        # (gunicorn prints a RuntimeError as "Error: …" and stops), as `db upgrade` does.
        problem = config_module.setup_problem(error, app.config.get("MVO_DEFAULT_DATABASE"))
        if problem is None:
            raise
        raise config_module.ConfigError(problem) from None
    app.extensions["mvo_store"] = persistence.AssessmentStore(engine)
    try:
        _finish_setting_up(app, engine)
    except BaseException:
        # A setting found wrong once the database is open (SESSION_COOKIE_SAMESITE, FRAME_ANCESTORS,
        # ...): its pooled connection is closed, not left open until the garbage collector finds it.
        engine.dispose()
        raise
    return app


def _finish_setting_up(app: Flask, engine: Any) -> None:
    """Everything after the store: the extensions, the blueprints and the rate limits."""
    if not app.config["AUTO_MIGRATE"] and not app.config.get("MVO_MAINTENANCE"):
        _say_what_the_database_lacks(app, engine)

    if not app.config.get("MVO_MAINTENANCE"):
        # `db upgrade` and `purge` show no page: no catalogs to compile, and no folder of
        # their own left in /tmp by a daily cron job where translations/ cannot be written
        # (QA, operator: 37 of them).
        _compile_catalogs(app)
    requestlog.init_app(app)  # first, so its clock also covers the other before-request hooks
    try:
        limiter = extensions.init_app(app)
    except LimitsConfigurationError as error:  # e.g. a mistyped RATELIMIT_STORAGE_URI
        raise config_module.ConfigError(f"RATELIMIT_STORAGE_URI cannot be used: {error}") from None
    helpers.init_app(app)
    i18n.init_app(app)  # the questionnaire in every language with a catalog
    security.init_app(app)
    sessions.init_app(app)  # the cookie's serializer built once
    errors.init_app(app)
    app.register_blueprint(pages.bp)
    app.register_blueprint(wizard.bp)
    app.register_blueprint(resume.bp)
    app.register_blueprint(results.bp)
    health.init_app(app)
    widgets.init_app(app)  # render_field: cached markup of choice questions
    templating.init_app(app)  # _() bound once per render
    fragments.init_app(app)  # {% cached %}: the layout rendered once per language
    static_files.init_app(app)  # style sheet and scripts linked by version, kept a year
    csrf.init_app(app)  # the signed CSRF token made once per session token

    # Only failed lookups count (a wrong, expired or deleted code answers 404).
    # flask-limiter types its decorators' results as possibly async views, hence the ignores.
    lookup = app.view_functions["resume.lookup"]
    app.view_functions["resume.lookup"] = limiter.limit(  # type: ignore[assignment]
        app.config["RESUME_FAILURES_LIMIT"],
        methods=["POST"],
        deduct_when=lambda response: response.status_code == 404,
    )(lookup)

    # Starting an assessment writes a row: limited per client address (docs/security.md). Only
    # a request that stored one counts: a refused upload (a broken file) or a failed start
    # wrote nothing, and must not use up the budget of someone who then gets it right.
    starting = limiter.shared_limit(
        app.config["START_LIMIT"],
        scope="start",
        methods=["POST"],
        deduct_when=lambda response: helpers.created_an_assessment(),
        # Every round stored counts, a file's earlier rounds too (1 while checking beforehand).
        cost=lambda: max(1, helpers.rows_created()),
    )
    # A new round stores a row too: without a limit one address stored 150 in 24 s (QA, security).
    for endpoint in ("wizard.begin", "resume.upload", "results.new_round"):
        app.view_functions[endpoint] = starting(app.view_functions[endpoint])  # type: ignore[assignment]

    # A PDF takes seconds of CPU; a new company name (or a new day, or a changed answer) makes
    # a new one. Only a request that made one counts: the same PDF again comes from the cache.
    report = app.view_functions["results.pdf"]
    app.view_functions["results.pdf"] = limiter.limit(  # type: ignore[assignment]
        app.config["REPORT_LIMIT"],
        # HEAD too: Flask answers it with the GET view, which makes the PDF (QA, HTTP: unlimited).
        methods=["GET", "HEAD", "POST"],
        deduct_when=lambda response: results.made_a_report(),
    )(report)

    _limit_only(app, limiter, frozenset({"resume.lookup", "wizard.begin", "resume.upload", "results.new_round", "results.pdf"}))
    _register_commands(app)


def _limit_only(app: Flask, limiter: Limiter, limited: frozenset[str]) -> None:
    """Run the limiter's per-request hooks only for the routes that have limits.

    Flask-Limiter checks every request in a before-request hook, even when the route has no
    limit and a request filter says so: about a tenth of a page request (bench/README.md).
    Its hooks are swapped for ones that first look at the endpoint."""
    from flask import request

    def gate(hook: Callable[..., Any], passthrough: bool) -> Callable[..., Any]:
        def gated(*args: Any) -> Any:
            if request.endpoint in limited:
                return hook(*args)
            return args[0] if passthrough else None

        return gated

    hook_lists = ((app.before_request_funcs, False), (app.after_request_funcs, True), (app.teardown_request_funcs, False))
    for hooks, passthrough in hook_lists:
        app_hooks = hooks.get(None, [])
        for index, hook in enumerate(app_hooks):
            if _belongs_to(hook, limiter):
                app_hooks[index] = gate(hook, passthrough)


def _say_what_the_database_lacks(app: Flask, engine: Any) -> None:
    """With AUTO_MIGRATE=0 the start does not migrate, and so did not look at the database at
    all: a wrong password or an empty database showed only in /readyz (QA, operator). It looks
    once now and says in the log what it found; the start goes on, since the database may come
    up (or `db upgrade` run) after the site, and /readyz keeps traffic away until then."""
    from sqlalchemy.exc import SQLAlchemyError

    try:
        current = persistence.current_revisions(engine)
    except SQLAlchemyError as error:
        problem = config_module.setup_problem(error, app.config.get("MVO_DEFAULT_DATABASE"))
        app.logger.warning("AUTO_MIGRATE=0 and the database cannot be used now: %s. Pages answer 503 "
                           "and /readyz says so until it can", problem or type(error).__name__)
        return
    finally:
        engine.dispose()  # the master's connection: workers open their own
    expected = persistence.head_revisions()
    state = persistence.migration_state(current)
    if state == "ahead":
        app.logger.warning("the database was migrated by newer code (%s); this code's migrations end at %s",
                           ", ".join(sorted(current)), ", ".join(sorted(expected)))
    elif state == "behind":
        app.logger.warning("AUTO_MIGRATE=0 and the database is not migrated (%s, expected %s): run "
                           "`mvo-assessment db upgrade`. Until then /readyz answers 503",
                           ", ".join(sorted(current)) or "no tables", ", ".join(sorted(expected)))


def _belongs_to(hook: Any, limiter: Limiter) -> bool:
    """A bound method of the limiter, or a functools.partial of one of its methods with it."""
    if getattr(hook, "__self__", None) is limiter:
        return True
    return bool(getattr(hook, "args", None)) and hook.args[0] is limiter


def warm_up(app: Flask) -> None:
    """Do once, before gunicorn forks its workers (gunicorn_conf.when_ready), what every worker
    would otherwise do on its first requests: compile every template (about 0.4 s, which landed
    on the first visitors of each new worker as p99 outliers), build the form class of every
    page and compile the navigation and scoring plans of every language's questionnaire."""
    import alembic.migration  # noqa: F401  (/readyz's first look at the database)

    from .. import persistence
    from ..forms import page_form_class
    from ..navigation import resolve
    from ..scoring import assess

    # /readyz compares with the migrations' head: read from the scripts once, here, not by the
    # first probe of every worker (0.4–0.8 s, which a probe with a short timeout took as down).
    persistence.head_revisions()
    persistence.known_revisions()
    for name in app.jinja_env.list_templates(filter_func=lambda n: n.endswith((".html", ".svg"))):
        app.jinja_env.get_template(name)
    models = dict(app.extensions.get("mvo_questionnaires") or {})
    models.setdefault("default", app.extensions["mvo_questionnaire"])
    for model in models.values():
        resolve(model, {})
        assess(model, {})
        for page in model.pages:
            page_form_class(page)


def _compile_catalogs(app: Flask) -> None:
    """Compile stale .po catalogs before Babel looks for them. Babel reads only compiled ones:
    where the install cannot be written (a fresh checkout owned by another user, a read-only
    image), they are compiled into a folder of this process's own, or English was silently
    not offered (QA, operator)."""
    from ..catalog_files import MESSAGES_DOMAIN, interface_format_problems, unusable_translations_warning
    from ..catalogs import compile_catalogs

    folder = Path(str(app.config["BABEL_TRANSLATION_DIRECTORIES"]).split(";")[0])
    for po in sorted(folder.glob(f"*/LC_MESSAGES/{MESSAGES_DOMAIN}.po")):
        # Compiled without them (catalog_files.write_usable_mo): said, so a translator's slip
        # is noticed before a visitor reads Dutch among English (QA, translator).
        unusable = interface_format_problems(po, po.parent.parent.name)
        if unusable:
            app.logger.warning("%s", unusable_translations_warning(po, unusable))
    try:
        compile_catalogs(folder)
        return
    except OSError as error:
        problem = error
    try:
        elsewhere = Path(tempfile.mkdtemp(prefix="mvo-assessment-catalogs-"))
        compile_catalogs(folder, into=elsewhere)
    except OSError as error:
        app.logger.warning("Could not compile the translation catalogs in %s (%s), nor elsewhere (%s): "
                           "only Dutch is offered", folder, problem, error)
        return
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(elsewhere)
    app.logger.warning("Could not write the compiled translation catalogs beside their sources in %s (%s); "
                       "compiled them into %s instead", folder, problem, elsewhere)


def _register_commands(app: Flask) -> None:
    @app.cli.command("db-upgrade")
    def db_upgrade() -> None:
        """Apply the database migrations (for AUTO_MIGRATE=0 deployments)."""
        persistence.upgrade(app.extensions["mvo_store"].engine)
        click.echo("database is up to date")

    @app.cli.command("purge")
    @click.option("--days", type=click.IntRange(1, config_module.MAX_DAYS), default=None,
                  help="untouched for this many days (default: RETENTION_DAYS, 90)")
    def purge(days: int | None) -> None:
        """Delete assessments that were not touched for DAYS and have no valid resume code."""
        click.echo(purge_message(purge_assessments(app, days)))


def purge_assessments(app: Flask, days: int | None = None) -> persistence.Purged:
    """The retention rule, for `flask purge` and `mvo-assessment purge` alike: delete what was
    not touched for `days` (default `RETENTION_DAYS`) and has no valid resume code."""
    from datetime import timedelta

    if days is None:
        days = int(app.config["RETENTION_DAYS"])
    if days < 1:
        raise ValueError(f"the retention must be at least 1 day, not {days}")
    purged: persistence.Purged = app.extensions["mvo_store"].purge_expired(timedelta(days=days))
    return purged


def purge_message(purged: persistence.Purged) -> str:
    """"deleted 1 assessment (3 rounds)": the rounds apart, since an assessment of three rounds
    was printed as three assessments (QA, adviser following rounds). Always both numbers, in
    the same words, for whoever reads the job's log or greps it."""
    assessments = "assessment" if purged.assessments == 1 else "assessments"
    rounds = "round" if purged.rounds == 1 else "rounds"
    return f"deleted {purged.assessments} {assessments} ({purged.rounds} {rounds})"
