"""Flask's signed-cookie session, with the signing serializer built once per set of keys.

Flask builds a new `URLSafeTimedSerializer` (and its signer) twice per request, to read the
cookie and to write it; that is about a tenth of a small page's time (bench/README.md). The
serializer keeps no per-request state, so one per (secret key, fallback keys) is enough; a
changed SECRET_KEY or SECRET_KEY_FALLBACKS gets a new one.
"""

from __future__ import annotations

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer


class CachedSerializerSessionInterface(SecureCookieSessionInterface):
    def __init__(self) -> None:
        self._serializers: dict[tuple[object, ...], URLSafeTimedSerializer | None] = {}

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        key = (app.secret_key, *(app.config["SECRET_KEY_FALLBACKS"] or ()))
        serializer = self._serializers.get(key)
        if serializer is None:
            serializer = super().get_signing_serializer(app)
            self._serializers = {key: serializer}  # only the current keys are ever needed
        return serializer


def init_app(app: Flask) -> None:
    app.session_interface = CachedSerializerSessionInterface()
