"""Bad input, fuzzed (issue 8, part 5): hypothesis posts arbitrary form bodies to every route
of the wizard — any field names, real and made-up option values, unicode, huge values, with a
valid or a broken CSRF token and revision — and sends each request twice (a replay).

Always: never a 5xx; every 4xx is a page in the site's style with a message; and whatever was
stored is a valid answer to a question of the questionnaire, with the revision only growing.
"""

from __future__ import annotations

from typing import Any

import pytest
from conftest import Journey, hidden_value
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mvo_assessment.answers import AnswerError, coerce_answer

FUZZ = settings(
    max_examples=120,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Unicode that tends to break things: controls, surrogate-free astral characters, RTL marks,
# combining marks, NUL, HTML and template syntax.
NASTY = st.sampled_from(
    ["\x00", "\u202e", "e\u0301", "😀", "<script>alert(1)</script>", "{{ 7*7 }}", "%(x)s", "' OR 1=1 --", "\r\n",
     "../../etc/passwd", "１２", "12,5", "-0", "1e309", "NaN", "٣", " ", ""]
)
TEXT = st.one_of(st.text(max_size=40), NASTY, st.text(alphabet=st.characters(codec="utf-8"), max_size=10))
HUGE = st.sampled_from([5001, 70_000, 300_000]).map(lambda n: "x" * n)


def _question_values(app: Any) -> tuple[list[str], list[str]]:
    q = app.extensions["mvo_questionnaire"]
    names = [question.id for question in q.questions]
    values = sorted({o.value for question in q.questions for o in question.options} | {"0", "1", "4", "5", "99", "2,5"})
    return names, values


def _routes(app: Any) -> list[tuple[str, str]]:
    q = app.extensions["mvo_questionnaire"]
    routes = [("POST", f"/zelfevaluatie/vraag/{page.id}") for page in q.pages]
    routes += [("GET", f"/zelfevaluatie/vraag/{page.id}") for page in q.pages]
    routes += [
        ("POST", "/zelfevaluatie/vraag/bestaat-niet"), ("POST", "/zelfevaluatie/vraag/%00"),
        ("POST", "/zelfevaluatie/starten"), ("GET", "/zelfevaluatie/"), ("GET", "/zelfevaluatie/overzicht"),
        ("GET", "/zelfevaluatie/samenvatting"), ("GET", "/zelfevaluatie/opslaan"), ("POST", "/zelfevaluatie/opslaan"),
        ("GET", "/hervatten"), ("POST", "/hervatten"), ("GET", "/inladen"), ("POST", "/inladen"),
        ("GET", "/zelfevaluatie/antwoorden.json"), ("GET", "/zelfevaluatie/verwijderen"), ("POST", "/zelfevaluatie/verwijderen"),
        ("GET", "/zelfevaluatie/afsluiten"), ("POST", "/zelfevaluatie/afsluiten"),
    ]
    for endpoint, rule in ((r.endpoint, r.rule) for r in app.url_map.iter_rules()):
        if endpoint.startswith("results.") and "<" not in rule:
            routes.append(("GET", rule))
    return routes


@st.composite
def requests(draw: Any, routes: list[tuple[str, str]], names: list[str], values: list[str]) -> dict[str, Any]:
    method, path = draw(st.sampled_from(routes))
    field_name = st.one_of(st.sampled_from(names), st.sampled_from(["action", "revision", "terug", "js", "code", "csrf_token"]), TEXT)
    value = st.one_of(st.sampled_from(values), st.sampled_from(["next", "previous", "save", "samenvatting"]), TEXT,
                      st.integers(-10**12, 10**12).map(str))
    fields = draw(st.lists(st.tuples(field_name, st.one_of(value, HUGE) if draw(st.booleans()) else value), max_size=8))
    return {
        "method": method,
        "path": path,
        "fields": fields,
        "token": draw(st.sampled_from(["valid", "valid", "valid", "missing", "broken"])),
        # QA (security): a revision beyond the database's integers gave a 500
        "revision": draw(st.sampled_from(["current", "current", "old", "missing", "text", "huge", "negative", "spaced"])),
        "query": draw(st.sampled_from(["", "?terug=samenvatting", "?code=%00", "?terug=" + "x" * 3000, "?lang=xx"])),
    }


def assert_answer_is_site_page(response: Any) -> None:
    assert response.status_code < 500, response.status_code
    if response.status_code >= 400:
        html = response.get_data(as_text=True)
        assert 'class="site-header"' in html and html.count("<h1") == 1, response.status_code
        assert "Traceback" not in html


def assert_store_is_valid(app: Any, journey: Journey, revisions: dict[str, int]) -> None:
    record = journey.assessment()
    if record is None:
        return
    q = app.extensions["mvo_questionnaire"]
    for question_id, value in record.answers.items():
        question = q.questions_by_id.get(question_id)
        assert question is not None, question_id
        try:
            assert coerce_answer(question, value) == value, (question_id, value)
        except AnswerError as error:  # pragma: no cover - the assertion message
            raise AssertionError(f"stored an invalid answer {question_id}={value!r}: {error}") from None
    assert record.revision >= revisions.get(record.id, 0)
    revisions[record.id] = record.revision


@pytest.mark.postgres
def test_arbitrary_posts_to_every_wizard_route(app, client):
    journey = Journey(client, app)
    names, values = _question_values(app)
    routes = _routes(app)
    revisions: dict[str, int] = {}

    @FUZZ
    @given(request=requests(routes, names, values))
    def run(request: dict[str, Any]) -> None:
        if journey.assessment() is None:
            journey.start()
            journey.answer_page("intake-profiel", {"grootte": "klein", "import": "ja"})
        page = client.get("/zelfevaluatie/vraag/1A" if "vraag" not in request["path"] else request["path"])
        html = page.get_data(as_text=True) if page.status_code == 200 else client.get("/hervatten").get_data(as_text=True)
        data: list[tuple[str, str]] = list(request["fields"])
        if request["token"] == "valid":
            data.append(("csrf_token", hidden_value(html, "csrf_token")))
        elif request["token"] == "broken":
            data.append(("csrf_token", "broken"))
        record = journey.assessment()
        if record is not None and request["revision"] != "missing":
            revision = {"current": str(record.revision), "old": str(max(1, record.revision - 1)), "text": "zeven",
                        "huge": "9" * 26, "negative": "-" + "9" * 20, "spaced": f" {record.revision} "}
            data.append(("revision", revision[request["revision"]]))
        url = request["path"] + request["query"]
        for _attempt in range(2):  # the request, then the very same request again
            if request["method"] == "GET":
                response = client.get(url)
            else:
                response = client.post(url, data=_multi(data), content_type="application/x-www-form-urlencoded")
            assert_answer_is_site_page(response)
            response.close()
            assert_store_is_valid(app, journey, revisions)

    run()


def _multi(pairs: list[tuple[str, str]]) -> str:
    from urllib.parse import urlencode

    return urlencode(pairs)


@pytest.mark.postgres
def test_arbitrary_answers_on_a_page_never_store_an_invalid_answer(app, client):
    """Focused on the answer fields of one page, with a valid token and revision, so that the
    validation (not the CSRF check) is what meets the input."""
    journey = Journey(client, app)
    journey.start()
    q = app.extensions["mvo_questionnaire"]
    revisions: dict[str, int] = {}
    pages = [page.id for page in q.pages if page.id.startswith(("intake", "1", "2A"))]
    _names, values = _question_values(app)

    @FUZZ
    @given(
        page_id=st.sampled_from(pages),
        answers=st.dictionaries(
            st.sampled_from([question.id for question in q.questions]),
            st.one_of(st.sampled_from(values), TEXT, st.lists(st.one_of(st.sampled_from(values), TEXT), max_size=4)),
            max_size=5,
        ),
        action=st.sampled_from(["next", "previous", "save", "next"]),
        js=st.booleans(),
    )
    def run(page_id: str, answers: dict[str, Any], action: str, js: bool) -> None:
        page = client.get(f"/zelfevaluatie/vraag/{page_id}")
        if page.status_code != 200:
            assert page.status_code in (303, 404)
            return
        html = page.get_data(as_text=True)
        form = {"csrf_token": hidden_value(html, "csrf_token"), "revision": hidden_value(html, "revision"),
                "action": action, **({"js": "1"} if js else {})}
        for _attempt in range(2):
            response = client.post(f"/zelfevaluatie/vraag/{page_id}", data={**form, **answers})
            assert_answer_is_site_page(response)
            assert response.status_code in (303, 400, 409, 413), response.status_code
        assert_store_is_valid(app, journey, revisions)

    run()
