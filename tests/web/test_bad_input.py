"""Bad input never breaks the site or stores anything: a clear message in the site's style and a 4xx."""

from __future__ import annotations

import re

import pytest
from conftest import make_test_config

from mvo_assessment import create_app


def assert_site_page(response, status: int) -> str:
    assert response.status_code == status
    html = response.get_data(as_text=True)
    assert 'class="site-header"' in html and "Traceback" not in html
    assert html.count("<h1") == 1
    return html


def _at_1a(journey):
    journey.start()
    journey.answer_page("intake-profiel", {"grootte": "klein", "import": "ja"})
    return journey.answers(), journey.assessment().revision


@pytest.mark.parametrize(
    "answers",
    [
        {"beleid": "hacked", "leveranciers": "ja"},
        {"beleid": "", "leveranciers": "ja"},
        {"beleid": "nee", "leveranciers": "misschien"},
        {"beleid": ["nee", "papier"], "leveranciers": "ja"},
    ],
    ids=["unknown-option", "empty-option", "second-question", "two-values"],
)
def test_tampered_option_values_are_refused(journey, answers):
    before, revision = _at_1a(journey)
    response = journey.answer_page("1A", answers)
    html = assert_site_page(response, 400)
    assert "<title>Fout:" in html
    assert journey.answers() == before and journey.assessment().revision == revision


def test_a_value_posted_for_a_hidden_question_is_neither_shown_nor_kept(journey):
    """A question hidden on this post is not checked; the page that comes back for another
    error shows the answer the question keeps, and nothing made up ends in the markup cache
    (QA: every such post grew it, by the size of what was posted)."""
    from mvo_assessment import widgets

    journey.start()
    journey.answer_page("intake-profiel", {"grootte": "klein", "import": "nee"})  # hides "leveranciers"
    made_up = "X" * 5000
    response = journey.answer_page("1A", {"beleid": "hacked", "leveranciers": made_up})
    html = assert_site_page(response, 400)
    assert made_up not in html
    assert not [key for key in widgets._rendered if made_up in key]
    assert journey.answers() == {"grootte": "klein", "import": "nee"}


def test_tampered_checkbox_and_scale_values_are_refused(journey):
    journey.start()
    journey.answer_page("intake-profiel", {"grootte": "klein", "import": "nee"})
    journey.answer_page("1A", {"beleid": "nee"})
    before = journey.answers()
    assert_site_page(journey.answer_page("1B", {"integratie": "99"}), 400)
    assert_site_page(journey.answer_page("1B", {"integratie": "1.5"}), 400)
    assert journey.answers() == before
    journey.answer_page("1B", {"integratie": "1"})
    assert_site_page(journey.answer_page("2A", {"s2_inzicht": "1", "ketens": ["grondstoffen", "<b>x</b>"]}), 400)
    assert_site_page(journey.answer_page("2A", {"s2_inzicht": "1", "ketens": ["productie", "productie"]}), 400)


def test_unknown_fields_are_refused_and_nothing_is_stored(journey):
    before, revision = _at_1a(journey)
    html = assert_site_page(journey.answer_page("1A", {"beleid": "nee", "leveranciers": "ja", "grootte": "groot"}), 400)
    assert "niet bij deze pagina horen" in html
    assert_site_page(journey.answer_page("1A", {"beleid": "nee", "leveranciers": "ja", "admin": "1"}), 400)
    assert_site_page(journey.answer_page("1A", {"beleid": "nee", "leveranciers": "ja"}, action="delete"), 400)
    assert journey.answers() == before and journey.assessment().revision == revision


def test_invalid_revision_is_refused(journey):
    before, _revision = _at_1a(journey)
    assert_site_page(journey.answer_page("1A", {"beleid": "nee", "leveranciers": "ja"}, revision="abc"), 400)
    assert journey.answers() == before


def test_missing_and_invalid_csrf_token(journey):
    before, _revision = _at_1a(journey)
    form = journey.page_form("1A")
    data = {"revision": form["revision"], "beleid": "nee", "leveranciers": "ja", "action": "next"}
    html = assert_site_page(journey.client.post("/zelfevaluatie/vraag/1A", data=data), 400)
    assert "Formulier verlopen" in html and "Uw antwoorden van eerdere pagina’s zijn bewaard." in html
    assert '<a href="/zelfevaluatie/vraag/1A">Ga verder waar u was</a>' in html  # the same page, with a new token
    # QA (prefix): under the site's prefix, the way on stays on the site
    prefixed = journey.client.post("/zelfevaluatie/vraag/1A?lang=nl", data=data, base_url="http://localhost/mvo")
    assert '<a href="/mvo/zelfevaluatie/vraag/1A?lang=nl">Ga verder waar u was</a>' in prefixed.get_data(as_text=True)
    # and after the results page's PDF form, it is the results page, not a PDF to download
    company = journey.client.post("/zelfevaluatie/resultaat/rapport.pdf", data={"bedrijf": "Acme"})
    assert '<a href="/zelfevaluatie/resultaat">Ga verder waar u was</a>' in assert_site_page(company, 400)
    assert_site_page(journey.client.post("/zelfevaluatie/vraag/1A", data={**data, "csrf_token": "bad"}), 400)
    assert journey.answers() == before
    assert_site_page(journey.client.post("/zelfevaluatie/starten"), 400)
    assert_site_page(journey.client.post("/hervatten", data={"code": "X"}), 400)


def test_a_start_form_left_open_too_long_says_to_try_again(client):
    """Nothing is under way in this browser yet (the start page, the code or the file page was
    open too long): no talk of earlier answers or a timed-out visit, just open it again."""
    client.get("/")  # the browser has our cookie
    for path, page in (("/zelfevaluatie/starten", "/"), ("/hervatten", "/hervatten"), ("/inladen", "/inladen")):
        html = assert_site_page(client.post(path, data={"csrf_token": "verlopen"}), 400)
        assert "Formulier verlopen" in html and "Het formulier stond te lang open" in html, path
        assert "Uw antwoorden van eerdere pagina" not in html and "niet actief" not in html, path
        assert f'<a href="{page}">Open de pagina opnieuw</a>' in html, path


def test_a_page_sent_after_the_session_ended_points_to_the_resume_code(journey, app):
    """The visit timed out while the page was open: the browser no longer holds the assessment.
    The visitor is told that earlier pages are kept and that a code is the way back."""
    before, _revision = _at_1a(journey)
    form = journey.page_form("1A")
    record = journey.assessment()
    # The browser still sends its cookie, but the server no longer accepts it (too old: its
    # signature's age is checked; a broken signature is refused the same way).
    journey.client.set_cookie("mvo_session", journey.client.get_cookie("mvo_session").value[:-4] + "AAAA")
    data = {**form, "beleid": "nee", "leveranciers": "ja", "action": "next"}
    html = assert_site_page(journey.client.post("/zelfevaluatie/vraag/1A", data=data), 400)
    assert "Uw sessie is verlopen" in html and "Heeft u een code gemaakt? Dan gaat u daarmee verder." in html
    assert "Zonder code kunt u er niet meer bij" in html  # QA (sittings): "wel bewaard" alone misled
    assert '<a href="/hervatten">Verder met een code</a>' in html
    assert app.extensions["mvo_store"].get(record.id).answers == before


def test_oversized_body_is_refused(database_url):
    app = create_app(make_test_config(database_url, MAX_CONTENT_LENGTH=2000))
    client = app.test_client()
    response = client.post("/hervatten", data={"code": "x" * 5000})
    html = assert_site_page(response, 413)
    assert "te groot" in html
    app.extensions["mvo_store"].engine.dispose()


def test_a_too_large_answers_file_leads_back_to_the_upload(database_url):
    """QA: the 413 page for a too-large file only linked to the start page. After an upload it
    says the limit in plain words and leads back to /inladen; other pages keep the general text."""
    import io
    import re

    from werkzeug.datastructures import FileStorage
    from werkzeug.test import encode_multipart

    for limit, in_words in ((1024 * 1024, "1 MB"), (2000, "1,9 kB")):
        app = create_app(make_test_config(database_url, MAX_CONTENT_LENGTH=limit))
        client = app.test_client()
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get("/inladen").get_data(as_text=True)).group(1)
        # Encoded here, in memory: the test client would spool a body this large to a temporary
        # file that nothing closes once the 413 stops the reading (a ResourceWarning).
        boundary, body = encode_multipart(
            {"csrf_token": token, "bestand": FileStorage(io.BytesIO(b" " * (limit + 1)), "antwoorden.json")}
        )
        posted = client.post("/inladen", data=body, content_type=f"multipart/form-data; boundary={boundary}")
        html = assert_site_page(posted, 413)
        assert f"Een antwoordbestand mag maximaal {in_words} zijn. Er is niets opgeslagen." in html
        assert '<li><a href="/inladen">Kies een ander bestand</a></li>' in html
        other = assert_site_page(client.post("/hervatten", data={"code": "x" * (limit + 1)}), 413)
        assert "Kies een ander bestand" not in other and "antwoordbestand" not in other
        app.extensions["mvo_store"].engine.dispose()


@pytest.mark.parametrize(
    ("size", "language", "expected"),
    [
        (1024 * 1024, "nl", "1 MB"),
        (1024 * 1024, "en", "1 MB"),
        (1536 * 1024, "nl", "1,5 MB"),
        (1536 * 1024, "en", "1.5 MB"),
        (2 * 1024 * 1024 - 1, "nl", "1,9 MB"),  # rounded down: never more than the limit
        (2000, "nl", "1,9 kB"),
        (1024, "nl", "1 kB"),
        (500, "nl", "500 bytes"),
        (1, "en", "1 byte"),
    ],
)
def test_sizes_in_words(app, size, language, expected):
    from mvo_assessment.web.errors import size_in_words

    with app.test_request_context(f"/?lang={language}"):
        assert size_in_words(size) == expected


def test_posting_a_page_that_is_not_reachable_yet(journey):
    journey.start()
    form = journey.page_form("intake-profiel")
    response = journey.client.post(
        "/zelfevaluatie/vraag/3A", data={**form, "s3_aanpak": "1", "actieplan": "ja", "action": "next"}
    )
    html = assert_site_page(response, 409)
    assert "nog niet aan de beurt" in html
    assert journey.answers() == {}


def test_opening_a_page_that_is_not_reachable_yet_redirects_to_where_you_were(journey):
    journey.start()
    response = journey.client.get("/zelfevaluatie/vraag/3A")
    assert response.status_code == 303 and response.headers["Location"] == "/zelfevaluatie/vraag/intake-profiel"
    # QA (browser): "U gaat verder waar u was gebleven" was not so when someone else's change
    # had opened a question before the page
    html = journey.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Die pagina komt later aan de beurt. Beantwoord eerst wat hier nog open staat." in html


def test_unknown_page_is_a_friendly_404(journey):
    journey.start()
    assert_site_page(journey.client.get("/zelfevaluatie/vraag/bestaat-niet"), 404)
    assert_site_page(journey.client.get("/bestaat-niet"), 404)


@pytest.mark.parametrize("path", ["/%5Cevil.example/x", "/%09/evil.example/x", "//evil.example/x"])
def test_the_language_link_of_an_unknown_address_stays_on_this_site(client, path):
    """QA (security): the 404 page's "English" link repeated the path asked for, and a browser
    reads "/\\evil.example/x" as an address on evil.example."""
    html = assert_site_page(client.get(path), 404)
    links = re.findall(r'<a [^>]*href="([^"]*lang=en[^"]*)"', html)
    assert links == ["?lang=en"]


def test_wrong_method_is_a_friendly_405(client):
    assert_site_page(client.get("/zelfevaluatie/starten"), 405)


def test_pages_without_an_assessment(client, journey):
    for path in ("/zelfevaluatie/vraag/1A", "/zelfevaluatie/overzicht", "/zelfevaluatie/samenvatting",
                 "/zelfevaluatie/opslaan", "/zelfevaluatie/antwoorden.json", "/zelfevaluatie/verwijderen", "/zelfevaluatie/afsluiten", "/zelfevaluatie/"):
        response = client.get(path)
        assert response.status_code == 303 and response.headers["Location"] == "/", path
    token = journey.csrf_token("/")
    response = client.post("/zelfevaluatie/vraag/intake-profiel", data={"csrf_token": token, "grootte": "klein"})
    assert_site_page(response, 400)


def test_two_tabs_do_not_overwrite_each_other(journey):
    journey.start()
    tab_a = journey.page_form("intake-profiel")
    tab_b = journey.page_form("intake-profiel")
    first = journey.client.post(
        "/zelfevaluatie/vraag/intake-profiel", data={**tab_a, "grootte": "klein", "import": "ja", "action": "next"}
    )
    assert first.status_code == 303
    second = journey.client.post(
        "/zelfevaluatie/vraag/intake-profiel", data={**tab_b, "grootte": "groot", "import": "nee", "action": "next"}
    )
    html = assert_site_page(second, 409)
    assert "opgeslagen in een ander tabblad of venster, of door iemand anders met uw code" in html
    # QA (train): a second tap while the first was still being sent, a box ticked in between,
    # is the visitor's own: the page says it may be
    assert "Dat kunt u ook zelf zijn geweest: als u twee keer op een knop drukte terwijl de pagina nog laadde." in html
    # the title says so first, as after a validation error: a screen reader reads it before anything
    assert "<title>Fout: " in html
    assert journey.answers() == {"grootte": "klein", "import": "ja"}
    # what tab B typed is still on screen, with the new revision, so sending again is a conscious choice
    assert 'value="groot" checked' in html
    assert f'name="revision" type="hidden" value="{journey.assessment().revision}"' in html


def test_an_unexpected_error_shows_the_friendly_500_page(database_url):
    app = create_app(make_test_config(database_url, TESTING=False))

    @app.get("/kapot")
    def broken() -> str:
        raise RuntimeError("secret detail")

    response = app.test_client().get("/kapot")
    html = assert_site_page(response, 500)
    assert "secret detail" not in html and "Er ging iets mis" in html
    app.extensions["mvo_store"].engine.dispose()


@pytest.mark.parametrize(
    ("path", "own_page"), [("/zelfevaluatie/starten", "/"), ("/hervatten", "/hervatten"), ("/inladen", "/inladen")]
)
def test_a_form_sent_without_any_cookie_links_to_its_own_page(app, path, own_page):
    """No cookie came back (blocked in a portal's frame): the page says so and opens the form
    that was sent on a page of its own (QA, portal: it was always the start page)."""
    response = app.test_client().post(path, data={"csrf_token": "zonder-cookie"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Uw browser bewaart geen cookie" in html
    link = re.search(r'<a href="([^"]+)" target="_blank" rel="noopener">Open de zelfevaluatie op een eigen pagina', html)
    assert link is not None and link.group(1) == "http://localhost" + own_page
