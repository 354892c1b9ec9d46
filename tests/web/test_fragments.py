"""The fragment cache (`{% cached %}`, web/fragments.py) never shows another request's fragment:
every kind of page, in both languages, with and without an assessment, mounted at the root and
under a prefix, is the same with the cache as without it — after the cache was filled by all
the other states first."""

from __future__ import annotations

import difflib
import re
from typing import Any

from conftest import FULL_JOURNEY, Journey

# Differs between any two renders: the CSRF token is signed with the time.
TOKEN = re.compile(r'(name="csrf_token" type="hidden" value=")[^"]*')


def render(app: Any, client: Any, path: str, cached: bool, **environ: str) -> tuple[int, str]:
    app.jinja_env.fragment_cache_enabled = cached
    try:
        response = client.get(path, environ_overrides=environ)
    finally:
        app.jinja_env.fragment_cache_enabled = True
    return response.status_code, TOKEN.sub(r"\1…", response.get_data(as_text=True))


def test_pages_are_the_same_with_and_without_the_fragment_cache(app: Any) -> None:
    visitor = app.test_client()  # no assessment
    journey = Journey(app.test_client(), app)
    journey.start()
    for page_id, answers in FULL_JOURNEY[:4]:
        assert journey.answer_page(page_id, answers).status_code == 303
    everyone = ["/", "/hervatten", "/bestaat-niet"]
    # Without an assessment these redirect to the start page (with a message), so only with one.
    with_assessment = [
        "/zelfevaluatie/vraag/intake-profiel",
        "/zelfevaluatie/vraag/1A",
        "/zelfevaluatie/vraag/1B",
        "/zelfevaluatie/vraag/2A?terug=samenvatting",
        "/zelfevaluatie/overzicht",
        "/zelfevaluatie/samenvatting",
    ]
    states = [
        (client, f"{path}{'&' if '?' in path else '?'}lang={language}", prefix)
        for client, paths in ((journey.client, everyone + with_assessment), (visitor, everyone))
        for language in ("nl", "en")
        for prefix in ("", "/portaal")
        for path in paths
    ]
    # Fill the cache with every state first, so each later comparison could pick up a fragment
    # of another state if a key were missing something.
    for client, path, prefix in states:
        render(app, client, path, cached=True, SCRIPT_NAME=prefix)
    assert app.jinja_env.fragment_cache, "nothing was cached: the test would prove nothing"
    for client, path, prefix in states:
        with_cache = render(app, client, path, cached=True, SCRIPT_NAME=prefix)
        without = render(app, client, path, cached=False, SCRIPT_NAME=prefix)
        if with_cache != without:
            difference = "\n".join(difflib.unified_diff(without[1].splitlines(), with_cache[1].splitlines(), lineterm="", n=1))
            raise AssertionError(f"{path} under {prefix!r} differs with the cache:\n{difference}")
