import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimeZone(models.TextChoices):
    WIB = "Asia/Jakarta", _("WIB (UTC+7)")
    WITA = "Asia/Makassar", _("WITA (UTC+8)")
    WIT = "Asia/Jayapura", _("WIT (UTC+9)")


class Province(models.Model):
    """One of Indonesia's 38 provinces (Kemendagri code, e.g. "16" for Sumatera Selatan)."""

    code = models.CharField(_("code"), max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    time_zone = models.CharField(_("time zone"), max_length=32, choices=TimeZone.choices)

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["code"]

    def __str__(self):
        return self.name


class Regency(models.Model):
    """A regency (kabupaten) or city (kota), e.g. "16.71" for Kota Palembang."""

    class Kind(models.TextChoices):
        REGENCY = "regency", _("Regency")
        CITY = "city", _("City")

    code = models.CharField(_("code"), max_length=5, primary_key=True)
    province = models.ForeignKey(
        Province, models.PROTECT, related_name="regencies", verbose_name=_("province")
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)

    class Meta:
        verbose_name = _("regency or city")
        verbose_name_plural = _("regencies and cities")
        ordering = ["code"]

    def __str__(self):
        return self.name


class Organisation(models.Model):
    class Kind(models.TextChoices):
        KPK_UNIT = "kpk_unit", _("KPK unit")
        PROVINCE_DISKOMINFO = "diskominfo_province", _("Provincial Diskominfo")
        REGENCY_DISKOMINFO = "diskominfo_regency", _("Regency/city Diskominfo")
        MEDIA = "media", _("Media outlet")
        OTHER = "other", _("Other body")

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("type"), max_length=24, choices=Kind.choices)
    province = models.ForeignKey(
        Province,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("province"),
    )
    regency = models.ForeignKey(
        Regency,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("regency or city"),
    )
    # TextField's max_length bounds only its form field; the validator bounds the model too.
    description = models.TextField(
        _("description"), blank=True, max_length=5000, validators=[MaxLengthValidator(5000)]
    )
    address = models.TextField(
        _("address"), blank=True, max_length=500, validators=[MaxLengthValidator(500)]
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)
    press_verified = models.BooleanField(
        _("verified by Dewan Pers"),
        default=False,
        help_text=_("For media outlets: verified by the Press Council (Dewan Pers)."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "province"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="diskominfo_province") | Q(province__isnull=False, regency=None),
                name="province_diskominfo_has_province_only",
            ),
            models.CheckConstraint(
                condition=~Q(kind="diskominfo_regency") | Q(regency__isnull=False),
                name="regency_diskominfo_has_regency",
            ),
            models.CheckConstraint(
                condition=~Q(kind="kpk_unit") | Q(province=None, regency=None),
                name="kpk_unit_is_national",
            ),
            # Filtering the directory by province must find the regencies' organisations too.
            models.CheckConstraint(
                condition=Q(regency=None) | Q(province__isnull=False),
                name="regency_implies_province",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partnerships:organisation_detail", args=[self.pk])

    @property
    def is_kpk(self):
        return self.kind == self.Kind.KPK_UNIT

    @property
    def display_name(self):
        return self.short_name or self.name

    def clean(self):
        super().clean()
        if self.regency_id:
            # The province always follows the regency, so filtering by province finds it.
            self.province_id = self.regency.province_id
        if self.kind == self.Kind.KPK_UNIT and (self.province_id or self.regency_id):
            raise ValidationError(
                {"province": _("A KPK unit is national: leave province and regency empty.")}
            )
        if self.kind == self.Kind.PROVINCE_DISKOMINFO:
            if not self.province_id:
                raise ValidationError(
                    {"province": _("A provincial Diskominfo needs its province.")}
                )
            if self.regency_id:
                raise ValidationError(
                    {"regency": _("A provincial Diskominfo is not tied to a regency or city.")}
                )
        if self.kind == self.Kind.REGENCY_DISKOMINFO and not self.regency_id:
            raise ValidationError(
                {"regency": _("A regency/city Diskominfo needs its regency or city.")}
            )


# The communications agencies of a region: the partners dissemination requests go to.
DISKOMINFO_KINDS = frozenset(
    {Organisation.Kind.PROVINCE_DISKOMINFO, Organisation.Kind.REGENCY_DISKOMINFO}
)


class Role(models.TextChoices):
    KPK_MANAGER = "kpk_manager", _("KPK manager")
    KPK_STAFF = "kpk_staff", _("KPK staff")
    PARTNER_MANAGER = "partner_manager", _("Partner manager")
    PARTNER_OPERATOR = "partner_operator", _("Partner operator")


KPK_ROLES = frozenset({Role.KPK_MANAGER, Role.KPK_STAFF})
PARTNER_ROLES = frozenset({Role.PARTNER_MANAGER, Role.PARTNER_OPERATOR})
MANAGER_ROLES = frozenset({Role.KPK_MANAGER, Role.PARTNER_MANAGER})


def roles_for_kind(kind: str) -> frozenset:
    """The roles a member of an organisation of this kind can hold."""
    return KPK_ROLES if kind == Organisation.Kind.KPK_UNIT else PARTNER_ROLES


def check_role_fits(organisation: "Organisation", role: str) -> None:
    """Refuse a role that members of ``organisation``'s kind cannot hold (the one place)."""
    if role not in roles_for_kind(organisation.kind):
        raise ValidationError({"role": _("This role does not exist in this organisation.")})


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation, models.CASCADE, related_name="memberships", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("member since"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation__name", "user__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="one_membership_per_organisation"
            ),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="membership_role_known"),
        ]

    def __str__(self):
        return f"{self.user} · {self.organisation} ({self.get_role_display()})"

    def clean(self):
        super().clean()
        if self.organisation_id:
            check_role_fits(self.organisation, self.role)


class Channel(models.Model):
    """A place where an organisation publishes, with the size of its audience."""

    class Kind(models.TextChoices):
        INSTAGRAM = "instagram", "Instagram"
        FACEBOOK = "facebook", "Facebook"
        X = "x", "X (Twitter)"
        YOUTUBE = "youtube", "YouTube"
        TIKTOK = "tiktok", "TikTok"
        WEBSITE = "website", _("Website")
        RADIO = "radio", _("Radio")
        TV = "tv", _("Television")
        VIDEOTRON = "videotron", _("Videotron / billboard")
        PRINT = "print", _("Print")
        WHATSAPP = "whatsapp", _("WhatsApp channel")

    organisation = models.ForeignKey(
        Organisation, models.CASCADE, related_name="channels", verbose_name=_("organisation")
    )
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=150)
    handle = models.CharField(_("handle or URL"), max_length=255, blank=True)
    audience_size = models.PositiveIntegerField(
        _("audience size"),
        default=0,
        validators=[MinValueValidator(0)],
        help_text=_("Followers, subscribers, listeners or circulation."),
    )
    audience_updated_on = models.DateField(_("audience counted on"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        ordering = ["organisation__name", "-audience_size", "name"]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()})"

    def clean(self):
        super().clean()
        if self.audience_updated_on and self.audience_updated_on > timezone.localdate():
            raise ValidationError(
                {"audience_updated_on": _("The audience cannot have been counted in the future.")}
            )


class PressPartner(models.Model):
    """A media outlet a Diskominfo works with: its requests may be forwarded to the outlet."""

    organisation = models.ForeignKey(
        Organisation,
        models.CASCADE,
        related_name="press_partner_links",
        verbose_name=_("Diskominfo"),
    )
    outlet = models.ForeignKey(
        Organisation,
        models.CASCADE,
        related_name="press_partner_of",
        verbose_name=_("media outlet"),
        limit_choices_to={"kind": "media"},
    )
    since = models.DateField(_("partner since"), null=True, blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("press partner")
        verbose_name_plural = _("press partners")
        ordering = ["organisation", "outlet__name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "outlet"], name="press_partner_once"),
            models.CheckConstraint(
                condition=~Q(organisation=F("outlet")), name="press_partner_not_itself"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} · {self.outlet}"

    def clean(self):
        super().clean()
        problems = {}
        if self.organisation_id and self.organisation.kind not in DISKOMINFO_KINDS:
            problems["organisation"] = _("Only a Diskominfo records press partners.")
        if self.outlet_id and self.outlet.kind != Organisation.Kind.MEDIA:
            problems["outlet"] = _("A press partner is a media outlet.")
        if problems:
            raise ValidationError(problems)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    """The invitation statuses as filters; they mirror ``Invitation.status``."""

    def pending(self):
        return self.filter(accepted_at=None, revoked_at=None, expires_at__gt=timezone.now())

    def accepted(self):
        return self.exclude(accepted_at=None)

    def revoked(self):
        return self.filter(accepted_at=None).exclude(revoked_at=None)

    def expired(self):
        return self.filter(accepted_at=None, revoked_at=None, expires_at__lte=timezone.now())

    def with_status(self, status: str):
        by_status = {
            Invitation.Status.PENDING: self.pending,
            Invitation.Status.ACCEPTED: self.accepted,
            Invitation.Status.REVOKED: self.revoked,
            Invitation.Status.EXPIRED: self.expired,
        }
        return by_status[status]()


class Invitation(models.Model):
    """An email invitation into an organisation with a role.

    Only a hash of the token is stored; the token itself travels in the emailed link.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")

    organisation = models.ForeignKey(
        Organisation, models.CASCADE, related_name="invitations", verbose_name=_("organisation")
    )
    email = models.EmailField(_("email address"))
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organisation", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(accepted_at=None) | Q(revoked_at=None),
                name="invitation_accepted_or_revoked_not_both",
            ),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="invitation_role_known"),
        ]

    def __str__(self):
        return f"{self.email} → {self.organisation}"

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)

    @property
    def status(self) -> str:
        if self.accepted_at:
            return self.Status.ACCEPTED
        if self.revoked_at:
            return self.Status.REVOKED
        if self.expires_at <= timezone.now():
            return self.Status.EXPIRED
        return self.Status.PENDING

    def get_status_display(self):
        return self.Status(self.status).label

    def clean(self):
        super().clean()
        if self.organisation_id:
            check_role_fits(self.organisation, self.role)
        if self.accepted_at and self.revoked_at:
            raise ValidationError(
                {"revoked_at": _("An accepted invitation can no longer be withdrawn.")}
            )
