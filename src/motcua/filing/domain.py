"""The rules of online filing on plain values (no Django).

The steps of the service, which step a draft may open, eligibility
answers, the delivery choice and the postal fee, and the 8-working-hour
window the desk has to answer an online dossier.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

RECEPTION_WINDOW_MINUTES = 8 * 60
"""Decree 45/2020: the desk answers an online dossier within 8 working hours."""


class Step(StrEnum):
    ELIGIBILITY = "eligibility"  # kiểm tra điều kiện
    FORM = "form"  # điền tờ khai
    DOCUMENTS = "documents"  # đính kèm giấy tờ
    DELIVERY = "delivery"  # cách nhận kết quả
    PAYMENT = "payment"  # phí, lệ phí
    REVIEW = "review"  # xem lại và nộp


STEP_ORDER: Sequence[Step] = tuple(Step)


class Satisfaction(StrEnum):
    VERY_SATISFIED = "very_satisfied"  # Rất hài lòng
    SATISFIED = "satisfied"  # Hài lòng
    DISSATISFIED = "dissatisfied"  # Không hài lòng


def next_step(step: Step | str) -> Step | None:
    """Return the step after ``step`` (None after the review)."""
    index = STEP_ORDER.index(Step(step))
    return STEP_ORDER[index + 1] if index + 1 < len(STEP_ORDER) else None


def previous_step(step: Step | str) -> Step | None:
    index = STEP_ORDER.index(Step(step))
    return STEP_ORDER[index - 1] if index else None


def may_open(reached: Step | str, wanted: Step | str) -> bool:
    """Tell whether a draft that reached ``reached`` may show ``wanted``.

    Every step up to the one reached may be revisited; none beyond it,
    so that nobody reaches the review with the form never filled.
    """
    return STEP_ORDER.index(Step(wanted)) <= STEP_ORDER.index(Step(reached))


def furthest(reached: Step | str, done: Step | str) -> Step:
    """Return the step reached once ``done`` is completed."""
    after = next_step(done) or Step(done)
    return max(Step(reached), after, key=STEP_ORDER.index)


@dataclass(frozen=True)
class Question:
    """An eligibility question: the answer that lets the citizen go on."""

    key: str
    text: str
    expected: bool
    explanation: str = ""  # shown when the other answer is given


def failed_questions(
    questions: Sequence[Question], answers: Mapping[str, object]
) -> list[Question]:
    """Return the questions answered otherwise than expected, or unanswered."""
    return [q for q in questions if answers.get(q.key) is not q.expected]


def parse_questions(raw: object) -> list[Question]:
    """Read the e-form layout's "eligibility" list; ignore malformed entries."""
    if not isinstance(raw, list):
        return []
    questions = []
    for item in raw:
        if not isinstance(item, dict):
            continue
        key, text = item.get("key"), item.get("text")
        if not (isinstance(key, str) and key and isinstance(text, str) and text):
            continue
        questions.append(
            Question(
                key=key,
                text=text,
                expected=bool(item.get("expected", True)),
                explanation=str(item.get("explanation", "")),
            )
        )
    return questions


def fee_to_pay(fees: Sequence[int], postal_fee: int, exempt: bool) -> int:
    """Return what the citizen pays: the fees (none if exempt) and postage.

    An exemption waives the procedure's fees and charges, never the postal
    service's price for carrying the result.
    """
    if any(amount < 0 for amount in fees) or postal_fee < 0:
        raise ValueError("amounts are never negative")
    return (0 if exempt else sum(fees)) + postal_fee
