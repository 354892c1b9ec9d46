"""Markdown from the questionnaire as sanitised HTML, or as plain text for CSV cells.

Pure (no Flask), so the PDF report, the CSV export and the CLI share one rule for what an
author's Markdown may become. Authors are trusted less than code: raw HTML in their Markdown
is cut down by nh3 to text formatting, lists and http(s)/mailto links.
"""

from __future__ import annotations

from urllib.parse import urlsplit
from functools import lru_cache
from html.parser import HTMLParser

import markdown as markdown_lib
import nh3

# Text formatting, lists and links: enough for recommendations and help texts, nothing that
# can run script, load a resource (no img) or break the page layout.
ALLOWED_TAGS = frozenset({"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "code", "blockquote", "h3", "h4"})
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})


@lru_cache(maxsize=2048)
def markdown_to_html(text: str) -> str:
    """Sanitised HTML for a Markdown text; an empty string for an empty text."""
    if not text:
        return ""
    rendered = markdown_lib.markdown(text, output_format="html")
    return nh3.clean(
        rendered,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
        # Links lead to other sites: in a portal's frame they open in the whole window, since
        # many sites refuse to be framed and the results would be replaced by an error.
        set_tag_attribute_values={"a": {"target": "_top"}},
    )


class _LinkCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.targets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.targets.append(dict(attrs).get("href") or "")


def link_targets(text: str) -> list[str]:
    """Every link address an author wrote in a Markdown text (Markdown links, autolinks and raw
    HTML alike), before sanitising: what the validator checks, since nh3 silently drops the
    address of a link it does not allow."""
    if "](" not in text and "<" not in text and "]:" not in text:
        # No inline link, autolink, raw HTML or reference: nothing to render (rendering every
        # text took half of the start-up's validation).
        return []
    collector = _LinkCollector()
    collector.feed(markdown_lib.markdown(text, output_format="html"))
    collector.close()
    return collector.targets


def why_a_link_leads_nowhere(href: str) -> str | None:
    """Why the pages would show this address as a dead link, or as one that leads elsewhere than
    it reads (None: it is fine): nh3 keeps only URL_SCHEMES, and an address without a scheme is
    a path on this site."""
    hidden = next((character for character in href.strip() if not character.isprintable()), None)
    if hidden is not None:
        # A control character (a NUL), an invisible one (U+200B, U+FEFF, a soft hyphen), a
        # direction override (after U+202E, `ln.ovr.www` reads as www.rvo.nl) or an
        # unusual space: what a reader sees is not where the link goes (QA, security round 2).
        return f"remove the invisible or control character U+{ord(hidden):04X}"
    try:
        parts = urlsplit(href.strip())
    except ValueError:  # e.g. an unclosed "[" in the host
        return "this is not a web address"
    scheme = parts.scheme.lower()
    if not scheme:
        # "//www.ser.nl/gids" keeps the page's scheme and "#…" stays on the page: both work.
        # "www.ser.nl/gids" would be a page of this site (QA, review).
        return None if parts.netloc or href.startswith("#") else "write the whole address, beginning with https://"
    if scheme not in URL_SCHEMES:
        return "only links beginning with https://, http:// or mailto: are shown"
    if scheme == "mailto":
        return None if "@" in parts.path else "write an e-mail address after mailto:"
    if "\\" in href:
        # `https://evil.example\@good.nl` reads as good.nl and goes to evil.example: browsers
        # take a backslash for a slash (QA, security round 2).
        return "write / instead of \\, which browsers read as / (the link may lead to another site than it reads)"
    if not parts.netloc.strip():
        return "write the whole address, beginning with https://"
    if "@" in parts.netloc:
        # `https://www.rvo.nl@evil.example` leads to evil.example (QA, security round 2).
        return "leave out the name and password before @ (the link leads to the site after the @)"
    if any(character.isspace() for character in parts.netloc):
        # Browsers turn a space in a path into %20, but no site's name has one: the link
        # `https:// www.ser.nl` goes nowhere (QA, author).
        return "remove the space from the site's name"
    return None


def why_no_web_page(address: str) -> str | None:
    """Why `address` is no web page to link to (None: it is one): a tool's `url`, the operator's
    privacy statement. The rule of a link in a text, with http(s) only and no spaces at all."""
    if not address.lower().startswith(("https://", "http://")):
        return "write a web address beginning with https:// or http://"
    why = why_a_link_leads_nowhere(address)
    if why is None and any(character.isspace() for character in address):
        why = "remove the space: a space in a path is written %20"
    return why


class _TextWriter(HTMLParser):
    """Walks sanitised HTML and writes readable text: one line per block, bullets for items,
    and a link's address after its text, since a spreadsheet cell cannot hold a link."""

    BLOCKS = frozenset({"p", "li", "blockquote", "h3", "h4", "ul", "ol"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.href: str | None = None
        self.link_text: list[str] = []
        self.ordered: list[int | None] = []  # per open list: next number, or None if bulleted
        # A list item's bullet waits for the item's first text, which may sit in a nested <p>.
        self.marker = ""

    def _flush(self) -> None:
        line = " ".join("".join(self.current).split())
        if line:
            self.lines.append(line)
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BLOCKS or tag == "br":
            self._flush()
        if tag == "ul":
            self.ordered.append(None)
        elif tag == "ol":
            self.ordered.append(1)
        elif tag == "li":
            number = self.ordered[-1] if self.ordered else None
            if number is None:
                self.marker = "• "
            else:
                self.marker = f"{number}. "
                self.ordered[-1] = number + 1
        elif tag == "a":
            self.href = dict(attrs).get("href")
            self.link_text = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            text = "".join(self.link_text).strip()
            if self.href and self.href != text and self.href != f"mailto:{text}":
                self.current.append(f" ({self.href})")
            self.href = None
        if tag in ("ul", "ol") and self.ordered:
            self.ordered.pop()
        if tag in self.BLOCKS:
            self._flush()

    def close(self) -> None:
        super().close()
        self._flush()

    def handle_data(self, data: str) -> None:
        if self.marker and data.strip():
            self.current.append(self.marker)
            self.marker = ""
        self.current.append(data)
        if self.href is not None:
            self.link_text.append(data)


def markdown_to_text(text: str) -> str:
    """Plain text for a Markdown text: blocks on their own lines, links written out."""
    writer = _TextWriter()
    writer.feed(markdown_to_html(text))
    writer.close()
    # The parser has decoded every entity (`convert_charrefs`, and attribute values always):
    # unescaping again turned a text's `&amp;amp;` into `&` and `&section=` in an address into `§ion=`.
    return "\n".join(writer.lines)
