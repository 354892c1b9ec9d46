"""The immutable questionnaire model.

Everything the loader reads ends up here as frozen dataclasses and tuples, so that one
loaded questionnaire can be shared safely between requests, threads and workers.
This module never imports Flask.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal, Mapping, Union

QuestionType = Literal["single", "multiple", "yesno", "scale", "number", "text"]
QUESTION_TYPES: tuple[str, ...] = ("single", "multiple", "yesno", "scale", "number", "text")
# Types whose answers are chosen from declared options.
OPTION_TYPES: frozenset[str] = frozenset({"single", "multiple", "yesno"})

AnswerValue = Union[str, int, float, list[str]]
Answers = Mapping[str, AnswerValue]


@dataclass(frozen=True)
class Location:
    """Where something was declared, so every message can point at it."""

    file: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


# --- conditions -----------------------------------------------------------------------
# A condition is a small tree. It is data, never code: conditions.py evaluates it through
# an operator table and exports it as JSON for the browser script.


@dataclass(frozen=True)
class AllOf:
    conditions: tuple["Condition", ...]


@dataclass(frozen=True)
class AnyOf:
    conditions: tuple["Condition", ...]


@dataclass(frozen=True)
class Not:
    condition: "Condition"


@dataclass(frozen=True)
class Compare:
    """`question` `operator` `value`: equals, in, contains, gt, gte, lt, lte, answered."""

    question: str
    operator: str
    value: object  # str | int | float | bool | tuple[str | int | float, ...]


Condition = Union[AllOf, AnyOf, Not, Compare]


# --- questionnaire --------------------------------------------------------------------


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    # Contribution to the maturity score; None where the option does not score.
    score: int | None = None
    not_applicable: bool = False
    dont_know: bool = False
    # "None of these" in a multiple-choice question: chosen alone, never with another option.
    exclusive: bool = False

    @property
    def stands_alone(self) -> bool:
        """Whether this option can only be chosen on its own: "weet ik niet", "niet van
        toepassing" and "none of these" contradict any other choice. One rule for the answers
        file, the website's form and its script (`data-exclusive`)."""
        return self.exclusive or self.not_applicable or self.dont_know


@dataclass(frozen=True)
class Question:
    id: str
    type: QuestionType
    text: str
    help: str | None = None
    required: bool = True
    condition: Condition | None = None
    options: tuple[Option, ...] = ()
    min: int | float | None = None
    max: int | float | None = None
    min_label: str | None = None
    max_label: str | None = None
    # Relative weight in the step score; 0 means the question does not score.
    weight: int = 0
    section_id: str = ""
    page_id: str = ""
    location: Location = field(default=Location("?"), compare=False)

    # Derived once at construction: scoring reads them for every answer of every request.
    scored: bool = field(init=False, compare=False, repr=False)
    max_score: int = field(init=False, compare=False, repr=False)
    lowest_score: int = field(init=False, compare=False, repr=False)
    options_by_value: Mapping[str, Option] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        scores = [o.score for o in self.options if o.score is not None]
        if self.type == "scale":
            top = int((self.max or 0) - (self.min or 0))
        else:
            top = max(scores, default=0)
        object.__setattr__(self, "scored", self.weight > 0 and (self.type == "scale" or bool(scores)))
        object.__setattr__(self, "max_score", top)
        object.__setattr__(self, "lowest_score", 0 if self.type == "scale" else min(scores, default=0))
        object.__setattr__(self, "options_by_value", MappingProxyType({o.value: o for o in self.options}))

    def option(self, value: str) -> Option | None:
        return self.options_by_value.get(value)


@dataclass(frozen=True)
class Page:
    id: str
    title: str
    intro: str | None
    condition: Condition | None
    questions: tuple[Question, ...]
    section_id: str = ""
    location: Location = field(default=Location("?"), compare=False)

    @property
    def substep(self) -> str:
        """`2B-bronnen` belongs to sub-step `2B`."""
        return self.id.split("-", 1)[0]


@dataclass(frozen=True)
class Level:
    level: int
    name: str
    description: str


@dataclass(frozen=True)
class Gate:
    """To reach `level` or higher, `question` must score at least `min_score`."""

    id: str
    level: int
    question: str
    min_score: int
    text: str
    location: Location = field(default=Location("?"), compare=False)


@dataclass(frozen=True)
class Cap:
    """While `when` holds, the step stays at `max_level` or lower."""

    id: str
    when: Condition
    max_level: int
    text: str
    location: Location = field(default=Location("?"), compare=False)


@dataclass(frozen=True)
class StepScoring:
    # thresholds[level] = lowest percentage (0-100) that reaches that level (2..5).
    thresholds: Mapping[int, float]
    min_answers: int
    min_answered_share: float
    gates: tuple[Gate, ...] = ()
    caps: tuple[Cap, ...] = ()


@dataclass(frozen=True)
class Trigger:
    """When a recommendation applies. Exactly one of the three kinds is set; `when` may narrow
    any of them."""

    # Answer-attached: the question's answer is one of `values`.
    question: str | None = None
    values: tuple[str, ...] = ()
    # (step, level)-attached: the step's current level is one of `levels`.
    levels: tuple[int, ...] = ()
    # Gap-attached: target level minus current level is at least `gap`.
    gap: int | None = None
    # And, for any kind, this condition holds on the answers that count (None: always), e.g. a
    # gap's "write a policy" only while the policy question says there is none.
    when: Condition | None = None

    @property
    def kind(self) -> str:
        if self.question is not None:
            return "answer"
        if self.levels:
            return "level"
        return "gap"


@dataclass(frozen=True)
class Recommendation:
    id: str
    step_id: str
    text: str  # Markdown
    trigger: Trigger
    tools: tuple[str, ...] = ()
    # Urgent recommendations concern the most severe risks: they come first, before gates.
    urgent: bool = False
    location: Location = field(default=Location("?"), compare=False)


@dataclass(frozen=True)
class Section:
    id: str
    kind: Literal["intake", "step"]
    title: str
    intro: str | None
    condition: Condition | None
    pages: tuple[Page, ...]
    number: int = 0  # 1..6 for steps, 0 for the intake
    # Step-specific description per level (name comes from the questionnaire levels).
    level_descriptions: Mapping[int, str] = field(default_factory=lambda: MappingProxyType({}))
    scoring: StepScoring | None = None
    recommendations: tuple[Recommendation, ...] = ()
    location: Location = field(default=Location("?"), compare=False)

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for p in self.pages for q in p.questions)


@dataclass(frozen=True)
class Tool:
    id: str
    title: str
    url: str
    description: str
    steps: tuple[str, ...]
    location: Location = field(default=Location("?"), compare=False)
    # The language of the title when it is not the questionnaire's (a publication's own English
    # name), so pages can mark it (WCAG 3.1.2); None: the questionnaire's language.
    title_language: str | None = None
    # The language of the publication the link leads to (`language` in tools.yaml, else its
    # title's own language, else the questionnaire's): a translation changes the title, never this. Pages say it where it is
    # not theirs, so a visitor knows before following the link (QA, English walk).
    language: str = ""


@dataclass(frozen=True)
class TargetRule:
    """If `when` holds, the target level is at least `level` (for `steps`, or all)."""

    when: Condition
    level: int
    reason: str
    steps: tuple[str, ...] = ()
    location: Location = field(default=Location("?"), compare=False)


@dataclass(frozen=True)
class Targets:
    default_level: int
    default_reason: str
    rules: tuple[TargetRule, ...] = ()


@dataclass(frozen=True)
class Questionnaire:
    id: str
    version: str
    title: str
    language: str
    levels: tuple[Level, ...]
    sections: tuple[Section, ...]
    tools: tuple[Tool, ...]
    targets: Targets
    source_path: str = ""
    # Indexes built once at load time; derived, so left out of equality.
    questions_by_id: Mapping[str, Question] = field(
        default_factory=lambda: MappingProxyType({}), compare=False, repr=False
    )
    tools_by_id: Mapping[str, Tool] = field(
        default_factory=lambda: MappingProxyType({}), compare=False, repr=False
    )
    # Questions whose answers some section, page or question condition reads: changing one
    # of them can change what is shown.
    steering_questions: frozenset[str] = field(default=frozenset(), compare=False, repr=False)
    steps: tuple[Section, ...] = field(init=False, compare=False, repr=False)
    pages: tuple[Page, ...] = field(init=False, compare=False, repr=False)
    questions: tuple[Question, ...] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        from .conditions import referenced_questions

        object.__setattr__(self, "steps", tuple(s for s in self.sections if s.kind == "step"))
        object.__setattr__(self, "pages", tuple(p for s in self.sections for p in s.pages))
        object.__setattr__(self, "questions", tuple(q for s in self.sections for q in s.questions))
        object.__setattr__(self, "_sections_by_id", {s.id: s for s in self.sections})
        object.__setattr__(self, "_pages_by_id", {p.id: p for p in self.pages})
        questions = {q.id: q for q in self.questions}
        object.__setattr__(self, "questions_by_id", MappingProxyType(questions))
        object.__setattr__(self, "tools_by_id", MappingProxyType({t.id: t for t in self.tools}))
        conditions = [s.condition for s in self.sections] + [p.condition for s in self.sections for p in s.pages]
        conditions += [q.condition for q in questions.values()]
        steering = {c.question for condition in conditions for c in referenced_questions(condition)}
        object.__setattr__(self, "steering_questions", frozenset(steering))

    def section(self, section_id: str) -> Section | None:
        return self._sections_by_id.get(section_id)  # type: ignore[attr-defined, no-any-return]

    def page(self, page_id: str) -> Page | None:
        return self._pages_by_id.get(page_id)  # type: ignore[attr-defined, no-any-return]

    def level_name(self, level: int) -> str:
        return next((lv.name for lv in self.levels if lv.level == level), str(level))

    def general_tools(self) -> tuple[Tool, ...]:
        """The tools declared for every step: the stappenplan's general sources ("Algemeen"),
        shown with every result, whatever the answers."""
        step_ids = {step.id for step in self.steps}
        return tuple(tool for tool in self.tools if step_ids and step_ids <= set(tool.steps))
