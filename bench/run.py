"""The benchmark: `python bench/run.py` (see bench/README.md).

1. In-process (pytest-benchmark, bench/test_inprocess.py): scoring a complete assessment,
   next-level guidance, questionnaire load + validation, and one question page rendered.
2. Under load: gunicorn on loopback with the production settings (2 workers), on SQLite and
   on a throw-away PostgreSQL, driven by wrk with Lua scripts (bench/wrk/) that carry the
   session cookie and the CSRF token. Scenarios, each a separate wrk run, interleaved:
   `bare` (a bare Flask page, same gunicorn settings), `question` (GET a question page),
   `submit` (POST that page with valid, changing answers: a real save each time) and
   `journey` (start page, start, GET, POST, results). Three rounds; the median is reported.
   After every submit run the database must hold exactly what the acknowledged posts say.

Needs Debian's `wrk` and `postgresql` (`apt-get install wrk postgresql`) and the test
dependencies (`pip install -e '.[test]' pytest-benchmark`). Writes bench/results.json and
bench/results.md; exits 1 when a target is missed or a check fails.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
SECRET = "bench-secret-" + "k" * 40
WORKERS = 2
# The question page and the page the submit scenario posts: the first page of step 1, after
# an intake that the set-up answers directly in the database.
PAGE = "1A"
VARIANTS = ["s1_analyse=deel&s1_procedures=enkele", "s1_analyse=alle&s1_procedures=meeste"]
VARIANT_MARKERS = ['value="deel" checked', 'value="alle" checked']  # how the page shows a stored variant
VARIANT_ANSWERS = [{"s1_analyse": "deel", "s1_procedures": "enkele"}, {"s1_analyse": "alle", "s1_procedures": "meeste"}]
TARGETS = {"question_ratio": 0.30, "submit_ratio": 0.25, "p99_ms": 25.0, "score_us": 100.0, "load_ms": 250.0}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not answer 200 within {seconds} s")
        time.sleep(0.2)


# --- PostgreSQL, like scripts/test ----------------------------------------------------------


@contextmanager
def postgres() -> Iterator[str]:
    bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: [int(x) for x in p.parent.name.split(".")])
    if not bins:
        raise SystemExit("PostgreSQL is not installed: apt-get install postgresql")
    pg_bin = bins[-1]
    directory = Path(tempfile.mkdtemp(prefix="mvo-bench-pg."))
    port = free_port()
    root = os.geteuid() == 0
    run_as = ["runuser", "-u", "postgres", "--"] if root else []
    if root:
        shutil.chown(directory, "postgres")
    data = directory / "data"

    def run(*args: str) -> None:
        subprocess.run(run_as + list(args), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    run(str(pg_bin / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
    # Durable settings (fsync on), unlike the test server: the benchmark measures real saves.
    run(str(pg_bin / "pg_ctl"), "-D", str(data), "-l", str(directory / "log"), "-w",
        "-o", f"-p {port} -k {directory} -c listen_addresses=127.0.0.1", "start")
    try:
        run(str(pg_bin / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "mvo_bench")
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/mvo_bench"
    finally:
        subprocess.run(run_as + [str(pg_bin / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(directory, ignore_errors=True)


# --- servers ---------------------------------------------------------------------------------


def server_env(database_url: str, port: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(WORKERS),
        "DATABASE_URL": database_url,
        "SECRET_KEY": SECRET,
        "SESSION_COOKIE_SECURE": "0",
        # As in production: one JSON line per request (into the server's log file here).
        "REQUEST_LOG": "1",
        # One address (wrk on loopback) starts thousands of assessments: lift the limit here only.
        "START_LIMIT": "1000000 per minute",
        "PYTHONPATH": str(ROOT) + os.pathsep + env.get("PYTHONPATH", ""),
    })
    return env


@contextmanager
def gunicorn(env: dict[str, str], app: str | None, ready_path: str) -> Iterator[str]:
    command = [sys.executable, "-m", "gunicorn", "-c", "python:mvo_assessment.gunicorn_conf"]
    if app:
        command += ["--pythonpath", str(BENCH), app]
    log = open(Path(tempfile.gettempdir()) / f"mvo-bench-{env['BIND'].rsplit(':', 1)[1]}.log", "w")
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    url = "http://" + env["BIND"]
    started = False
    try:
        wait_for(url + ready_path)
        started = True
        yield url
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
        if started:  # the request log of a run is large; a server that did not start keeps its log
            Path(log.name).unlink(missing_ok=True)


# --- set-up through the application's own store ----------------------------------------------


def make_app(database_url: str) -> Any:
    from mvo_assessment import create_app

    return create_app({"SECRET_KEY": SECRET, "DATABASE_URL": database_url, "AUTO_MIGRATE": False,
                       "SESSION_COOKIE_SECURE": False, "REQUEST_LOG": False})


def prepare_assessments(app: Any, count: int) -> list[tuple[str, str, int]]:
    """`count` assessments with the intake answered, each with its session cookie (signed the
    way the application signs it): [(assessment id, cookie, revision)]."""
    from mvo_assessment.answers import load_answers_file

    q = app.extensions["mvo_questionnaire"]
    example = load_answers_file(q, (ROOT / "examples" / "klein-importeur.json").read_text(encoding="utf-8"))
    intake = {k: v for k, v in example.items() if q.questions_by_id[k].section_id == "intake"}
    store = app.extensions["mvo_store"]
    serializer = app.session_interface.get_signing_serializer(app)
    prepared = []
    for _ in range(count):
        record = store.create(q.id, q.version, intake)
        cookie = f"{app.config['SESSION_COOKIE_NAME']}={serializer.dumps({'assessment': record.id})}"
        prepared.append((record.id, cookie, record.revision))
    return prepared


def journey_pages(app: Any) -> str:
    """The journey's intake, one page per line: "path<TAB>answers" with the small importer's
    answers to the questions each page shows (a multiple choice as repeated fields)."""
    from urllib.parse import urlencode

    from mvo_assessment.answers import load_answers_file
    from mvo_assessment.navigation import resolve

    q = app.extensions["mvo_questionnaire"]
    example = load_answers_file(q, (ROOT / "examples" / "klein-importeur.json").read_text(encoding="utf-8"))
    intake = {k: v for k, v in example.items() if q.questions_by_id[k].section_id == "intake"}
    shown = resolve(q, intake)
    lines = []
    for page in q.pages:
        if page.section_id != "intake" or page.id not in shown.pages:
            continue
        fields = [(question.id, value) for question in page.questions if question.id in shown.effective
                  for value in (shown.effective[question.id] if isinstance(shown.effective[question.id], list)
                                else [shown.effective[question.id]])]
        lines.append(f"/zelfevaluatie/vraag/{page.id}\t{urlencode(fields)}")
    return "\n".join(lines) + "\n"


def check_submits(app: Any, prepared: list[tuple[str, str, int]], threads: list[dict[str, int]]) -> list[str]:
    """The stored answers and revision of every assessment against what its thread saw
    acknowledged: `acked` saves, the last one with variant `last`. The one post that may be in
    flight when wrk stops (`pending`) is either fully saved (one revision more, its answers) or
    not at all; any other difference is a lost or phantom update."""
    store = app.extensions["mvo_store"]
    problems = []
    for thread in threads:
        assessment_id, _cookie, revision = prepared[(thread["id"] - 1) % len(prepared)]
        record = store.get(assessment_id)
        acknowledged = (revision + thread["acked"], VARIANT_ANSWERS[thread["last"] - 1] if thread["acked"] else None)
        allowed = [acknowledged]
        if thread["pending"]:
            allowed.append((acknowledged[0] + 1, VARIANT_ANSWERS[thread["pending"] - 1]))
        stored_answers = {k: record.answers.get(k) for k in VARIANT_ANSWERS[0]}
        if not any(record.revision == rev and (want is None or stored_answers == want) for rev, want in allowed):
            problems.append(f"{assessment_id}: stored revision {record.revision} with {stored_answers}; "
                            f"acknowledged {acknowledged}, in flight {allowed[1:] or 'nothing'}")
    return problems


# --- wrk -------------------------------------------------------------------------------------


def run_wrk(url: str, script: str, env: dict[str, str], seconds: int, connections: int) -> dict[str, Any]:
    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")
    full_env = dict(os.environ, BENCH_LUA_DIR=str(BENCH / "wrk"), **env)
    # One connection per thread: each thread's requests follow each other (see common.lua).
    command = [wrk, f"-t{connections}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
               "-s", str(BENCH / "wrk" / script), url]
    output = subprocess.run(command, env=full_env, capture_output=True, text=True, check=True).stdout
    result: dict[str, Any] = {"threads": [], "bad": 0}
    for line in output.splitlines():
        parts = line.split()
        if not parts:
            continue
        if parts[0] == "BENCH-LAT":
            p50, p95, p99, requests, duration, errors = map(int, parts[1:7])
            result.update(p50_ms=p50 / 1000, p95_ms=p95 / 1000, p99_ms=p99 / 1000, requests=requests,
                          rps=requests / (duration / 1e6), socket_or_4xx_errors=errors)
        elif parts[0] == "BENCH-BAD":
            result["bad"] = int(parts[1])
        elif parts[0] == "BENCH-JOURNEYS":
            result["journeys"] = int(parts[1])
        elif parts[0] == "BENCH-THREAD":
            tid, acked, bad, last, pending = map(int, parts[1:6])
            result["threads"].append({"id": tid, "acked": acked, "bad": bad, "last": last, "pending": pending})
            result["bad"] += bad
    result["errors"] = result.get("socket_or_4xx_errors", 0) + result["bad"]
    return result


# --- in-process ------------------------------------------------------------------------------


def inprocess() -> dict[str, Any]:
    out = Path(tempfile.gettempdir()) / "mvo-bench-inprocess.json"
    command = [sys.executable, "-m", "pytest", str(BENCH / "test_inprocess.py"), "-q", "-p", "no:cacheprovider",
               "--benchmark-only", f"--benchmark-json={out}", "--benchmark-columns=min,median,mean,rounds",
               "--rootdir", str(BENCH), "-c", str(BENCH / "pytest.ini")]
    subprocess.run(command, cwd=ROOT, check=True)
    data = json.loads(out.read_text())
    return {b["name"]: {"median_us": b["stats"]["median"] * 1e6, "rounds": b["stats"]["rounds"]} for b in data["benchmarks"]}


# --- the run ---------------------------------------------------------------------------------


def median_of(rounds: list[dict[str, Any]], key: str) -> float:
    return float(statistics.median(r[key] for r in rounds))


def summarise(runs: dict[str, list[dict[str, Any]]]) -> dict[str, dict[str, float]]:
    summary = {}
    for name, rounds in runs.items():
        summary[name] = {
            "rps": median_of(rounds, "rps"),
            "p50_ms": median_of(rounds, "p50_ms"),
            "p95_ms": median_of(rounds, "p95_ms"),
            "p99_ms": median_of(rounds, "p99_ms"),
            "errors": sum(r["errors"] for r in rounds),
            "requests": sum(r["requests"] for r in rounds),
        }
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=8, help="length of one wrk run (default 8)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=4, help="wrk connections (= threads)")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--skip-inprocess", action="store_true")
    parser.add_argument("--skip-load", action="store_true")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    report: dict[str, Any] = {"machine": {"cores": os.cpu_count(), "workers": WORKERS, "seconds": args.seconds,
                                          "rounds": args.rounds, "connections": args.connections}}
    failures: list[str] = []
    if not args.skip_inprocess:
        report["inprocess"] = inprocess()
    if not args.skip_load:
        report["load"] = load(args, failures)
    check_targets(report, failures)
    (BENCH / "results.json").write_text(json.dumps(report, indent=2) + "\n")
    markdown = to_markdown(report, failures)
    (BENCH / "results.md").write_text(markdown)
    print(markdown)
    return 1 if failures else 0


def load(args: argparse.Namespace, failures: list[str]) -> dict[str, Any]:
    databases = [d for d in args.databases.split(",") if d]
    work = Path(tempfile.mkdtemp(prefix="mvo-bench."))
    results: dict[str, Any] = {}
    with contextlib_exit_stack() as stack:
        urls = {"sqlite": f"sqlite:///{work / 'bench.sqlite3'}"}
        if "postgresql" in databases:
            urls["postgresql"] = stack.enter_context(postgres())
        bare_env = server_env("sqlite://", free_port())
        bare = stack.enter_context(gunicorn(bare_env, "bare:app", "/bare"))
        servers, apps, prepared = {}, {}, {}
        for db in databases:
            env = server_env(urls[db], free_port())
            servers[db] = stack.enter_context(gunicorn(env, None, "/readyz"))
            apps[db] = make_app(urls[db])
            prepared[db] = prepare_assessments(apps[db], args.connections)
            cookies = work / f"cookies-{db}.txt"
            cookies.write_text("\n".join(cookie for _id, cookie, _rev in prepared[db]) + "\n")
        journey_file = work / "journey.txt"
        journey_file.write_text(journey_pages(apps[databases[0]]))
        journey_env = {"BENCH_JOURNEY": str(journey_file)}
        answers_file = work / "answers.txt"
        answers_file.write_text("\n".join(VARIANTS) + "\n")
        markers_file = work / "markers.txt"
        markers_file.write_text("\n".join(VARIANT_MARKERS) + "\n")
        has_results = "results.show" in apps[databases[0]].view_functions
        results_path = "/zelfevaluatie/resultaat" if has_results else "/zelfevaluatie/samenvatting"
        runs: dict[str, list[dict[str, Any]]] = {}
        page_path = f"/zelfevaluatie/vraag/{PAGE}"
        # A short warm-up, not recorded: database connections, per-worker caches.
        run_wrk(bare, "get.lua", {"BENCH_PATH": "/bare"}, 2, args.connections)
        for db in databases:
            run_wrk(servers[db], "get.lua", {"BENCH_PATH": page_path, "BENCH_COOKIES": str(work / f"cookies-{db}.txt")},
                    2, args.connections)
            run_wrk(servers[db], "journey.lua", {**journey_env, "BENCH_RESULTS": results_path},
                    2, args.connections)
        for round_number in range(1, args.rounds + 1):
            print(f"== round {round_number}", flush=True)
            runs.setdefault("bare", []).append(
                run_wrk(bare, "get.lua", {"BENCH_PATH": "/bare"}, args.seconds, args.connections))
            for db in databases:
                cookies = str(work / f"cookies-{db}.txt")
                runs.setdefault(f"{db}/question", []).append(run_wrk(
                    servers[db], "get.lua", {"BENCH_PATH": page_path, "BENCH_COOKIES": cookies},
                    args.seconds, args.connections))
                submit = run_wrk(
                    servers[db], "submit.lua",
                    {"BENCH_PATH": page_path, "BENCH_COOKIES": cookies, "BENCH_ANSWERS": str(answers_file),
                     "BENCH_MARKERS": str(markers_file)},
                    args.seconds, args.connections)
                # wrk stops with a post possibly still queued in a worker: it runs to its end (and
                # may save) after wrk has gone. Let the server finish before looking.
                time.sleep(1.0)
                problems = check_submits(apps[db], prepared[db], submit["threads"])
                submit["acknowledged"] = sum(t["acked"] for t in submit["threads"])
                submit["integrity_problems"] = problems
                failures += [f"{db} submit, round {round_number}: {p}" for p in problems]
                # The next round starts from what is stored now.
                prepared[db] = [(i, c, apps[db].extensions["mvo_store"].get(i).revision) for i, c, _r in prepared[db]]
                runs.setdefault(f"{db}/submit", []).append(submit)
                runs.setdefault(f"{db}/journey", []).append(run_wrk(
                    servers[db], "journey.lua",
                    {**journey_env, "BENCH_RESULTS": results_path},
                    args.seconds, args.connections))
            for name, rounds in runs.items():
                last = rounds[-1]
                print(f"   {name:22s} {last['rps']:8.0f} req/s  p50 {last['p50_ms']:6.2f}  p99 {last['p99_ms']:6.2f} ms"
                      f"  errors {last['errors']}", flush=True)
        for app in apps.values():
            app.extensions["mvo_store"].engine.dispose()
    summary = summarise(runs)
    bare_rps = summary["bare"]["rps"]
    for name, values in summary.items():
        values["ratio_to_bare"] = values["rps"] / bare_rps if bare_rps else 0.0
    results["summary"] = summary
    results["results_page"] = results_path
    results["acknowledged_submits"] = {db: sum(r["acknowledged"] for r in runs[f"{db}/submit"]) for db in databases}
    shutil.rmtree(work, ignore_errors=True)
    return results


@contextmanager
def contextlib_exit_stack() -> Iterator[Any]:
    from contextlib import ExitStack

    with ExitStack() as stack:
        yield stack


def check_targets(report: dict[str, Any], failures: list[str]) -> None:
    load_results = report.get("load")
    if load_results:
        for name, values in load_results["summary"].items():
            if values["errors"]:
                failures.append(f"{name}: {values['errors']} errors")
            if name.endswith(("/question", "/submit")) and values["p99_ms"] > TARGETS["p99_ms"]:
                failures.append(f"{name}: p99 {values['p99_ms']:.1f} ms > {TARGETS['p99_ms']} ms")
            if name.endswith("/question") and values["ratio_to_bare"] < TARGETS["question_ratio"]:
                failures.append(f"{name}: {values['ratio_to_bare']:.2f}x bare < {TARGETS['question_ratio']}x")
            if name.endswith("/submit") and values["ratio_to_bare"] < TARGETS["submit_ratio"]:
                failures.append(f"{name}: {values['ratio_to_bare']:.2f}x bare < {TARGETS['submit_ratio']}x")
    inproc = report.get("inprocess")
    if inproc:
        for name, values in inproc.items():
            if name.startswith("test_score_") and values["median_us"] > TARGETS["score_us"]:
                failures.append(f"{name}: {values['median_us']:.0f} µs > {TARGETS['score_us']:.0f} µs")
            if name == "test_load_and_validate" and values["median_us"] > TARGETS["load_ms"] * 1000:
                failures.append(f"{name}: {values['median_us'] / 1000:.0f} ms > {TARGETS['load_ms']:.0f} ms")


def to_markdown(report: dict[str, Any], failures: list[str]) -> str:
    m = report["machine"]
    lines = [f"Machine: {m['cores']} cores; gunicorn {m['workers']} sync workers; wrk {m['connections']} connections; "
             f"{m['rounds']} interleaved rounds of {m['seconds']} s, medians.", ""]
    if "load" in report:
        lines += ["| scenario | req/s | × bare | p50 ms | p95 ms | p99 ms | errors |", "|---|---:|---:|---:|---:|---:|---:|"]
        for name, v in report["load"]["summary"].items():
            lines.append(f"| {name} | {v['rps']:.0f} | {v['ratio_to_bare']:.2f} | {v['p50_ms']:.2f} | {v['p95_ms']:.2f} | "
                         f"{v['p99_ms']:.2f} | {v['errors']} |")
        acked = report["load"]["acknowledged_submits"]
        lines += ["", "Acknowledged submits, all found stored exactly: "
                  + ", ".join(f"{db} {n}" for db, n in acked.items()) + f". Results page: `{report['load']['results_page']}`.", ""]
    if "inprocess" in report:
        lines += ["| in-process (pytest-benchmark) | median |", "|---|---:|"]
        for name, v in report["inprocess"].items():
            value = v["median_us"]
            shown = f"{value / 1000:.1f} ms" if value >= 1000 else f"{value:.0f} µs"
            lines.append(f"| {name} | {shown} |")
        lines.append("")
    lines.append("Targets met." if not failures else "Targets missed:\n" + "\n".join(f"- {f}" for f in failures))
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
