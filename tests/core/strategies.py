"""Hypothesis strategies that produce valid answers for any questionnaire."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from mvo_assessment.model import Question, Questionnaire


def answer_for(question: Question) -> st.SearchStrategy[Any]:
    if question.type in ("single", "yesno"):
        return st.sampled_from([o.value for o in question.options])
    if question.type == "multiple":
        plain = [o.value for o in question.options if not o.stands_alone]
        special = [[o.value] for o in question.options if o.stands_alone]
        lists = st.lists(st.sampled_from(plain), min_size=1, unique=True).map(
            lambda chosen: sorted(chosen, key=plain.index)
        )
        return lists | st.sampled_from(special) if special else lists
    if question.type == "scale":
        return st.integers(int(question.min or 0), int(question.max or 0))
    if question.type == "number":
        low = int(question.min) if question.min is not None else 0
        high = int(question.max) if question.max is not None else 10_000
        return st.integers(low, high)
    return st.text(max_size=20)


def answer_sets(questionnaire: Questionnaire, complete: bool = False) -> st.SearchStrategy[dict[str, Any]]:
    strategies = {q.id: answer_for(q) for q in questionnaire.questions}
    if complete:
        return st.fixed_dictionaries(strategies)
    return st.fixed_dictionaries({}, optional=strategies)  # type: ignore[arg-type]


def best_value(question: Question) -> Any:
    """The highest-scoring answer; for a question that does not score, its first plain option."""
    if question.type == "scale":
        return int(question.max or 0)
    plain = [o for o in question.options if not o.stands_alone]
    if question.scored:
        top = max(plain, key=lambda o: o.score or 0)
        return [top.value] if question.type == "multiple" else top.value
    if not plain:
        return "x" if question.type == "text" else int(question.min or 0)
    return [plain[0].value] if question.type == "multiple" else plain[0].value


def worst_value(question: Question) -> Any:
    if question.type == "scale":
        return int(question.min or 0)
    plain = [o for o in question.options if not o.stands_alone]
    if question.scored:
        low = min(plain, key=lambda o: o.score or 0)
        return [low.value] if question.type == "multiple" else low.value
    return best_value(question)
