"""A cheaper `_()` and `url_for` in page templates.

Flask-Babel installs `gettext` callables that look the translations up again for every single
`_()` (a context, a domain, the locale, a cache), and Jinja's "new style" wrapper then calls the
translation through the template context a second time: some 8 µs a call, dozens of calls a
page. This context processor hands the templates `_`, `gettext`, `ngettext` and `pgettext`
bound to this request's translations, with the same behaviour as Jinja's i18n extension in new
style (in an autoescaping template the translation is markup and `%(name)s` variables are
escaped into it; `%` formatting always happens). A text without variables is the same for every
request in a language, so it is formatted once per language and then looked up. Macros imported
without context keep Flask-Babel's callables; both give the same text (tests/web/test_i18n.py).
"""

from __future__ import annotations

from typing import Any, Callable

from flask import Flask
from flask_babel import get_translations
from jinja2 import pass_eval_context
from jinja2.ext import _make_new_ngettext, _make_new_pgettext  # the extension's own wrappers
from jinja2.nodes import EvalContext
from markupsafe import Markup

# id(translations) -> (translations, {text: formatted markup}); the translations object is kept
# so that a recycled id never returns another language's texts.
_FORMATTED: dict[int, tuple[Any, dict[str, Markup]]] = {}


def _formatted_texts(translations: Any) -> dict[str, Markup]:
    entry = _FORMATTED.get(id(translations))
    if entry is None or entry[0] is not translations:
        if len(_FORMATTED) > 100:  # many short-lived apps (tests)
            _FORMATTED.clear()
        entry = _FORMATTED[id(translations)] = (translations, {})
    return entry[1]


def make_gettext(translate: Callable[[str], str], known: dict[str, Markup]) -> Callable[..., str]:
    @pass_eval_context
    def gettext(eval_context: EvalContext, text: str, **variables: Any) -> str:
        if not eval_context.autoescape:
            return translate(text) % variables
        if variables:
            return Markup(translate(text)) % variables
        formatted = known.get(text)
        if formatted is None:
            formatted = known[text] = Markup(translate(text)) % {}
        return formatted

    return gettext


def _bound_gettext() -> dict[str, Any]:
    translations = get_translations()
    gettext = make_gettext(translations.ugettext, _formatted_texts(translations))
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
        if values:
            for name, value in values.items():
                if name[0] == "_" or not isinstance(value, (str, int, type(None))):
                    return build(endpoint, **values)
            key: tuple[Any, ...] = (request.script_root, endpoint, *sorted(values.items()))
        else:
            key = (request.script_root, endpoint)
        url = known.get(key)
        if url is None:
            if len(known) > 5000:
                known.clear()
            url = known[key] = build(endpoint, **values)
        return url

    return url_for
