"""`{% cached "name", key, ... %}…{% endcached %}`: template fragments rendered once per key.

The layout around every page (the head, the header, the footer) and the fixed parts of a
question page are the same for every visitor in the same language: rendering them again on
each request was a fifth of a question page (bench/README.md). A fragment is rendered the first
time a key is seen and then copied from memory; it never expires, because nothing it shows
changes while the process runs (the texts and the questionnaire are loaded once).

The key is everything the fragment shows that can differ between requests: list every
variable the block uses (the language, the mount point, the page, ...). tests/web/test_fragments.py
renders every kind of page with and without the cache and compares them, so a forgotten key
shows up there. `app.config["FRAGMENT_CACHE"] = False` turns the cache off.
"""

from __future__ import annotations

from typing import Any, Callable

from flask import Flask
from jinja2 import nodes
from jinja2.ext import Extension
from jinja2.parser import Parser
from markupsafe import Markup

_LIMIT = 20_000  # distinct keys; far more than pages × languages × states, never reached in use


class FragmentCacheExtension(Extension):
    tags = {"cached"}

    def __init__(self, environment: Any) -> None:
        super().__init__(environment)
        environment.extend(fragment_cache={}, fragment_cache_enabled=True)

    def parse(self, parser: Parser) -> nodes.Node:
        lineno = next(parser.stream).lineno
        key = [parser.parse_expression()]
        while parser.stream.skip_if("comma"):
            key.append(parser.parse_expression())
        body = parser.parse_statements(("name:endcached",), drop_needle=True)
        call = self.call_method("_fragment", [nodes.Tuple(key, "load")])
        return nodes.CallBlock(call, [], [], body).set_lineno(lineno)

    def _fragment(self, key: tuple[Any, ...], caller: Callable[[], str]) -> str:
        environment: Any = self.environment
        if not environment.fragment_cache_enabled:
            return caller()
        cache: dict[tuple[Any, ...], Markup] = environment.fragment_cache
        fragment = cache.get(key)
        if fragment is None:
            if len(cache) >= _LIMIT:
                cache.clear()
            fragment = cache[key] = Markup(caller())
        return fragment


def init_app(app: Flask) -> None:
    app.jinja_env.add_extension(FragmentCacheExtension)
    app.jinja_env.fragment_cache_enabled = bool(app.config.get("FRAGMENT_CACHE", True))  # type: ignore[attr-defined]
