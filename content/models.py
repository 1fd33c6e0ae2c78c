"""The content library: items KPK and its partners make, their captions, assets and renditions.

An item changes only through ``content.services``; its status is a field with its choices for
now, moved by the review workflow when that arrives (nothing assigns it yet but creation).
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, URLValidator
from django.db import models
from django.db.models import F, Q
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
