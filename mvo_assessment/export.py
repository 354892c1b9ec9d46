"""The model as JSON: the public contract printed by `mvo-assessment show --json` (docs/model-json.md).

The browser script reads conditions from here, so they are exported exactly as authors write them.
"""

from __future__ import annotations

from typing import Any

from .conditions import to_json
from .model import Question, Questionnaire, Section

FORMAT_VERSION = 1


def question_json(question: Question) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": question.id,
        "type": question.type,
        "text": question.text,
        "help": question.help,
        "required": question.required,
        "condition": to_json(question.condition),
        "weight": question.weight,
        "options": [
            {
                "value": o.value,
                "label": o.label,
                "score": o.score,
                "not_applicable": o.not_applicable,
                "dont_know": o.dont_know,
                "exclusive": o.exclusive,
            }
            for o in question.options
        ],
    }
    if question.type in ("scale", "number"):
        data["min"] = question.min
        data["max"] = question.max
    if question.type == "scale":
        data["min_label"] = question.min_label
        data["max_label"] = question.max_label
    return data


def section_json(section: Section) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": section.id,
        "kind": section.kind,
        "number": section.number,
        "title": section.title,
        "intro": section.intro,
        "condition": to_json(section.condition),
        "pages": [
            {
                "id": page.id,
                "substep": page.substep,
                "title": page.title,
                "intro": page.intro,
                "condition": to_json(page.condition),
                "questions": [question_json(q) for q in page.questions],
            }
            for page in section.pages
        ],
    }
    if section.kind == "step":
        data["level_descriptions"] = {str(k): v for k, v in sorted(section.level_descriptions.items())}
    return data


def model_json(questionnaire: Questionnaire) -> dict[str, Any]:
    return {
        "format": FORMAT_VERSION,
        "id": questionnaire.id,
        "version": questionnaire.version,
        "title": questionnaire.title,
        "language": questionnaire.language,
        "levels": [{"level": lv.level, "name": lv.name, "description": lv.description} for lv in questionnaire.levels],
        "tools": [
            {"id": t.id, "title": t.title, "url": t.url, "description": t.description, "steps": list(t.steps),
             "title_language": t.title_language, "language": t.language}
            for t in questionnaire.tools
        ],
        "sections": [section_json(s) for s in questionnaire.sections],
    }
