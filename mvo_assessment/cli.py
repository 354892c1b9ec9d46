"""The command line: validate, show, score, fit, report, serve, db upgrade and purge. A thin face over the core."""

from __future__ import annotations

import argparse
import errno
import io
import json
import os
import sys
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterator, Sequence, TextIO

from .answers import (
    BAD_VALUE,
    OTHER_VERSION,
    UNKNOWN_QUESTION,
    AnswerError,
    AnswersFile,
    AnswersInvalid,
    parse_answers_bytes,
    shown,
    shown_json,
)
from .conditions import to_json
from .config import MAX_DAYS
from .errors import WAITING_FOR_FILES, WAITING_FOR_PROBLEMS, WAITING_FOR_REFERENCES, QuestionnaireInvalid
from .export import model_json
from .i18n import LANGUAGES, SOURCE_LANGUAGE, product_today
from .loader import load_questionnaire
from .model import Question, Questionnaire, Trigger
from .paths import content_translations_path, default_questionnaire_path
from .validation.versions import RECORD_FILE


def _counted(count: int, noun: str) -> str:
    """'1 tool', '45 tools' (the nouns counted here all take an s)."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _load(path: str | None, out: TextIO) -> Questionnaire | None:
    folder = Path(path) if path else default_questionnaire_path()
    try:
        return load_questionnaire(folder)
    except QuestionnaireInvalid as invalid:
        for issue in invalid.issues:
            # Issues name files inside the folder; a missing folder is named by the folder itself.
            located = issue.file if issue.file == str(folder) else str(folder / issue.file)
            print(replace(issue, file=located), file=out)
        print(f"\n{_counted(len(invalid.issues), 'problem')} found in {folder}.", file=out)
        if invalid.checks_waiting == WAITING_FOR_FILES:
            # QA (review): "1 problem found" read as "the rest is fine".
            print("The checks across files (references, conditions, levels) wait until every file can be "
                  "read: run validate again after mending this.", file=out)
        elif invalid.checks_waiting == WAITING_FOR_REFERENCES:
            print("The checks of conditions, levels, recommendations, unused tools and released versions wait "
                  "until every reference and id is right: run validate again after mending these.", file=out)
        elif invalid.checks_waiting == WAITING_FOR_PROBLEMS:
            print(f"The check of the released versions' rules ({RECORD_FILE}) waits until these are mended: "
                  "run validate again after mending them.", file=out)
        if path is None and not folder.is_dir() and os.environ.get("QUESTIONNAIRE_PATH"):
            # QA (command line): it said "set QUESTIONNAIRE_PATH", which had named the folder.
            print("That folder is the one QUESTIONNAIRE_PATH names: correct it, or unset it for the shipped "
                  "questionnaire.", file=out)
        elif path is None and not folder.is_dir():
            # The default is the checkout's folder: an install that is not editable has none.
            print("Name the questionnaire folder, set QUESTIONNAIRE_PATH, or install from a checkout "
                  "with `pip install -e .` (README.md).", file=out)
        return None


def _named_translations_missing(args: argparse.Namespace, translations: Path) -> bool:
    """A folder someone named (the option, or the website's setting) must exist; only the
    default one beside the questionnaire may be absent (QA, review). Says so when it does not."""
    named = args.translations or os.environ.get("QUESTIONNAIRE_TRANSLATIONS")
    if named and not translations.is_dir():
        source = "--translations" if args.translations else "QUESTIONNAIRE_TRANSLATIONS"
        print(f"No translations folder at '{translations}' ({source})", file=sys.stderr)
        return True
    return False


def cmd_validate(args: argparse.Namespace) -> int:
    from .translation_check import check_translations

    questionnaire = _load(args.path, sys.stderr)
    if questionnaire is None:
        return 1
    folder = Path(args.path) if args.path else default_questionnaire_path()
    translations = content_translations_path(folder, args.translations)
    if _named_translations_missing(args, translations):
        return 1
    if translations.is_dir():
        problems = [
            p for p in check_translations(translations, questionnaire) if p.language != questionnaire.language
        ]
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            print(f"\n{_counted(len(problems), 'translation problem')} found in {translations}.", file=sys.stderr)
            return 1
    from .translation_check import catalog_paths

    count = len(questionnaire.questions)
    # Named, so that an author whose translations folder is empty (or elsewhere) sees at once
    # that the questionnaire is valid in its own language only.
    translated = {language for language, _ in catalog_paths(translations)} if translations.is_dir() else set()
    languages = [questionnaire.language, *sorted(translated - {questionnaire.language})]
    print(f"{args.path or default_questionnaire_path()}: valid ({questionnaire.id} {questionnaire.version}, "
          f"{_counted(len(questionnaire.sections), 'section')}, {_counted(len(questionnaire.pages), 'page')}, "
          f"{_counted(count, 'question')}, {_counted(len(questionnaire.tools), 'tool')}; languages: {', '.join(languages)}).")
    if not translations.is_dir():
        print(f"No translations were checked: there is no folder '{translations}' (name one with --translations).")
    from .validation.versions import unrecorded_version_note

    note = unrecorded_version_note(questionnaire)
    if note:
        print(note)
    return 0


def _condition_text(condition: object) -> str:
    return json.dumps(to_json(condition), ensure_ascii=False) if condition is not None else ""  # type: ignore[arg-type]


def cmd_show(args: argparse.Namespace) -> int:
    questionnaire = _load(args.path, sys.stderr)
    if questionnaire is None:
        return 1
    if args.json:
        json.dump(model_json(questionnaire), sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    print(f"{questionnaire.title} ({questionnaire.id} {questionnaire.version}, {questionnaire.language})")
    for section in questionnaire.sections:
        label = "Intake" if section.kind == "intake" else f"Stap {section.number}"
        print(f"\n{label}: {section.title} [{section.id}]" + (f"  if {_condition_text(section.condition)}" if section.condition else ""))
        for page in section.pages:
            print(f"  {page.id}: {page.title}" + (f"  if {_condition_text(page.condition)}" if page.condition else ""))
            for question in page.questions:
                print(f"    - {question.id} ({_question_facts(question)})"
                      + (f"  if {_condition_text(question.condition)}" if question.condition else ""))
                print(f"        {question.text}")
        scoring = section.scoring
        if scoring is not None:
            # QA (author): gates, caps and thresholds could only be checked by scoring a file.
            thresholds = ", ".join(f"{level}: {share:g}%" for level, share in sorted(scoring.thresholds.items()))
            print(f"  scoring: levels from {thresholds}; at least {scoring.min_answers} answered "
                  f"and {scoring.min_answered_share:.0%} of the scored questions shown")
            for gate in scoring.gates:
                print(f"    - gate {gate.id}: level {gate.level} or higher only when {gate.question} scores at least {gate.min_score}")
            for cap in scoring.caps:
                print(f"    - cap {cap.id}: at most level {cap.max_level} while {_condition_text(cap.when)}")
        if section.recommendations:
            # So that an author can review the advice without scoring an answers file.
            print("  recommendations:")
            for rec in section.recommendations:
                urgent = ", urgent" if rec.urgent else ""
                tools = f"  tools: {', '.join(rec.tools)}" if rec.tools else ""
                print(f"    - {rec.id} ({_trigger_text(rec.trigger)}{urgent}){tools}")
                print(f"        {_first_line(rec.text)}")
    general = questionnaire.general_tools()
    if general:
        print(f"\nGeneral help (tools of every step): {', '.join(tool.id for tool in general)}")
    print(f"\n{_counted(len(questionnaire.questions), 'question')}, {_counted(len(questionnaire.tools), 'tool')}.")
    return 0


def _question_facts(question: Question) -> str:
    """"single, weight 1, optional", "number, 0 to 100": what the outline says of a question."""
    facts: list[str] = [question.type]
    if question.weight:
        facts.append(f"weight {question.weight}")
    if not question.required:
        facts.append("optional")
    if question.type in ("number", "scale") and (question.min is not None or question.max is not None):
        low = "…" if question.min is None else f"{question.min:g}"
        high = "…" if question.max is None else f"{question.max:g}"
        facts.append(f"{low} to {high}")
    return ", ".join(facts)


def _trigger_text(trigger: Trigger) -> str:
    if trigger.question is not None:
        text = f"when {trigger.question} is {' or '.join(trigger.values)}"
    elif trigger.levels:
        text = f"at level {' or '.join(str(level) for level in trigger.levels)}"
    else:
        text = f"when {trigger.gap} or more levels below the target"
    return text + (f", only while {_condition_text(trigger.when)}" if trigger.when is not None else "")


def _first_line(text: str, limit: int = 100) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= limit and "\n" not in text.strip() else line[: limit - 1] + "…"


def _load_answers(args: argparse.Namespace) -> tuple[Questionnaire, AnswersFile] | None:
    """The questionnaire and the answers file of `score` and `report`; None after printing
    located errors, so both commands refuse a bad file in exactly the same words."""
    loaded = _questionnaire_and_bytes(args)
    if loaded is None:
        return None
    questionnaire, data = loaded
    try:
        answers = parse_answers_bytes(questionnaire, data)
    except AnswersInvalid as invalid:
        if not any(problem.kind == OTHER_VERSION and problem.data.get("given") for problem in invalid.problems):
            _print_problems(args.answers, invalid)
            return None
        import shlex

        # A file of another version: its answers are judged by that version's rules, which are
        # not here, so an answer this version does not know is no mistake to mend (QA,
        # contracts: "'misschien' is not an option" for an answer 1.0 may have had). They are
        # counted; `fit` names them. Problems of the file's shape are still said.
        of_the_version = [p for p in invalid.problems if p.kind in (UNKNOWN_QUESTION, BAD_VALUE) and not p.data.get("round")]
        _print_problems(args.answers, AnswersInvalid([p for p in invalid.problems if p not in of_the_version]))
        folder = f" --questionnaire {shlex.quote(args.questionnaire)}" if args.questionnaire else ""
        count = len(of_the_version)
        not_fitting = ("" if not count else "; of its answers, 1 does not fit this version (`fit` names it)" if count == 1
                       else f"; of its answers, {count} do not fit this version (`fit` names them)")
        print(f"{args.answers}: `mvo-assessment fit {shlex.quote(args.answers)}{folder} -o FITTED.json` keeps "
              f"the answers that still fit this version (docs/answers-format.md){not_fitting}", file=sys.stderr)
        return None
    return questionnaire, answers


def _questionnaire_and_bytes(args: argparse.Namespace) -> tuple[Questionnaire, bytes] | None:
    questionnaire = _load(args.questionnaire, sys.stderr)
    if questionnaire is None:
        return None
    try:
        # Bytes, not text: the answers module decides the encoding, the same way for the website.
        data = sys.stdin.buffer.read() if args.answers == "-" else Path(args.answers).read_bytes()
    except OSError as error:
        print(f"{args.answers}: cannot read the answers file ({error.strerror or error})", file=sys.stderr)
        return None
    return questionnaire, data


# Problems said one by one; past this many, the rest are counted. A file of two million unknown
# keys printed two million lines (QA, command line); the first hundred show what is wrong.
PRINTED_PROBLEMS = 100


def _print_problems(source: str, invalid: AnswersInvalid) -> None:
    for problem in invalid.problems[:PRINTED_PROBLEMS]:
        print(f"{source}: {problem}", file=sys.stderr)
    rest = len(invalid.problems) - PRINTED_PROBLEMS
    if rest > 0:
        print(f"{source}: … and {_counted(rest, 'more problem')} of the same file", file=sys.stderr)


def cmd_fit(args: argparse.Namespace) -> int:
    """An answers file of another version of this questionnaire, fitted to this version as the
    website's upload fits it: the answers that still fit are kept, the rest are named."""
    from .answers import coerce_answer, decode_answers_file, read_answers_document, read_or_fit_answers_file

    loaded = _questionnaire_and_bytes(args)
    if loaded is None:
        return 1
    questionnaire, data = loaded
    try:
        document = read_answers_document(decode_answers_file(data))
        fitted = read_or_fit_answers_file(questionnaire, document)
    except AnswersInvalid as invalid:
        # What makes it unfit is the rest: "cannot be scored with this version" is what `fit` mends.
        rest = [p for p in invalid.problems if p.kind != OTHER_VERSION or not p.data.get("given")]
        _print_problems(args.answers, AnswersInvalid(rest or invalid.problems))
        return 1
    # Every answer that fits, hidden ones too, as the upload stores them; the earlier rounds as
    # the file has them, each with its own version (history is not refitted; QA, review).
    fitted_document: dict[str, Any] = {
        "questionnaire": questionnaire.id, "version": questionnaire.version, "answers": fitted.answers,
    }
    if fitted.finished is not None:
        fitted_document["finished"] = fitted.finished.isoformat()
    if "earlier_rounds" in document:
        fitted_document["earlier_rounds"] = document["earlier_rounds"]
    body = (json.dumps(fitted_document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if args.output is not None and not _write_all([(args.output, body, "answers file")], args.answers):
        return 1
    if args.output is None:
        sys.stdout.write(body.decode("utf-8"))
    target = f"version {questionnaire.version}"
    if fitted.left_out is None:
        print(f"{args.answers}: already {target}; nothing left out", file=sys.stderr)
        return 0
    left_out = fitted.left_out
    print(f"{args.answers}: fitted from version {shown_json(document.get('version'))} to {target}; "
          f"{len(left_out)} {'answer' if len(left_out) == 1 else 'answers'} left out"
          + (":" if left_out else ""), file=sys.stderr)
    for question_id, value in list(left_out.items())[:PRINTED_PROBLEMS]:
        question = questionnaire.questions_by_id.get(question_id)
        if question is None:
            why = f"no question '{shown(question_id)}' in {target}"
        else:
            try:
                coerce_answer(question, value)
                why = "does not fit"
            except AnswerError as error:
                why = str(error)
        print(f"  {shown(question_id)}: {shown_json(value)} ({why})", file=sys.stderr)
    if len(left_out) > PRINTED_PROBLEMS:  # as for problems: the rest counted (QA, review)
        print(f"  … and {len(left_out) - PRINTED_PROBLEMS} more", file=sys.stderr)
    return 0


def _in_language(args: argparse.Namespace, questionnaire: Questionnaire) -> tuple[Questionnaire, Any] | None:
    """The model in `--lang` and the interface catalog (explanations, report, CSV headers).

    The content catalogs are where `paths.content_translations_path` says (--translations,
    QUESTIONNAIRE_TRANSLATIONS, else translations/ beside the questionnaire folder, as for the
    website and `validate`), the interface catalogs in the repository's translations/. Missing
    catalogs leave the Dutch text; `validate` reports them. None (said on standard error) when
    a translations folder someone named does not exist: a typo, not a questionnaire without
    that language (QA, command line: a half-translated report, exit 0)."""
    from .catalog_files import interface_format_problems, unusable_translations_warning
    from .catalogs import TRANSLATIONS
    from .content_i18n import translate
    from .i18n import CONTENT_DOMAIN, MESSAGES_DOMAIN, load_translations

    if args.lang == questionnaire.language:
        return questionnaire, load_translations(TRANSLATIONS, args.lang)
    folder = Path(args.questionnaire) if args.questionnaire else default_questionnaire_path()
    catalogs = content_translations_path(folder, args.translations)
    if _named_translations_missing(args, catalogs):
        return None
    if not (catalogs / args.lang / "LC_MESSAGES" / f"{CONTENT_DOMAIN}.po").exists():
        # Still a result (exit 0), but not silently in the wrong language.
        print(f"warning: no '{args.lang}' translation of this questionnaire in {catalogs}; "
              f"its own texts stay in {questionnaire.language}", file=sys.stderr)
    content = load_translations(catalogs, args.lang, CONTENT_DOMAIN)
    interface = TRANSLATIONS / args.lang / "LC_MESSAGES" / f"{MESSAGES_DOMAIN}.po"
    unusable = interface_format_problems(interface, args.lang)
    if unusable:
        print(f"warning: {unusable_translations_warning(interface, unusable)}", file=sys.stderr)
    return translate(questionnaire, content.pgettext), load_translations(TRANSLATIONS, args.lang)


def cmd_score(args: argparse.Namespace) -> int:
    from .scoring import score

    loaded = _load_answers(args)
    if loaded is None:
        return 1
    questionnaire, answers_file = loaded  # earlier rounds are not scored (docs/answers-format.md)
    in_language = _in_language(args, questionnaire)
    if in_language is None:
        return 1
    questionnaire, translations = in_language
    json.dump(score(questionnaire, answers_file.answers, translations=translations), sys.stdout, ensure_ascii=False, indent=2)
    print()
    return 0


def _write_all(outputs: list[tuple[str, bytes, str]], source: str) -> bool:
    """Write every (path, data, what) or none: each goes to a temporary file beside its target
    first, and only when all are written do they replace their targets. So a PDF is not left
    behind (or an earlier one overwritten) when the CSV cannot be written. `source` is the
    answers file the outputs were made from, which no output may replace."""
    import tempfile

    written: list[tuple[str, str, str]] = []  # (temporary file, target, what)
    targets: dict[Path, str] = {}
    try:
        for path, data, what in outputs:
            if path in ("", "-"):
                # "" named the current folder ("it is a folder"), "-" a file called "-", while
                # "-" for the answers file means standard input (QA, command line).
                raise _WriteFailed(path or "''", what, "give a file name")
            try:
                _refuse_a_target(path, what, source, targets)
            except OSError as error:
                # A name too long for the file system, a folder the user may not enter: a
                # traceback from `exists()` (QA, answers files).
                raise _WriteFailed(path, what, error.strerror or str(error)) from None
            try:
                handle, temporary = tempfile.mkstemp(dir=Path(path).parent, prefix=".mvo-", suffix=".tmp")
                with os.fdopen(handle, "wb") as file:
                    written.append((temporary, path, what))
                    file.write(data)
                # mkstemp makes the file private (0600); give it what a plain write would have.
                os.chmod(temporary, _new_file_mode(Path(path)))
            except OSError as error:
                raise _WriteFailed(path, what, error.strerror or str(error)) from None
        while written:
            temporary, path, what = written[0]
            try:
                os.replace(temporary, path)
            except OSError as error:
                raise _WriteFailed(path, what, error.strerror or str(error)) from None
            written.pop(0)
    except _WriteFailed as failed:
        print(f"{failed.path}: cannot write the {failed.what} ({failed.reason})", file=sys.stderr)
        return False
    finally:
        for temporary, _path, _what in written:
            Path(temporary).unlink(missing_ok=True)
    return True


def _refuse_a_target(path: str, what: str, source: str, targets: dict[Path, str]) -> None:
    """Raise _WriteFailed where `path` may not be written (OSError where it cannot be looked at)."""
    if Path(path).exists() and _is_the_source(path, source):
        # QA (command line): `report a.json -o a.json` (or `--csv a.json`, or `fit a.json
        # -o a.json`) replaced the answers with a PDF and exited 0; the answers a fit
        # leaves out would be gone with them.
        raise _WriteFailed(path, what, f"it is the answers file it is made from; give the {what} another name")
    if Path(path).is_file() and not Path(path).stat().st_mode & 0o222:
        # The rename below needs only a writable folder, so it replaced a file someone
        # had made read-only to keep it (QA, command line); root too, as an editor would.
        raise _WriteFailed(path, what, "the file is read-only; make it writable or give another name")
    if Path(path).is_dir():
        raise _WriteFailed(path, what, "it is a folder")
    if Path(path).exists() and not Path(path).is_file():
        # A device such as /dev/null: the rename below would put a file in its place
        # (QA, review: `-o /dev/full` replaced the device).
        raise _WriteFailed(path, what, "it is not a regular file; give a file name")
    same = targets.setdefault(Path(path).resolve(), what)
    if same != what:
        # QA (security): `-o x --csv x` wrote the PDF, then the CSV over it, and said nothing.
        raise _WriteFailed(path, what, f"the {same} goes to the same file; give each its own name")


def _is_the_source(path: str, source: str) -> bool:
    """Whether `path` is the answers file read, also when it came on standard input
    (`report - -o a.json < a.json`; QA, review)."""
    if source == "-":
        try:
            return os.path.samestat(os.fstat(sys.stdin.fileno()), os.stat(path))
        except (OSError, ValueError):  # no standard input to compare (closed, or not a file)
            return False
    try:
        # The same file by another name: a bind mount, or another case of the name on a file
        # system that ignores case (macOS, Windows) passed a comparison of paths (QA, answers files).
        return os.path.samefile(path, source)
    except OSError:
        return Path(path).resolve() == Path(source).resolve()


def _new_file_mode(target: Path) -> int:
    """The target's own mode when it exists, else what the umask gives a new file."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


class _WriteFailed(Exception):
    def __init__(self, path: str, what: str, reason: str) -> None:
        super().__init__(path)
        self.path, self.what, self.reason = path, what, reason


def cmd_report(args: argparse.Namespace) -> int:

    from .csv_export import actions_csv
    from .report import ReportUnavailable, previous_round_of_file, render_report_pdf
    from .scoring import score

    loaded = _load_answers(args)
    if loaded is None:
        return 1
    questionnaire, answers_file = loaded
    answers = answers_file.answers
    in_language = _in_language(args, questionnaire)
    if in_language is None:
        return 1
    questionnaire, translations = in_language
    company = args.company  # checked and cleaned by _company_name
    result = score(questionnaire, answers, translations=translations)
    # A file with earlier rounds is the last of them plus one, compared with the one before, as
    # the website's report of the same file is once uploaded (code review: always round 1 here).
    previous = previous_round_of_file(questionnaire, answers_file.earlier_rounds, translations)
    try:
        pdf = render_report_pdf(
            questionnaire, answers, result, generated_on=product_today(), language=args.lang, company_name=company,
            round_number=len(answers_file.earlier_rounds) + 1, previous=previous,
            # the file's `finished`: dated on the round's day, as the website's report of the file
            finished_on=answers_file.finished,
        )
    except ReportUnavailable as error:
        print(f"{error}. See docs/report.md for the Debian packages it needs.", file=sys.stderr)
        return 1
    # Everything is rendered before anything is written, so a rendering failure writes nothing.
    outputs = [(args.output, pdf, "report")]
    if args.csv is not None:  # `--csv ''` is a name that cannot be written, not "no CSV"
        outputs.append((args.csv, actions_csv(result, separator=args.separator, translate=translations.gettext, language=args.lang), "action list"))
    return 0 if _write_all(outputs, args.answers) else 1


def cmd_serve(args: argparse.Namespace) -> int:
    app = _development_app()
    app.run(host=args.host, port=args.port, debug=False)
    return 0


def _development_app() -> Any:
    """The application `serve` runs, made apart from running it so a test can look at it.

    `serve` is the development server: a temporary secret key and cookies over plain HTTP.
    Production runs under gunicorn with its own settings (docs/web.md). Without
    QUESTIONNAIRE_PATH it serves the questionnaire every other command reads by default
    (./questionnaires when it holds one): an author editing a local copy saw the shipped one
    here (QA, docs). The translations follow the folder, as for `validate`. Only here: a
    production site does not depend on the folder it was started in."""
    from . import create_app

    os.environ.setdefault("MVO_ENV", "development")
    if os.environ.get("QUESTIONNAIRE_PATH"):
        return create_app()
    return create_app({"QUESTIONNAIRE_PATH": str(default_questionnaire_path())})


def _maintenance_app() -> object:
    """The web application as configured by the environment (DATABASE_URL, ...), without
    migrating on start: `db upgrade` and `purge` use exactly the store the server uses. These
    commands serve no request, so a missing SECRET_KEY is no reason to refuse."""
    import secrets

    from . import create_app

    return create_app({"AUTO_MIGRATE": False, "MVO_MAINTENANCE": True,
                       "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_hex(32)})


@contextmanager
def _database_problems_said(app: Any) -> Iterator[None]:
    """A database error of a maintenance command as the one line `setup_problem` makes of it,
    knowing whether the database is the default SQLite file (DATABASE_URL not set)."""
    from .config import ConfigError, setup_problem

    try:
        yield
    except Exception as error:
        problem = setup_problem(error, app.config.get("MVO_DEFAULT_DATABASE"))
        if problem is None:
            raise
        raise ConfigError(problem) from None


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    app = _maintenance_app()
    engine = app.extensions["mvo_store"].engine  # type: ignore[attr-defined]
    with _database_problems_said(app):
        return _upgrade(engine)


def _upgrade(engine: Any) -> int:
    from . import persistence

    try:
        print(persistence.upgrade(engine).message())
    finally:
        engine.dispose()
    return 0


def cmd_purge(args: argparse.Namespace) -> int:
    app = _maintenance_app()
    with _database_problems_said(app):
        return _purge(app, args.days)


def _purge(app: Any, days: int | None) -> int:
    from . import persistence
    from .web.app import purge_assessments, purge_message

    engine = app.extensions["mvo_store"].engine
    default_database = app.config.get("MVO_DEFAULT_DATABASE")
    if default_database and not os.path.exists(default_database):
        # A timer or cron job that lost the site's environment: nothing to purge here, and
        # connecting would leave an empty database file behind; "run db upgrade" pointed the
        # operator the wrong way (QA, operator).
        engine.dispose()
        print(f"mvo-assessment purge: DATABASE_URL is not set, and there is no database at its default "
              f"{default_database}; give this job the site's environment (DATABASE_URL)", file=sys.stderr)
        return 1
    sqlite_file = engine.url.database if engine.dialect.name == "sqlite" else None
    if sqlite_file and sqlite_file != ":memory:" and not sqlite_file.startswith("file:") and not os.path.exists(sqlite_file):
        # A mistyped path: connecting would make an empty database file there (QA, command line).
        engine.dispose()
        print(f"mvo-assessment purge: there is no database at {sqlite_file} (DATABASE_URL); check the path "
              "the site uses", file=sys.stderr)
        return 1
    if not persistence.current_revisions(engine):
        engine.dispose()
        print("mvo-assessment purge: the database has no tables yet; run `mvo-assessment db upgrade` first",
              file=sys.stderr)
        return 1
    try:
        purged = purge_assessments(app, days)
    except ValueError as error:  # a RETENTION_DAYS below 1 set in code (the environment's is checked on load)
        print(f"mvo-assessment purge: RETENTION_DAYS: {error}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    print(purge_message(purged))
    return 0


def _company_name(text: str) -> str | None:
    """--company as it goes on the report (report/company.py, the website's rule too): a name
    that cannot go there is a usage error (exit 2), said before anything is read or made."""
    from .report.company import COMPANY_NAME_MAX, CompanyNameProblem, clean_company_name

    try:
        return clean_company_name(text)
    except CompanyNameProblem as problem:
        if problem.kind == "too_long":
            raise argparse.ArgumentTypeError(
                f"it is {problem.length} characters long; at most {COMPANY_NAME_MAX} fit on the report") from None
        where = f"after {problem.before!r}" if problem.before else "at its start"
        raise argparse.ArgumentTypeError(f"it holds an invisible (control) character {where}") from None


def _retention_days(text: str) -> int:
    """--days as a whole number of at least 1: a wrong value is a usage error, said before the
    database is opened."""
    try:
        days = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number of days, got {text!r}") from None
    if days < 1:
        raise argparse.ArgumentTypeError(f"the retention must be at least 1 day, not {days}")
    if days > MAX_DAYS:
        raise argparse.ArgumentTypeError(f"the retention must be at most {MAX_DAYS} days, not {days}")
    return days


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mvo-assessment", description="MVO self-assessment tools.")
    sub = parser.add_subparsers(dest="command", required=True)
    path_help = "questionnaire folder (default: $QUESTIONNAIRE_PATH, else ./questionnaires if it holds questionnaire.yaml, else the shipped one)"
    validate = sub.add_parser("validate", help="check a questionnaire folder; exit 1 with located errors")
    validate.add_argument("path", nargs="?", type=_folder_name, help=path_help)
    translations_help = ("the questionnaire's gettext catalogs (default: $QUESTIONNAIRE_TRANSLATIONS, "
                         "else translations/ beside the questionnaire folder)")
    validate.add_argument("--translations", type=_folder_name, help=translations_help)
    validate.set_defaults(func=cmd_validate)
    show = sub.add_parser("show", help="print the questionnaire as an outline, or as JSON")
    show.add_argument("path", nargs="?", type=_folder_name, help=path_help)
    show.add_argument("--json", action="store_true", help="print the model as JSON (docs/model-json.md)")
    show.set_defaults(func=cmd_show)
    score = sub.add_parser("score", help="score an answers file (docs/answers-format.md) and print the result as JSON")
    score.add_argument("answers", help="the answers file, or - for standard input")
    score.add_argument("--questionnaire", type=_folder_name, help=path_help)
    score.add_argument("--lang", choices=LANGUAGES, default=SOURCE_LANGUAGE, help="language of the texts (default: nl)")
    score.add_argument("--translations", type=_folder_name, help=translations_help)
    score.set_defaults(func=cmd_score)
    fit = sub.add_parser("fit", help="fit an answers file of another version of this questionnaire to this version")
    fit.add_argument("answers", help="the answers file, or - for standard input")
    fit.add_argument("--questionnaire", type=_folder_name, help=path_help)
    fit.add_argument("--output", "-o", help="where to write the fitted file (default: standard output)")
    fit.set_defaults(func=cmd_fit)
    report = sub.add_parser("report", help="make the PDF report (docs/report.md) of an answers file")
    report.add_argument("answers", help="the answers file, or - for standard input")
    report.add_argument("--output", "-o", required=True, help="where to write the PDF")
    report.add_argument("--questionnaire", type=_folder_name, help=path_help)
    report.add_argument("--csv", help="also write the action list as CSV (UTF-8 with BOM, for Excel)")
    report.add_argument(
        "--separator", choices=[",", ";"], default=",", metavar="SEP",
        help="CSV separator: ',' (default) or ';' for Excel with Dutch settings"
    )
    report.add_argument("--lang", choices=LANGUAGES, default=SOURCE_LANGUAGE, help="language of the report (default: nl)")
    report.add_argument("--translations", type=_folder_name, help=translations_help)
    report.add_argument("--company", metavar="NAME", type=_company_name,
                        help="the company's name on the cover and in the title (not stored)")
    report.set_defaults(func=cmd_report)
    serve = sub.add_parser("serve", help="run the website for development (SQLite in the instance folder)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=_port, default=5000, help="TCP port, 1 to 65535 (default: 5000)")
    serve.set_defaults(func=cmd_serve)
    db = sub.add_parser("db", help="the database of the website (DATABASE_URL)")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    db_upgrade = db_sub.add_parser("upgrade", help="apply the Alembic migrations; run before starting new code")
    db_upgrade.set_defaults(func=cmd_db_upgrade)
    purge = sub.add_parser("purge", help="delete assessments untouched for DAYS whose resume code has expired")
    purge.add_argument("--days", type=_retention_days, help="days since the last activity (default: RETENTION_DAYS, 90)")
    purge.set_defaults(func=cmd_purge)
    return parser


def _folder_name(text: str) -> str:
    """A folder named on the command line. An empty name quietly meant "the default folder"
    (QA, command line: `--questionnaire "$Q"` with Q unset scored another questionnaire)."""
    if not text:
        raise argparse.ArgumentTypeError("an empty name names no folder (is a variable in the command empty?)")
    return text


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"must be a whole number from 1 to 65535, not {text!r}")
    return port


def _write_utf8() -> None:
    """What the commands print is UTF-8 whatever the system's locale: redirected on Windows,
    Python writes the ANSI code page, and `score > r.json` stopped at the '₂' of 'CO₂' with a
    traceback and half a file, or wrote a file the tool itself then refused (QA, answers files;
    docs/answers-format.md: files we write are UTF-8). A console shows it all the same."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                # Its own error handler kept: a file name that is no UTF-8 is written with
                # surrogateescape (standard output) or backslashreplace (standard error), not a
                # traceback (QA, review: 'strict' came back with the new encoding).
                reconfigure(encoding="utf-8", errors=stream.errors)
            except (ValueError, OSError):  # a stream that cannot change it (already read from)
                pass


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    command = " ".join(filter(None, (args.command, getattr(args, "db_command", None))))
    if sys.stdout is None:
        # Started with standard output closed (`>&-`): what a command prints fails as a write to
        # a closed descriptor does, and is said below in one line (QA, security: a traceback).
        sys.stdout = _ClosedOutput()
    _write_utf8()
    try:
        code = int(args.func(args))
        sys.stdout.flush()  # here, where a failure can still be said, not at the interpreter's exit
        return code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        _drop_standard_output()
        return 0
    except Exception as error:
        if isinstance(error, OSError) and error.filename is None and error.errno in _OUTPUT_ERRORS:
            # The output could not be written (a full disk, `> /dev/full`): one line, not a
            # traceback (QA, contracts). Files the commands read or write say their own problems.
            _drop_standard_output()
            print(f"mvo-assessment {command}: could not write the output: {error.strerror or error}", file=sys.stderr)
            return 1
        from .config import setup_problem

        problem = setup_problem(error)
        if problem is None:
            raise
        print(f"mvo-assessment {command}: {problem}", file=sys.stderr)
        return 1


# What writing to standard output fails with; any other error without a file name (a refused
# connection, say) is not the output's, and goes to config.setup_problem in main (QA, review).
_OUTPUT_ERRORS = frozenset({errno.ENOSPC, errno.EFBIG, errno.EIO, errno.EDQUOT, errno.EBADF})


class _ClosedOutput(io.StringIO):
    """Standard output that was closed before the program started."""

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")


def _drop_standard_output() -> None:
    """What is left in the buffer would fail again when Python flushes it at exit (a second
    message and exit code 120): standard output goes to nothing instead."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no file descriptor (captured by a test)
        pass


if __name__ == "__main__":
    sys.exit(main())
