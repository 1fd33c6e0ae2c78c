"""Agreements (kerja sama): an MoU, a PKS under it, or an addendum, between two or more
organisations, one of them a KPK unit.

The status changes only through ``agreements.services.transition`` (one door, one table of
allowed moves); nothing else assigns ``Agreement.status``.
"""

import uuid
from datetime import timedelta
from pathlib import PurePath

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnerships.models import Organisation


class Status(models.TextChoices):
    """An agreement's stored status, with the groups and colours every page shares."""

    DRAFT = "draft", _("Draft")
    NEGOTIATION = "negotiation", _("In negotiation")
    READY = "ready", _("Ready to sign")
    SIGNED = "signed", _("Signed, not yet in force")
    ACTIVE = "active", _("Active")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", _("Terminated")

    @classmethod
    def open(cls) -> frozenset:
        """Still being drafted: details, parties and scope may change, the parties discuss."""
        return frozenset({cls.DRAFT, cls.NEGOTIATION, cls.READY})

    @classmethod
    def concluded(cls) -> frozenset:
        """Signed and not ended: binding now or from its effective date; no longer edited."""
        return frozenset({cls.SIGNED, cls.ACTIVE})

    @classmethod
    def ended(cls) -> frozenset:
        return frozenset({cls.EXPIRED, cls.TERMINATED})

    @classmethod
    def renewable(cls) -> frozenset:
        return frozenset({cls.ACTIVE, cls.EXPIRED})

    @property
    def colour(self) -> str:
        """The Bootstrap colour of the status badge."""
        return {
            "draft": "secondary",
            "negotiation": "info",
            "ready": "primary",
            "signed": "light",
            "active": "success",
            "expired": "dark",
            "terminated": "danger",
        }[self.value]


# The largest figure a target holds: PostgreSQL's integer column, the same on every database.
LARGEST_FIGURE = 2_147_483_647

# An active agreement this close to its end is "expiring"; derived, never stored.
EXPIRING_COLOUR = "warning"


def expiring_horizon(today=None):
    """The last end date that still counts as "expiring" today."""
    today = today or timezone.localdate()
    return today + timedelta(days=settings.AGREEMENT_EXPIRING_DAYS)


class AgreementQuerySet(models.QuerySet):
    def expiring(self, today=None):
        """Active, and ending within ``AGREEMENT_EXPIRING_DAYS``: the one test of "expiring"."""
        return self.filter(
            status=Status.ACTIVE, ends_on__isnull=False, ends_on__lte=expiring_horizon(today)
        )

    def open(self):
        return self.filter(status__in=Status.open())

    def ended(self):
        return self.filter(status__in=Status.ended())


class Agreement(models.Model):
    class Kind(models.TextChoices):
        MOU = "mou", _("Memorandum of understanding (MoU)")
        PKS = "pks", _("Cooperation agreement (PKS)")
        ADDENDUM = "addendum", _("Addendum")

    Status = Status

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("under"),
        help_text=_("The MoU a PKS falls under, or the agreement an addendum amends."),
    )
    predecessor = models.OneToOneField(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="successor",
        verbose_name=_("renews"),
    )
    title = models.CharField(_("title"), max_length=300)
    # TextField's max_length bounds only its form field; the validator bounds the model too.
    summary = models.TextField(
        _("summary"), blank=True, max_length=5000, validators=[MaxLengthValidator(5000)]
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    organisations = models.ManyToManyField(
        Organisation,
        through="AgreementParty",
        related_name="agreements",
        verbose_name=_("parties"),
    )
    signing_place = models.CharField(_("place of signing"), max_length=150, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    effective_on = models.DateField(_("effective from"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    termination_reason = models.TextField(
        _("reason for termination"),
        blank=True,
        max_length=2000,
        validators=[MaxLengthValidator(2000)],
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_agreements",
        verbose_name=_("KPK owner"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-updated_at"]
        # The list's order (newest change first, ties by id) read from an index, not a sort of
        # every row. The trigram indexes that searching the title uses exist on PostgreSQL only
        # (migration 0008), so they are not declared here.
        indexes = [
            models.Index(fields=["-updated_at", "-id"], name="agreement_recent_idx"),
            models.Index(fields=["status", "ends_on"], name="agreement_status_ends_idx"),
            models.Index(fields=["kind", "status"], name="agreement_kind_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(effective_on__isnull=True)
                | Q(ends_on__gte=models.F("effective_on")),
                name="agreement_ends_after_it_starts",
                violation_error_message=_("The end date cannot be before the effective date."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="mou") | Q(parent__isnull=True),
                name="agreement_mou_has_no_parent",
                violation_error_message=_("An MoU does not fall under another agreement."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("agreements:detail", args=[self.pk])

    @property
    def is_expiring(self) -> bool:
        """The instance's side of ``AgreementQuerySet.expiring`` (same horizon)."""
        if self.status != Status.ACTIVE or self.ends_on is None:
            return False
        return self.ends_on <= expiring_horizon()

    @property
    def is_open(self) -> bool:
        return self.status in Status.open()

    @property
    def status_colour(self) -> str:
        return EXPIRING_COLOUR if self.is_expiring else Status(self.status).colour

    @property
    def days_left(self) -> int | None:
        if self.ends_on is None:
            return None
        return (self.ends_on - timezone.localdate()).days


class AgreementParty(models.Model):
    """An organisation bound by an agreement, with its own number for the document."""

    agreement = models.ForeignKey(
        Agreement, models.CASCADE, related_name="parties", verbose_name=_("agreement")
    )
    organisation = models.ForeignKey(
        Organisation,
        models.PROTECT,
        related_name="agreement_parties",
        verbose_name=_("organisation"),
    )
    document_number = models.CharField(_("document number"), max_length=120, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "organisation"], name="agreement_party_once"
            )
        ]

    def __str__(self):
        return f"{self.organisation} ({self.document_number or '—'})"


class Signatory(models.Model):
    agreement = models.ForeignKey(
        Agreement, models.CASCADE, related_name="signatories", verbose_name=_("agreement")
    )
    organisation = models.ForeignKey(
        Organisation, models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=150)
    position = models.CharField(_("position"), max_length=200)

    class Meta:
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.name}, {self.position}"


class ScopeItem(models.Model):
    class Area(models.TextChoices):
        COORDINATION = "coordination", _("Coordination")
        DISSEMINATION = (
            "dissemination",
            _("Dissemination and publication of anti-corruption material"),
        )
        EDUCATION = "education", _("Education and training")
        DATA_EXCHANGE = "data_exchange", _("Exchange of data and information")
        JOINT_PRODUCTION = (
            "joint_production",
            _("Joint production of content and public service ads"),
        )
        MEDIA_SHARING = "media_sharing", _("Sharing of communication media")
        OTHER = "other", _("Other")

    agreement = models.ForeignKey(
        Agreement, models.CASCADE, related_name="scope_items", verbose_name=_("agreement")
    )
    area = models.CharField(_("area"), max_length=20, choices=Area.choices)
    description = models.TextField(
        _("description"), blank=True, max_length=1000, validators=[MaxLengthValidator(1000)]
    )

    class Meta:
        verbose_name = _("scope item")
        verbose_name_plural = _("scope items")
        ordering = ["pk"]

    def __str__(self):
        return self.get_area_display()


class Target(models.Model):
    """A measurable promise under a scope item, e.g. 24 KPK posts a year on partner channels.

    Progress is counted by the metric's counter (``agreements.targets``); a metric nobody
    counts yet shows as "not measured yet", never as zero.
    """

    class Metric(models.TextChoices):
        KPK_CONTENT_PUBLISHED = (
            "kpk_content_published",
            _("KPK content published on partner channels"),
        )
        KPK_CONTENT_REACH = (
            "kpk_content_reach",
            _("People reached by KPK content on partner channels"),
        )
        JOINT_PRODUCTIONS = "joint_productions", _("Joint productions")
        TRAININGS_HELD = "trainings_held", _("Trainings held")
        MEDIA_BRIEFINGS_HELD = "media_briefings_held", _("Media briefings held")
        PARTICIPANTS_TRAINED = "participants_trained", _("Participants trained")
        MANUAL = "manual", _("Figure entered by hand")

    class Period(models.TextChoices):
        YEAR = "year", _("per year")
        QUARTER = "quarter", _("per quarter")
        TERM = "term", _("over the whole term")

    scope_item = models.ForeignKey(
        ScopeItem, models.CASCADE, related_name="targets", verbose_name=_("scope item")
    )
    metric = models.CharField(_("what is counted"), max_length=24, choices=Metric.choices)
    label = models.CharField(
        _("label"), max_length=200, blank=True, help_text=_("For a figure entered by hand.")
    )
    quantity = models.PositiveIntegerField(
        _("how many"), validators=[MinValueValidator(1), MaxValueValidator(LARGEST_FIGURE)]
    )
    period = models.CharField(_("period"), max_length=8, choices=Period.choices)
    manual_value = models.PositiveIntegerField(
        _("achieved so far"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(LARGEST_FIGURE)],
    )

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["pk"]

    def __str__(self):
        what = self.label or self.get_metric_display()
        return f"{self.quantity} {what} {self.get_period_display()}"


def document_path(instance, filename):
    """A generated name: the uploader's file name is kept only as metadata."""
    suffix = PurePath(filename).suffix.lower()
    return f"agreements/{instance.agreement_id}/{uuid.uuid4().hex}{suffix}"


class AgreementDocumentQuerySet(models.QuerySet):
    def current(self):
        """The versions that count: not withdrawn."""
        return self.filter(withdrawn_at__isnull=True)


class AgreementDocument(models.Model):
    class Kind(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SIGNED = "signed", _("Signed scan")
        ATTACHMENT = "attachment", _("Attachment")

    agreement = models.ForeignKey(
        Agreement, models.CASCADE, related_name="documents", verbose_name=_("agreement")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    version = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to=document_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64, editable=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    # A version uploaded by mistake is withdrawn, never deleted: it stays in the history but no
    # longer counts (``services.withdraw_document``).
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True, editable=False)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("withdrawn by"),
    )
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True, editable=False)

    objects = AgreementDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-uploaded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "kind", "version"], name="agreement_document_version_once"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} v{self.version}: {self.original_name}"

    def get_absolute_url(self):
        return reverse("agreements:document", args=[self.agreement_id, self.pk])

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class AgreementComment(models.Model):
    agreement = models.ForeignKey(
        Agreement, models.CASCADE, related_name="comments", verbose_name=_("agreement")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, verbose_name=_("author")
    )
    body = models.TextField(_("comment"), max_length=5000, validators=[MaxLengthValidator(5000)])
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at"]

    def __str__(self):
        return f"{self.author}: {self.body[:60]}"
