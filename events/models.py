"""Events: trainings, media briefings, meetings and ceremonies, from invitation to certificate.

Times are stored in UTC and shown in the event's own time zone (WIB, WITA or WIT), which is the
time zone of the venue's province, or chosen for an online event. An event's status moves only
through ``services.transition``; a registration's only through ``registrations`` (the seat, the
waiting list and the promotion are one concern). Whether an event was *held* is derived, never
stored: it was published, it has ended, and someone was checked in (``selectors.held_events``).
"""

import secrets
import uuid
from pathlib import PurePath
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, ScopeItem
from partnerships.models import Organisation, Regency, TimeZone


def new_token() -> str:
    """An unguessable token for links that work without signing in (public page, QR, feed)."""
    return secrets.token_urlsafe(24)


def new_certificate_code() -> str:
    """A code people can type from a printed certificate: 12 characters without look-alikes."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


class Event(models.Model):
    class Kind(models.TextChoices):
        TRAINING = "training", _("Training")
        MEDIA_BRIEFING = "media_briefing", _("Media briefing")
        COORDINATION_MEETING = "coordination_meeting", _("Coordination meeting")
        SIGNING_CEREMONY = "signing_ceremony", _("Signing ceremony")
        WORKSHOP = "workshop", _("Workshop")
        TALK_SHOW = "talk_show", _("Talk show")

    class Status(models.TextChoices):
        # A draft is seen only by its organisers; publishing opens it to the invited (and, for an
        # open event, to its public link); a cancelled event stays on record.
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    class Visibility(models.TextChoices):
        INVITED = "invited", _("Invited organisations only")
        OPEN = "open", _("Open, with a public link for guests")

    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("description"), blank=True, max_length=5000, validators=[MaxLengthValidator(5000)]
    )
    organisers = models.ManyToManyField(
        Organisation, related_name="organised_events", verbose_name=_("organising organisations")
    )
    agreement = models.ForeignKey(
        Agreement,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("agreement"),
    )
    scope_item = models.ForeignKey(
        ScopeItem,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("scope item"),
    )
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    venue_address = models.TextField(
        _("address"), blank=True, max_length=500, validators=[MaxLengthValidator(500)]
    )
    venue_regency = models.ForeignKey(
        Regency,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("regency or city"),
    )
    online_url = models.URLField(_("online meeting link"), max_length=500, blank=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=32,
        choices=TimeZone.choices,
        default=TimeZone.WIB,
        help_text=_("The venue's time zone; for an online event, the one the times are given in."),
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Seats; leave empty for no limit."),
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=8, choices=Visibility.choices, default=Visibility.INVITED
    )
    public_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    cancel_reason = models.TextField(
        _("reason for cancelling"),
        blank=True,
        max_length=2000,
        validators=[MaxLengthValidator(2000)],
        editable=False,
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
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "starts_at"], name="event_status_start"),
            models.Index(fields=["agreement", "kind", "starts_at"], name="event_agreement_kind"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="event_ends_after_start",
                violation_error_message=_("The event must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__isnull=True)
                | Q(registration_closes_at__gt=F("registration_opens_at")),
                name="event_registration_closes_after_opening",
                violation_error_message=_("Registration must close after it opens."),
            ),
            models.CheckConstraint(
                condition=Q(scope_item__isnull=True) | Q(agreement__isnull=False),
                name="event_scope_needs_agreement",
                violation_error_message=_("A scope item belongs to an agreement: choose it too."),
            ),
            models.CheckConstraint(
                condition=~Q(venue_name="") | ~Q(online_url=""),
                name="event_has_venue_or_link",
                violation_error_message=_("Give a venue or an online meeting link."),
            ),
            models.CheckConstraint(
                condition=Q(status="cancelled") | Q(cancel_reason=""),
                name="event_cancel_reason_only_when_cancelled",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:detail", args=[self.pk])

    def get_public_url(self):
        """The page guests see (an open event's public link)."""
        return reverse("events:public", args=[self.public_token])

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def time_zone_abbreviation(self) -> str:
        """WIB, WITA or WIT: what Indonesians call the zone (the part before the offset)."""
        from .times import zone_abbreviation

        return zone_abbreviation(self.time_zone)

    @property
    def is_online(self) -> bool:
        return not self.venue_name and bool(self.online_url)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    def clean(self):
        super().clean()
        problems = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            problems["ends_at"] = _("The event must end after it starts.")
        if (
            self.registration_opens_at
            and self.registration_closes_at
            and self.registration_closes_at <= self.registration_opens_at
        ):
            problems["registration_closes_at"] = _("Registration must close after it opens.")
        if (
            self.registration_closes_at
            and self.ends_at
            and self.registration_closes_at > self.ends_at
        ):
            problems["registration_closes_at"] = _("Registration must close before the event ends.")
        if not self.venue_name and not self.online_url:
            problems["venue_name"] = _("Give a venue or an online meeting link.")
        if self.venue_regency_id is not None:
            zone = self.venue_regency.province.time_zone
            if self.venue_name and self.time_zone != zone:
                problems["time_zone"] = _("The venue's province is in %(zone)s.") % {
                    "zone": TimeZone(zone).label
                }
        if self.scope_item_id is not None:
            if self.agreement_id is None:
                problems["scope_item"] = _("A scope item belongs to an agreement: choose it too.")
            elif self.scope_item.agreement_id != self.agreement_id:
                problems["scope_item"] = _("This scope item belongs to another agreement.")
        if problems:
            raise ValidationError(problems)


class Session(models.Model):
    """One part of the agenda (a talk, a discussion, a break), with its speakers."""

    event = models.ForeignKey(
        Event, models.CASCADE, related_name="sessions", verbose_name=_("event")
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    description = models.TextField(
        _("description"), blank=True, max_length=2000, validators=[MaxLengthValidator(2000)]
    )

    class Meta:
        verbose_name = _("agenda session")
        verbose_name_plural = _("agenda sessions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="event_session_ends_after_start",
                violation_error_message=_("The session must end after it starts."),
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The session must end after it starts.")})


class Speaker(models.Model):
    """A speaker (narasumber) of a session: a KPK spokesperson, a journalist, an inspector."""

    session = models.ForeignKey(
        Session, models.CASCADE, related_name="speakers", verbose_name=_("session")
    )
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    institution = models.CharField(_("institution"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name


class Invitation(models.Model):
    """An organisation invited to an event; its managers nominate participants or decline."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for nominations")
        NOMINATED = "nominated", _("Participants nominated")
        DECLINED = "declined", _("Declined")

    event = models.ForeignKey(
        Event, models.CASCADE, related_name="invitations", verbose_name=_("event")
    )
    organisation = models.ForeignKey(
        Organisation,
        models.CASCADE,
        related_name="event_invitations",
        verbose_name=_("organisation"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING, editable=False
    )
    decline_reason = models.TextField(
        _("reason for declining"),
        blank=True,
        max_length=2000,
        validators=[MaxLengthValidator(2000)],
        editable=False,
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        editable=False,
        verbose_name=_("invited by"),
    )
    invited_at = models.DateTimeField(_("invited"), auto_now_add=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("answered by"),
    )
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("event invitation")
        verbose_name_plural = _("event invitations")
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organisation"], name="event_invitation_once_per_organisation"
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="event_invitation_decline_has_reason",
                violation_error_message=_("Say why the invitation is declined."),
            ),
        ]
        indexes = [models.Index(fields=["organisation", "status"], name="event_invitation_org")]

    def __str__(self):
        return f"{self.organisation} · {self.event}"


class Registration(models.Model):
    """A seat (or a place on the waiting list) for a member or a guest.

    Members are linked to their user and organisation; guests have no account and give their
    details on the public page. The name, institution and position are kept on the row for both,
    as they were at registration: the attendance list and the certificate print them.
    """

    class Status(models.TextChoices):
        # A guest's registration waits for the confirmation of their email address before it
        # takes a seat; ``ACTIVE`` are the statuses that hold a place (one per person).
        UNCONFIRMED = "unconfirmed", _("Email not yet confirmed")
        CONFIRMED = "confirmed", _("Registered")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    class Source(models.TextChoices):
        SELF = "self", _("Registered themselves")
        NOMINATED = "nominated", _("Nominated by their organisation")
        GUEST = "guest", _("Guest, through the public link")
        WALK_IN = "walk_in", _("Walk-in, added at check-in")

    ACTIVE = (Status.UNCONFIRMED, Status.CONFIRMED, Status.WAITLISTED)

    event = models.ForeignKey(
        Event, models.CASCADE, related_name="registrations", verbose_name=_("event")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    institution = models.CharField(_("institution"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    source = models.CharField(_("source"), max_length=12, choices=Source.choices, editable=False)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, editable=False)
    # The personal QR code and the guest's links (confirmation, certificate) carry this token.
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("nominated by"),
    )
    # The waiting list is served in the order people joined it.
    waitlisted_at = models.DateTimeField(_("joined the waiting list"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("registered"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("checked in by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["name", "pk"]
        indexes = [
            models.Index(fields=["event", "status", "name"], name="event_registration_list"),
            models.Index(
                fields=["event", "waitlisted_at"],
                name="event_registration_waitlist",
                condition=Q(status="waitlisted"),
            ),
            models.Index(fields=["user", "status"], name="event_registration_user"),
            # How many of each invited organisation registered (the invitations' page counts
            # them for 50 organisations; by the event alone each count read 1,500 rows).
            models.Index(
                fields=["event", "organisation", "status"], name="event_registration_by_org"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=Q(status__in=["unconfirmed", "confirmed", "waitlisted"]),
                name="event_registration_once_per_user",
                violation_error_message=_("This person is already registered for this event."),
            ),
            models.UniqueConstraint(
                "event",
                Lower("email"),
                condition=Q(status__in=["unconfirmed", "confirmed", "waitlisted"]) & ~Q(email=""),
                name="event_registration_once_per_email",
                violation_error_message=_("This email address is already registered."),
            ),
            models.CheckConstraint(
                condition=Q(checked_in_at__isnull=True) | Q(status="confirmed"),
                name="event_registration_checked_in_is_confirmed",
            ),
            models.CheckConstraint(
                condition=~Q(status="waitlisted") | Q(waitlisted_at__isnull=False),
                name="event_registration_waitlist_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.name} · {self.event}"

    @property
    def is_guest(self) -> bool:
        return self.user_id is None

    @property
    def attended(self) -> bool:
        return self.checked_in_at is not None


def event_file_path(instance, filename):
    """A generated name: the uploader's file name is kept only as metadata."""
    suffix = PurePath(filename).suffix.lower()
    return f"events/{instance.event_id}/{uuid.uuid4().hex}{suffix}"


class EventFile(models.Model):
    """Material (slides, handouts) or a photo of an event, private unless made public."""

    class Kind(models.TextChoices):
        MATERIAL = "material", _("Material")
        PHOTO = "photo", _("Photo")

    event = models.ForeignKey(Event, models.CASCADE, related_name="files", verbose_name=_("event"))
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200, blank=True)
    file = models.FileField(_("file"), upload_to=event_file_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    thumbnail = models.FileField(
        _("thumbnail"), upload_to=event_file_path, max_length=255, blank=True, editable=False
    )
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Anyone may see and download it; otherwise only participants and organisers."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        editable=False,
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("event file")
        verbose_name_plural = _("event files")
        ordering = ["kind", "uploaded_at", "pk"]

    def __str__(self):
        return self.title or self.original_name


class Report(models.Model):
    """The outcome report (laporan kegiatan), written by an organiser after the event.

    The attendance figures (by institution, by regency or city) are not typed: they are counted
    from the check-ins when the report is shown, so they cannot disagree with the list.
    """

    event = models.OneToOneField(
        Event, models.CASCADE, related_name="report", verbose_name=_("event")
    )
    summary = models.TextField(
        _("summary"), max_length=10000, validators=[MaxLengthValidator(10000)]
    )
    follow_ups = models.TextField(
        _("follow-ups"), blank=True, max_length=5000, validators=[MaxLengthValidator(5000)]
    )
    outputs = models.TextField(
        _("other figures"),
        blank=True,
        max_length=2000,
        validators=[MaxLengthValidator(2000)],
        help_text=_("Figures that are not counted here, e.g. news stories written afterwards."),
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        editable=False,
        verbose_name=_("written by"),
    )
    written_at = models.DateTimeField(_("written"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("event report")
        verbose_name_plural = _("event reports")

    def __str__(self):
        return str(self.event)


class Feedback(models.Model):
    """One attendee's answers to the feedback form (asked only of those checked in)."""

    RATING = [MinValueValidator(1), MaxValueValidator(5)]

    registration = models.OneToOneField(
        Registration, models.CASCADE, related_name="feedback", verbose_name=_("registration")
    )
    overall = models.PositiveSmallIntegerField(_("overall"), validators=RATING)
    content = models.PositiveSmallIntegerField(_("usefulness of the material"), validators=RATING)
    speakers = models.PositiveSmallIntegerField(_("speakers"), validators=RATING)
    organisation = models.PositiveSmallIntegerField(_("organisation"), validators=RATING)
    comments = models.TextField(
        _("comments and suggestions"),
        blank=True,
        max_length=3000,
        validators=[MaxLengthValidator(3000)],
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.CheckConstraint(
                condition=Q(overall__range=(1, 5))
                & Q(content__range=(1, 5))
                & Q(speakers__range=(1, 5))
                & Q(organisation__range=(1, 5)),
                name="event_feedback_ratings_1_to_5",
            ),
        ]

    def __str__(self):
        return str(self.registration)


class Certificate(models.Model):
    """A certificate of attendance of a training, with the code its public page checks.

    What it says is frozen when it is issued (name, institution, event, dates), so the public
    verification page shows exactly what the paper shows and nothing more.
    """

    registration = models.OneToOneField(
        Registration, models.PROTECT, related_name="certificate", verbose_name=_("registration")
    )
    code = models.CharField(
        _("verification code"), max_length=14, unique=True, default=new_certificate_code
    )
    name = models.CharField(_("name"), max_length=200)
    institution = models.CharField(_("institution"), max_length=200, blank=True)
    event_title = models.CharField(_("event"), max_length=200)
    event_dates = models.CharField(_("dates"), max_length=100)
    organisers = models.CharField(_("organised by"), max_length=500)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        editable=False,
        verbose_name=_("issued by"),
    )
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.code

    def get_verification_url(self):
        return reverse("events:certificate_verify", args=[self.code])


class CalendarFeed(models.Model):
    """A private calendar feed: a secret URL the user's calendar app polls; a reset replaces it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="event_calendar_feed",
        verbose_name=_("user"),
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(self.user)
