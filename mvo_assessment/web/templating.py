"""A cheaper `_()` and `url_for` in page templates.

Flask-Babel installs `gettext` callables that look the translations up again for every single
`_()` (a context, a domain, the locale, a cache: some 10 µs). A page calls `_()` dozens of times,
so this context processor looks them up once per `render_template` and hands the templates
`_`, `gettext`, `ngettext` and `pgettext` bound to them, with the same "new style" behaviour
(autoescape, `%(name)s` variables) as Jinja's i18n extension. Macros imported without context
keep Flask-Babel's callables; both give the same text.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_babel import get_translations
from jinja2.ext import _make_new_gettext, _make_new_ngettext, _make_new_pgettext  # the extension's own wrappers


def _bound_gettext() -> dict[str, Any]:
    translations = get_translations()
    gettext = _make_new_gettext(translations.ugettext)
    return {
        "_": gettext,
        "gettext": gettext,
        "ngettext": _make_new_ngettext(translations.ungettext),
        "pgettext": _make_new_pgettext(translations.upgettext),
    }


def init_app(app: Flask) -> None:
    app.context_processor(_bound_gettext)
    app.jinja_env.globals["url_for"] = cached_url_for(app)


def cached_url_for(app: Flask) -> Any:
    """`url_for` for templates that remembers relative URLs: a page builds about ten (static
    files, navigation) that depend only on the endpoint, its arguments and the mount point
    (SCRIPT_NAME), never on the visitor. Anything with a `_` option (`_external`, `_anchor`, ...)
    or an argument that is not plain text or a number is built every time."""
    from flask import request

    build = app.url_for
    known: dict[tuple[Any, ...], str] = {}

    def url_for(endpoint: str, **values: Any) -> str:
        if any(key[0] == "_" or not isinstance(value, (str, int, type(None))) for key, value in values.items()):
            return build(endpoint, **values)
        key = (request.script_root, endpoint, *sorted(values.items()))
        url = known.get(key)
        if url is None:
            if len(known) > 5000:
                known.clear()
            url = known[key] = build(endpoint, **values)
        return url

    return url_for
