"""HTML -> PDF with WeasyPrint, without any network access.

WeasyPrint is imported here only, and only when a PDF is made: it needs Pango (a Debian
package), and the HTML report and the CSV must keep working where it is absent.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

TEMPLATES = Path(__file__).resolve().parent / "templates"

# PDF/UA-1 makes WeasyPrint tag the structure (headings, lists, tables, links) for screen
# readers and embed every font; it needs a title and a language, which the template sets.
PDF_OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/ua-1", "pdf_tags": True}


class ReportUnavailable(RuntimeError):
    """WeasyPrint or the system libraries it needs are not installed."""


@lru_cache(maxsize=1)
def _fetcher_class() -> type:
    from weasyprint.urls import URLFetcher

    class LocalOnlyFetcher(URLFetcher):  # type: ignore[misc]
        """Refuses every URL except data: URIs and files in our own templates folder.

        The report contains addresses typed by content authors; a link is only written out,
        but an image or stylesheet URL would be fetched, so fetching is refused outright
        (no tracking pixels, no server-side request forgery, no reading local files).
        """

        def fetch(self, url: str, headers: Any = None) -> Any:
            scheme = url.split(":", 1)[0].lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                path = Path(unquote(urlsplit(url).path)).resolve()
                if path.is_relative_to(TEMPLATES):
                    return super().fetch(url, headers)
            raise ValueError(f"the report may not fetch {url!r}")

    return LocalOnlyFetcher


def local_only_fetcher() -> Any:
    try:
        return _fetcher_class()(allowed_protocols={"data", "file"}, allow_redirects=False, timeout=1)
    except (ImportError, OSError) as error:  # OSError: Pango or fontconfig missing
        raise ReportUnavailable(f"WeasyPrint cannot be loaded: {error}") from error


def html_to_pdf(html: str) -> bytes:
    fetcher = local_only_fetcher()
    from weasyprint import HTML

    document = HTML(string=html, base_url=TEMPLATES.as_uri() + "/", url_fetcher=fetcher)
    pdf = document.write_pdf(**PDF_OPTIONS)
    assert isinstance(pdf, bytes)  # write_pdf returns bytes when no target is given
    return pdf
