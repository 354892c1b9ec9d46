"""The site's own style sheet, scripts and icon, linked with their version in the address.

Served with Flask's default (`no-cache` and an ETag), every page asked the server about each
file again, and the style sheet held the first paint for that round trip: about 1.9 s a page
on a slow phone connection (QA, flaky network). Each link now carries a hash of the file's
content (`?v=`), and an address with the current hash may be kept for a year without asking
again: a changed file has another address. Asked without it, or with another hash (an old
page's link), a file is served as before.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Flask, Response, current_app, request, url_for

LONG_CACHE = "public, max-age=31536000, immutable"  # a year; `immutable`: not even a reload asks again


def content_versions(folder: Path) -> dict[str, str]:
    """Every file under `folder` (by its path with forward slashes) -> a short hash of its bytes."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()[:12]
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def static_url(filename: str) -> str:
    """The address of a static file with its version (for the templates; the page's head is
    rendered once per language, so this runs rarely)."""
    version = current_app.config["MVO_STATIC_VERSIONS"].get(filename)
    return url_for("static", filename=filename, v=version) if version else url_for("static", filename=filename)


def cache_versioned_files(response: Response) -> Response:
    """A year for a static file asked by its current version; not in debug mode, where a file
    may change while the server runs."""
    if request.endpoint != "static" or response.status_code not in (200, 304) or current_app.debug:
        return response
    filename = (request.view_args or {}).get("filename")
    given = request.args.get("v")
    if given is not None and given == current_app.config["MVO_STATIC_VERSIONS"].get(filename):
        response.headers["Cache-Control"] = LONG_CACHE
    return response


def init_app(app: Flask) -> None:
    app.config["MVO_STATIC_VERSIONS"] = content_versions(Path(app.static_folder)) if app.static_folder else {}
    app.jinja_env.globals["static_url"] = static_url
    app.after_request(cache_versioned_files)
