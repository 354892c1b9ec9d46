"""The questionnaire in every language, built once at start-up.

The interface texts come from Flask-Babel (domain `messages`, the repository's translations/).
The questionnaire content has its own catalog (domain `questionnaire`), by default in the
translations/ folder beside the questionnaire folder, like `mvo-assessment validate` assumes.
For each language with an interface catalog, `content_i18n.translate` makes a translated copy
of the model once; `helpers.current_questionnaire()` picks the one for the request. Answers are
option values and ids, the same in every copy, so a visitor can switch language at any point.
"""

from __future__ import annotations

import gettext
from pathlib import Path

from flask import Flask

from ..catalogs import TRANSLATIONS, compile_catalogs
from ..content_i18n import messages, translate
from ..i18n import CONTENT_DOMAIN, load_translations
from ..model import Questionnaire


def questionnaire_translations_path(app: Flask) -> Path:
    configured = app.config.get("QUESTIONNAIRE_TRANSLATIONS")
    if configured:
        return Path(configured).resolve()
    return Path(app.config["QUESTIONNAIRE_PATH"]).resolve().parent / "translations"


def translated_models(source: Questionnaire, languages: tuple[str, ...], folder: Path) -> dict[str, Questionnaire]:
    models = {source.language: source}
    for language in languages:
        if language != source.language:
            catalog = load_translations(folder, language, CONTENT_DOMAIN)
            models[language] = translate(source, catalog.pgettext)
    return models


def untranslated_count(source: Questionnaire, catalog: gettext.NullTranslations) -> int:
    """How many texts of the questionnaire the catalog does not translate (untranslated and
    fuzzy entries are not in a compiled catalog, so they count too)."""
    translated = getattr(catalog, "_catalog", None)
    if translated is None:
        return sum(1 for _ in messages(source))
    return sum(1 for _location, context, text in messages(source) if f"{context}\x04{text}" not in translated)


def init_app(app: Flask) -> None:
    folder = questionnaire_translations_path(app)
    if folder.is_dir() and folder != TRANSLATIONS.resolve():
        try:
            compile_catalogs(folder)
        except OSError as error:  # read-only: load_translations reads the .po instead
            app.logger.warning("Could not compile the questionnaire catalogs in %s: %s", folder, error)
    source: Questionnaire = app.extensions["mvo_questionnaire"]
    offered = []
    for language in app.config["LANGUAGES"]:
        catalog = folder / language / "LC_MESSAGES" / f"{CONTENT_DOMAIN}.po"
        if language != source.language and not catalog.exists() and not catalog.with_suffix(".mo").exists():
            # English buttons around Dutch questions, under <html lang="en">: not offered, and
            # said, since a moved questionnaire folder (QUESTIONNAIRE_PATH) leaves its
            # translations behind without any other sign.
            app.logger.warning(
                "No questionnaire translation for '%s' in %s: that language is not offered "
                "(set QUESTIONNAIRE_TRANSLATIONS)", language, folder,
            )
            continue
        offered.append(language)
    app.config["LANGUAGES"] = tuple(offered)
    app.extensions["mvo_questionnaires"] = translated_models(source, app.config["LANGUAGES"], folder)
    for language in app.config["LANGUAGES"]:
        if language == source.language:
            continue
        missing = untranslated_count(source, load_translations(folder, language, CONTENT_DOMAIN))
        if missing:
            # Shown in Dutch among English texts: said at start, so a new question whose
            # translation was forgotten is noticed before a visitor does (QA, author).
            app.logger.warning(
                "%d text(s) of the questionnaire have no '%s' translation in %s and are shown in Dutch; "
                "`mvo-assessment validate %s --translations %s` lists them",
                missing, language, folder, app.config["QUESTIONNAIRE_PATH"], folder,
            )
