"""The baseline: a bare Flask page, served by the same gunicorn settings as the application.

Flask, Werkzeug and gunicorn's sync worker, nothing else: no session, no template, no
database. The benchmark reports our pages as a fraction of this page's throughput.
"""

from flask import Flask

app = Flask(__name__)

PAGE = "<!DOCTYPE html><html lang=\"nl\"><head><title>Bare</title></head><body><p>Hallo</p></body></html>"


@app.get("/bare")
def bare() -> str:
    return PAGE
