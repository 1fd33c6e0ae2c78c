"""Reads of events used in more than one place; each part of the app keeps its section."""


# --- After the event: files, report figures, feedback results, certificates (followup) ---

from dataclasses import dataclass

from django.db.models import Avg, Count, Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext_lazy as _

from .models import Certificate, EventFile, Feedback, Registration

FEEDBACK_QUESTIONS = ("overall", "content", "speakers", "organisation")
# The questions as the form asks them and the results name them.
QUESTION_LABELS = {
    "overall": _("Overall, how was the event?"),
    "content": _("How useful was the material?"),
    "speakers": _("How were the speakers?"),
    "organisation": _("How well was it organised?"),
}


def files_for(user, event) -> list[EventFile]:
    """The files of ``event`` that ``user`` may open (``events.view_file``), photos last.

    The access rule is asked once for a private file of this event: every private file of an
    event has the same readers.
    """
    event_files = list(event.files.all())
    if not event_files:
        return []
    private = next((file for file in event_files if not file.is_public), None)
    sees_private = private is not None and user.has_perm("events.view_file", private)
    return [file for file in event_files if file.is_public or sees_private]


@dataclass(frozen=True)
class Figures:
    """What the report counts from the registrations (never typed)."""

    registered: int
    attended: int
    by_institution: list  # [(name, attended)], most first
    by_regency: list  # [(name, attended)], most first


NOT_TIED = _("Not tied to a regency or city")


def attendance_figures(event) -> Figures:
    """Registered (with a seat) and attended, and attendance by institution and regency or city.

    A member counts under their organisation (and its regency or city); a guest under the
    institution they typed, and under no regency. Three queries, whatever the size.
    """
    seated = event.registrations.filter(status=Registration.Status.CONFIRMED)
    totals = seated.aggregate(
        registered=Count("pk"), attended=Count("pk", filter=Q(checked_in_at__isnull=False))
    )
    attended = seated.filter(checked_in_at__isnull=False)
    by_institution = (
        attended.annotate(
            label=Coalesce("organisation__name", NullIf("institution", Value("")), Value("—"))
        )
        .values("label")
        .annotate(count=Count("pk"))
        .order_by("-count", "label")
    )
    by_regency = (
        attended.values("organisation__regency__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "organisation__regency__name")
    )
    regencies = [
        (row["organisation__regency__name"] or NOT_TIED, row["count"]) for row in by_regency
    ]
    # Those tied to no regency or city are listed last, whatever their number.
    regencies.sort(key=lambda row: row[0] is NOT_TIED)
    return Figures(
        registered=totals["registered"],
        attended=totals["attended"],
        by_institution=[(row["label"], row["count"]) for row in by_institution],
        by_regency=regencies,
    )


@dataclass(frozen=True)
class QuestionResult:
    name: str
    label: str
    average: float | None
    distribution: list  # [(rating, count, percent)] for 1..5


def feedback_summary(event) -> dict:
    """The feedback of ``event``: responses, each question's average and 1-5 distribution, and
    the comments (newest first). Three queries, whatever the size."""
    answers = Feedback.objects.filter(registration__event=event)
    aggregates = {"responses": Count("pk")}
    for question in FEEDBACK_QUESTIONS:
        aggregates[f"{question}_average"] = Avg(question)
        for rating in range(1, 6):
            aggregates[f"{question}_{rating}"] = Count("pk", filter=Q(**{question: rating}))
    row = answers.aggregate(**aggregates)
    responses = row["responses"]
    questions = []
    for question in FEEDBACK_QUESTIONS:
        distribution = []
        for rating in range(1, 6):
            count = row[f"{question}_{rating}"]
            percent = round(100 * count / responses) if responses else 0
            distribution.append((rating, count, percent))
        questions.append(
            QuestionResult(
                name=question,
                label=QUESTION_LABELS[question],
                average=row[f"{question}_average"],
                distribution=distribution,
            )
        )
    comments = list(
        answers.exclude(comments="")
        .order_by("-submitted_at", "-pk")
        .values_list("comments", flat=True)
    )
    attended = event.registrations.filter(
        status=Registration.Status.CONFIRMED, checked_in_at__isnull=False
    ).count()
    return {
        "responses": responses,
        "attended": attended,
        "questions": questions,
        "comments": comments,
    }


def valid_certificate(code: str) -> Certificate | None:
    """The certificate a public page may confirm: known and not revoked; else None."""
    code = (code or "").strip().upper()
    if not code or len(code) > Certificate._meta.get_field("code").max_length:
        return None
    return Certificate.objects.filter(code=code, revoked_at__isnull=True).first()
