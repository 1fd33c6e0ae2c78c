"""Content and its dissemination: the library (items, captions, assets, renditions), the review
of partner and joint content (versions, comments), dissemination requests with their proofs and
reach reports, and corrections and withdrawals.

Every row changes only through ``content.services``; an item's status moves only through its
one door (``transition``), a request's and a proof's through theirs.
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, URLValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, ScopeItem
from partnerships.models import Channel, Organisation


class Theme(models.Model):
    """An anti-corruption topic content is filed under, kept as a list administrators manage.

    The list is data, not code (an administrator adds a topic without a release), so its names are
    stored in both languages rather than in the catalogues.
    """

    name = models.CharField(_("name (Indonesian)"), max_length=100, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name"]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """The name in the reader's language (Indonesian where no English name is kept)."""
        if (get_language() or "").startswith("en") and self.name_en:
            return self.name_en
        return self.name


class ContentItem(models.Model):
    class Kind(models.TextChoices):
        ARTICLE = "article", _("Article or press release")
        IMAGE = "image", _("Image or infographic")
        VIDEO = "video", _("Video")
        PUBLIC_SERVICE_AD = "public_service_ad", _("Public service ad (ILM)")
        AUDIO = "audio", _("Audio spot")
        SOCIAL_POST = "social_post", _("Social media post")

    class Origin(models.TextChoices):
        KPK = "kpk", _("KPK")
        PARTNER = "partner", _("Partner")
        JOINT = "joint", _("Joint production")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        APPROVED = "approved", _("Approved")
        ARCHIVED = "archived", _("Archived")

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(
        _("description"), blank=True, max_length=5000, validators=[MaxLengthValidator(5000)]
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="items", verbose_name=_("themes")
    )
    hashtags = models.CharField(_("hashtags"), max_length=500, blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    not_before = models.DateTimeField(
        _("embargoed until"), null=True, blank=True, help_text=_("Not to be published before.")
    )
    not_after = models.DateTimeField(
        _("valid until"), null=True, blank=True, help_text=_("Not to be published after.")
    )
    origin = models.CharField(_("origin"), max_length=8, choices=Origin.choices)
    owner = models.ForeignKey(
        Organisation, models.PROTECT, related_name="content_items", verbose_name=_("owner")
    )
    co_producers = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="co_produced_items",
        verbose_name=_("co-producing organisations"),
    )
    agreement = models.ForeignKey(
        Agreement,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="content_items",
        verbose_name=_("agreement"),
    )
    scope_item = models.ForeignKey(
        ScopeItem,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="content_items",
        verbose_name=_("scope item"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Anyone may see it and download its files once it is approved."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        editable=False,
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("content item")
        verbose_name_plural = _("content items")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The library lists newest first, filtered by status, by owner or by kind.
            models.Index(fields=["status", "-created_at"], name="content_item_status_new"),
            models.Index(fields=["owner", "-created_at"], name="content_item_owner_new"),
            models.Index(fields=["kind", "-created_at"], name="content_item_kind_new"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(not_before__isnull=True)
                | Q(not_after__isnull=True)
                | Q(not_after__gt=F("not_before")),
                name="content_item_valid_after_embargo",
                violation_error_message=_("The validity must end after the embargo."),
            ),
            models.CheckConstraint(
                condition=Q(scope_item__isnull=True) | Q(agreement__isnull=False),
                name="content_item_scope_needs_agreement",
                violation_error_message=_("A scope item belongs to an agreement: choose it too."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("content:item_detail", args=[self.pk])

    def clean(self):
        # The constraints' rules, said on the fields they concern (the constraints keep the
        # database right whatever writes to it).
        super().clean()
        problems = {}
        if self.not_before and self.not_after and self.not_after <= self.not_before:
            problems["not_after"] = _("The validity must end after the embargo.")
        if self.scope_item_id is not None:
            if self.agreement_id is None:
                problems["scope_item"] = _("A scope item belongs to an agreement: choose it too.")
            elif self.scope_item.agreement_id != self.agreement_id:
                problems["scope_item"] = _("This scope item belongs to another agreement.")
        if problems:
            raise ValidationError(problems)


class Caption(models.Model):
    """The suggested caption for one platform; the platforms are the channels' kinds."""

    item = models.ForeignKey(
        ContentItem, models.CASCADE, related_name="captions", verbose_name=_("content item")
    )
    platform = models.CharField(_("platform"), max_length=16, choices=Channel.Kind.choices)
    text = models.TextField(_("text"), max_length=2200, validators=[MaxLengthValidator(2200)])

    class Meta:
        verbose_name = _("caption")
        verbose_name_plural = _("captions")
        ordering = ["platform"]
        constraints = [
            models.UniqueConstraint(fields=["item", "platform"], name="caption_once_per_platform")
        ]

    def __str__(self):
        return self.get_platform_display()


def asset_path(instance, filename):
    """A generated name: the uploader's file name is kept only as metadata."""
    suffix = PurePath(filename).suffix.lower()
    return f"content/{instance.item_id}/{uuid.uuid4().hex}{suffix}"


def rendition_path(instance, filename):
    suffix = PurePath(filename).suffix.lower()
    return f"content/{instance.asset.item_id}/renditions/{uuid.uuid4().hex}{suffix}"


class Asset(models.Model):
    """A file of an item (stored privately), or a link to a video hosted elsewhere."""

    class Kind(models.TextChoices):
        IMAGE = "image", _("Image")
        VIDEO = "video", _("Video")
        AUDIO = "audio", _("Audio")
        PDF = "pdf", _("PDF document")

    item = models.ForeignKey(
        ContentItem, models.CASCADE, related_name="assets", verbose_name=_("content item")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to=asset_path, max_length=255, blank=True)
    external_url = models.URLField(
        _("video link"),
        max_length=500,
        blank=True,
        validators=[URLValidator(schemes=["https"])],
        help_text=_("A video hosted elsewhere (YouTube, for example), instead of a file."),
    )
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size"), null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True, editable=False)
    width = models.PositiveIntegerField(_("width"), null=True, blank=True)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("asset")
        verbose_name_plural = _("assets")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(external_url="")) | (~Q(file="") & Q(external_url="")),
                name="content_asset_file_or_link",
                violation_error_message=_("Give either a file or a video link, not both."),
            ),
            models.CheckConstraint(
                condition=Q(external_url="") | Q(kind="video"),
                name="content_asset_link_is_video",
                violation_error_message=_("Only a video may be a link."),
            ),
        ]

    def __str__(self):
        return self.original_name or self.external_url


class Rendition(models.Model):
    """A size of an image made after upload: the thumbnail and what each platform wants.

    A model rather than a JSON list of paths: each rendition is a private file that will be
    served through the same access check as its asset, and the package and the grid ask for them
    by name across many items in one query.
    """

    class Name(models.TextChoices):
        THUMBNAIL = "thumbnail", _("Thumbnail")
        SQUARE = "square", _("Square")
        STORY = "story", _("Story")
        LINK_CARD = "link_card", _("Link card")

    asset = models.ForeignKey(
        Asset, models.CASCADE, related_name="renditions", verbose_name=_("asset")
    )
    name = models.CharField(_("name"), max_length=12, choices=Name.choices)
    file = models.FileField(_("file"), upload_to=rendition_path, max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    size = models.PositiveBigIntegerField(_("size"))

    class Meta:
        verbose_name = _("rendition")
        verbose_name_plural = _("renditions")
        ordering = ["asset", "name"]
        constraints = [
            models.UniqueConstraint(fields=["asset", "name"], name="content_rendition_once")
        ]

    def __str__(self):
        return f"{self.asset} · {self.get_name_display()}"


class ItemVersion(models.Model):
    """A state of an item as it was submitted for review (or corrected by KPK), kept whole.

    The snapshot holds what a reviewer judges (title, kind, description, hashtags, language,
    themes, captions by platform, and each asset's id, name, kind and digest), so any two
    versions can be compared after the item has moved on. The reviewer's decision on this
    version is kept on it.
    """

    class Decision(models.TextChoices):
        APPROVED = "approved", _("Approved")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")

    item = models.ForeignKey(
        ContentItem, models.CASCADE, related_name="versions", verbose_name=_("content item")
    )
    number = models.PositiveIntegerField(_("version"))
    snapshot = models.JSONField(_("snapshot"), default=dict)
    note = models.TextField(
        _("note"), blank=True, max_length=2000, validators=[MaxLengthValidator(2000)]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices, blank=True)
    decision_reason = models.TextField(
        _("reason"), blank=True, max_length=2000, validators=[MaxLengthValidator(2000)]
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        ordering = ["item", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="content_version_once"),
            models.CheckConstraint(
                condition=~Q(decision="changes_requested") | ~Q(decision_reason=""),
                name="content_version_changes_have_reason",
                violation_error_message=_("Say what should change."),
            ),
        ]

    def __str__(self):
        return f"{self.item} · v{self.number}"


class ItemComment(models.Model):
    """A remark on an item while it is made or reviewed, written about one of its versions."""

    item = models.ForeignKey(
        ContentItem, models.CASCADE, related_name="comments", verbose_name=_("content item")
    )
    version = models.ForeignKey(
        ItemVersion,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("version"),
        help_text=_("Empty while the item has not been submitted yet."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    organisation = models.ForeignKey(
        Organisation, models.PROTECT, related_name="+", verbose_name=_("on behalf of")
    )
    body = models.TextField(_("comment"), max_length=5000, validators=[MaxLengthValidator(5000)])
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["item", "-created_at"], name="content_comment_item_new")]

    def __str__(self):
        return f"{self.item} · {self.author}"


class Dispatch(models.Model):
    """One sending of an approved item by KPK to one partner or many, with one due date.

    Its requests are written in one bulk insert: sending to every Diskominfo is one dispatch of
    552 requests.
    """

    item = models.ForeignKey(
        ContentItem, models.PROTECT, related_name="dispatches", verbose_name=_("content item")
    )
    due_on = models.DateField(_("due"))
    # Channel kinds the partners are asked to use (a suggestion; proofs may name others).
    platforms = models.JSONField(_("suggested channels"), default=list, blank=True)
    message = models.TextField(
        _("message to partners"), blank=True, max_length=2000, validators=[MaxLengthValidator(2000)]
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("dispatch")
        verbose_name_plural = _("dispatches")
        ordering = ["-sent_at", "-pk"]

    def __str__(self):
        return f"{self.item} · {self.due_on}"


class Request(models.Model):
    """A dissemination request ("nitip konten"): one item, to one organisation, by a due date.

    A Diskominfo may forward its request to its press partners: each forward is a request of the
    same dispatch for the outlet, pointing at the one it came from, so KPK sees the chain.
    Overdue is never stored: it is derived from ``due_on`` and the status (``OPEN`` below).
    """

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")
        VERIFIED = "verified", _("Verified")

        @classmethod
        def open(cls) -> frozenset:
            """Still owed by the partner: these become overdue after the due date."""
            return frozenset({cls.REQUESTED, cls.ACCEPTED, cls.SCHEDULED})

    dispatch = models.ForeignKey(
        Dispatch, models.CASCADE, related_name="requests", verbose_name=_("dispatch")
    )
    # The dispatch's item, kept on the row: the item page, the tracker's filter and the target
    # counters read requests by item without a join.
    item = models.ForeignKey(
        ContentItem, models.PROTECT, related_name="requests", verbose_name=_("content item")
    )
    organisation = models.ForeignKey(
        Organisation,
        models.PROTECT,
        related_name="dissemination_requests",
        verbose_name=_("organisation"),
    )
    forwarded_from = models.ForeignKey(
        "self",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="forwards",
        verbose_name=_("forwarded from"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.REQUESTED, editable=False
    )
    due_on = models.DateField(_("due"))
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_requests",
        verbose_name=_("assigned to"),
    )
    decline_reason = models.TextField(
        _("reason for declining"),
        blank=True,
        max_length=2000,
        validators=[MaxLengthValidator(2000)],
    )
    scheduled_for = models.DateTimeField(_("scheduled for"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("dissemination request")
        verbose_name_plural = _("dissemination requests")
        ordering = ["due_on", "pk"]
        indexes = [
            # A partner's inbox: its requests by status and due date.
            models.Index(fields=["organisation", "status", "due_on"], name="content_request_inbox"),
            # KPK's tracker, newest first, and its overdue filter.
            models.Index(fields=["-created_at", "-id"], name="content_request_new"),
            models.Index(fields=["status", "due_on"], name="content_request_due"),
            models.Index(fields=["item", "status"], name="content_request_item"),
            models.Index(fields=["assignee", "status"], name="content_request_assignee"),
            # Tracking: the tracker in due-date order and the calendar's month of due dates,
            # across every status (migration 0004_tracking_indexes).
            models.Index(fields=["due_on", "id"], name="content_request_due_on"),
            # The item page's newest requests of a busy item (migration 0005_request_item_newest).
            models.Index(fields=["item", "-created_at", "-id"], name="content_request_item_new"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["dispatch", "organisation"], name="content_request_once_per_dispatch"
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="content_request_decline_has_reason",
                violation_error_message=_("Say why the request is declined."),
            ),
            models.CheckConstraint(
                condition=Q(forwarded_from__isnull=True) | ~Q(forwarded_from=F("pk")),
                name="content_request_not_forwarded_to_itself",
            ),
        ]

    def __str__(self):
        return f"{self.item} → {self.organisation}"

    def get_absolute_url(self):
        return reverse("content:request_detail", args=[self.pk])

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.status in self.Status.open() and self.due_on < today

    def is_planned_after_due(self) -> bool:
        """Whether the planned post goes out after the due date (in Jakarta's days): the
        request shows as overdue until it is published."""
        return self.scheduled_for is not None and (
            timezone.localdate(self.scheduled_for) > self.due_on
        )


def proof_path(instance, filename):
    suffix = PurePath(filename).suffix.lower()
    return f"content/proofs/{instance.request_id}/{uuid.uuid4().hex}{suffix}"


class Proof(models.Model):
    """That a request was published on one of the partner's channels: the post, a screenshot,
    when, and KPK's verification. Its latest reach figures are kept on it; every report is kept
    in ``ReachReport``.
    """

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for verification")
        VERIFIED = "verified", _("Verified")
        RETURNED = "returned", _("Returned")

    request = models.ForeignKey(
        Request, models.CASCADE, related_name="proofs", verbose_name=_("request")
    )
    channel = models.ForeignKey(
        Channel, models.PROTECT, related_name="proofs", verbose_name=_("channel")
    )
    url = models.URLField(_("post link"), max_length=500, blank=True)
    screenshot = models.FileField(_("screenshot"), upload_to=proof_path, max_length=255, blank=True)
    published_at = models.DateTimeField(_("published"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED, editable=False
    )
    return_reason = models.TextField(
        _("reason for returning"),
        blank=True,
        max_length=2000,
        validators=[MaxLengthValidator(2000)],
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked by"),
    )
    reviewed_at = models.DateTimeField(_("checked"), null=True, blank=True)
    views = models.PositiveBigIntegerField(_("views"), default=0)
    reach = models.PositiveBigIntegerField(_("reach"), default=0)
    likes = models.PositiveBigIntegerField(_("likes"), default=0)
    shares = models.PositiveBigIntegerField(_("shares"), default=0)
    comments = models.PositiveBigIntegerField(_("comments"), default=0)
    reach_reported_at = models.DateTimeField(_("reach reported"), null=True, blank=True)

    class Meta:
        verbose_name = _("publication proof")
        verbose_name_plural = _("publication proofs")
        ordering = ["request", "published_at", "pk"]
        indexes = [
            # KPK's "proofs to verify", oldest first.
            models.Index(fields=["status", "submitted_at"], name="content_proof_waiting"),
            models.Index(fields=["published_at"], name="content_proof_published"),
            # The agreements' targets: a partner's verified posts of a period and their reach,
            # read from the index alone for each of the partner's requests.
            models.Index(
                fields=["request", "status", "published_at", "reach"],
                name="content_proof_counted",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "channel"], name="content_proof_per_channel"
            ),
            models.CheckConstraint(
                condition=~Q(url="") | ~Q(screenshot=""),
                name="content_proof_has_evidence",
                violation_error_message=_("Give the post's link or a screenshot."),
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(return_reason=""),
                name="content_proof_return_has_reason",
                violation_error_message=_("Say why the proof is returned."),
            ),
        ]

    def __str__(self):
        return f"{self.request} · {self.channel}"


class ReachReport(models.Model):
    """Reach figures reported for one post at one moment; the newest is copied onto the proof."""

    proof = models.ForeignKey(
        Proof, models.CASCADE, related_name="reach_reports", verbose_name=_("proof")
    )
    views = models.PositiveBigIntegerField(_("views"), default=0)
    reach = models.PositiveBigIntegerField(_("reach"), default=0)
    likes = models.PositiveBigIntegerField(_("likes"), default=0)
    shares = models.PositiveBigIntegerField(_("shares"), default=0)
    comments = models.PositiveBigIntegerField(_("comments"), default=0)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    reported_at = models.DateTimeField(_("reported"), auto_now_add=True)

    class Meta:
        verbose_name = _("reach report")
        verbose_name_plural = _("reach reports")
        ordering = ["proof", "-reported_at", "-pk"]

    def __str__(self):
        return f"{self.proof} · {self.reported_at:%Y-%m-%d}"


class Notice(models.Model):
    """A correction or withdrawal KPK issues for an item partners already have.

    Every request of the item that was accepted or published gets a confirmation row, open until
    the partner confirms (with proof) that the post was updated or taken down.
    """

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        WITHDRAWAL = "withdrawal", _("Withdrawal")

    item = models.ForeignKey(
        ContentItem, models.CASCADE, related_name="notices", verbose_name=_("content item")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    version = models.ForeignKey(
        ItemVersion,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("corrected version"),
    )
    reason = models.TextField(_("reason"), max_length=2000, validators=[MaxLengthValidator(2000)])
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)

    class Meta:
        verbose_name = _("correction or withdrawal")
        verbose_name_plural = _("corrections and withdrawals")
        ordering = ["-issued_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.item}"


def confirmation_path(instance, filename):
    suffix = PurePath(filename).suffix.lower()
    return f"content/notices/{instance.notice_id}/{uuid.uuid4().hex}{suffix}"


class NoticeConfirmation(models.Model):
    """One partner's answer to a notice: open (``confirmed_at`` empty) until it confirms."""

    notice = models.ForeignKey(
        Notice, models.CASCADE, related_name="confirmations", verbose_name=_("notice")
    )
    request = models.ForeignKey(
        Request, models.CASCADE, related_name="notice_confirmations", verbose_name=_("request")
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    proof_url = models.URLField(_("link"), max_length=500, blank=True)
    screenshot = models.FileField(
        _("screenshot"), upload_to=confirmation_path, max_length=255, blank=True
    )
    note = models.TextField(
        _("note"), blank=True, max_length=2000, validators=[MaxLengthValidator(2000)]
    )

    class Meta:
        verbose_name = _("confirmation")
        verbose_name_plural = _("confirmations")
        ordering = ["notice", "pk"]
        indexes = [
            models.Index(fields=["notice", "confirmed_at"], name="content_notice_open"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["notice", "request"], name="content_confirmation_once")
        ]

    def __str__(self):
        return f"{self.notice} · {self.request.organisation}"
