"""mvo-assessment: a guided self-assessment on responsible business conduct (MVO-stappenplan).

The package root stays import-light: the pure core (model, loader, validation, conditions,
navigation, scoring) must be importable without Flask, so the application factory is loaded
only when it is called.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"


def create_app(test_config: dict[str, Any] | None = None) -> Any:
    """Flask application factory (`flask --app mvo_assessment run`)."""
    from .web.app import create_app as _create_app

    return _create_app(test_config)
