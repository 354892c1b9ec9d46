"""The page templates' cheaper `_()` (web/templating.py) against Jinja's own new-style gettext:
the same text for every message of the interface catalog, in both languages, with and without
autoescaping, with and without variables that need escaping."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po
from jinja2 import Environment
from jinja2.ext import _make_new_gettext

from mvo_assessment.web.templating import make_gettext

CATALOG = Path(__file__).resolve().parents[2] / "translations" / "en" / "LC_MESSAGES" / "messages.po"


def message_ids() -> list[str]:
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle)
    return [message.id for message in catalog if message.id and isinstance(message.id, str)]


@pytest.mark.parametrize("autoescape", [True, False])
@pytest.mark.parametrize("language", ["nl", "en"])
def test_bound_gettext_equals_jinjas(app: Any, language: str, autoescape: bool) -> None:
    from flask_babel import get_translations

    # Every placeholder of the catalog, with a value that needs escaping in HTML.
    names = {name for text in message_ids() for name in re.findall(r"%\((\w+)\)s", text)}
    variables = {name: f"<b>{name}</b> & \"{name}\"" for name in names}
    environment = Environment(autoescape=autoescape)
    template = environment.from_string("{{ _(text, **variables) }}|{{ _(text) if plain else '' }}")
    with app.test_request_context(f"/?lang={language}"):
        translations = get_translations()
        theirs = _make_new_gettext(translations.ugettext)
        ours = make_gettext(translations.ugettext, {})
        checked = 0
        for text in message_ids():
            plain = "%(" not in text
            expected = template.render(_=theirs, text=text, variables=variables, plain=plain)
            for _twice in range(2):  # the second time from the cache of formatted texts
                assert template.render(_=ours, text=text, variables=variables, plain=plain) == expected, text
            checked += 1
        assert checked > 100
