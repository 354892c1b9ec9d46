"""Real servers for the fault tests: a throw-away PostgreSQL that a test may stop and start,
and gunicorn with the production settings (mvo_assessment/gunicorn_conf.py)."""

from __future__ import annotations

import http.cookiejar
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def postgres_bin() -> Path | None:
    bins = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return bins[-1].parent if bins else None


class PostgresServer:
    """initdb in a temporary folder, a free loopback port; `stop()` and `start()` at will."""

    def __init__(self) -> None:
        pg_bin = postgres_bin()
        assert pg_bin is not None, "PostgreSQL is not installed"
        self.bin = pg_bin
        self.dir = Path(tempfile.mkdtemp(prefix="mvo-fault-pg."))
        self.port = free_port()
        self.root = os.geteuid() == 0
        if self.root:
            shutil.chown(self.dir, "postgres")
        self._run("initdb", "-D", str(self.dir / "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        self.start()
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "mvo")
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/mvo?connect_timeout=3"

    def _run(self, tool: str, *args: str) -> None:
        command = [str(self.bin / tool), *args]
        if self.root:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.dir / "data"), "-l", str(self.dir / "log"), "-w",
                  "-o", f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off", "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.dir / "data"), "-m", "fast", "-w", "stop")

    def close(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.dir / "data"), "-m", "immediate", "stop")
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.dir, ignore_errors=True)


def _die_with_parent() -> None:
    """Linux: the server gets SIGTERM when the test process dies (even if killed), so an
    interrupted run leaves no server behind."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


class Gunicorn:
    """The application under gunicorn (production settings), `workers` sync workers."""

    def __init__(self, database_url: str, questionnaire: Path, workers: int = 1, **env: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        environment = dict(os.environ)
        environment.update({
            "BIND": f"127.0.0.1:{self.port}", "WEB_CONCURRENCY": str(workers), "DATABASE_URL": database_url,
            "SECRET_KEY": "fault-test-" + "s" * 40, "SESSION_COOKIE_SECURE": "0", "REQUEST_LOG": "0",
            "QUESTIONNAIRE_PATH": str(questionnaire), "GUNICORN_TIMEOUT": "30",
            "PYTHONPATH": str(ROOT) + os.pathsep + environment.get("PYTHONPATH", ""),
        })
        environment.update(env)
        self.log = tempfile.NamedTemporaryFile(prefix="mvo-gunicorn.", suffix=".log", delete=False)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "python:mvo_assessment.gunicorn_conf"],
            env=environment, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent,
        )
        self.wait_ready()

    def wait_ready(self, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {Path(self.log.name).read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(self.url + "/readyz", timeout=2) as response:
                    if response.status == 200:
                        return
            except (OSError, urllib.error.HTTPError):
                pass
            time.sleep(0.1)
        raise RuntimeError("gunicorn did not become ready")

    def workers(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return [int(pid) for pid in children]

    def close(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()
        os.unlink(self.log.name)


class Browser:
    """A cookie-keeping HTTP client that does not follow redirects (like the test client)."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), self._NoRedirect()
        )

    def request(self, method: str, path: str, data: dict[str, Any] | None = None, timeout: float = 30) -> tuple[int, str]:
        body = urllib.parse.urlencode(data or {}, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, method=method)
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()
