"""The events' forms: they validate and nothing else; each part of the app keeps its section."""

from datetime import datetime
from zoneinfo import ZoneInfo

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from accounts.forms import PHONE, PHONE_MIN_DIGITS
from agreements.forms import (
    NOT_AN_OFFERED_AGREEMENT,
    NOT_AN_OFFERED_ORGANISATION,
    AgreementPicker,
    OrganisationsPicker,
    ScopeItemChoice,
)
from partnerships.models import Organisation, Province, Regency, TimeZone

from .attendance import search
from .models import Event, EventFile, Feedback, Invitation, Registration, Report, Session, Speaker
from .selectors import QUESTION_LABELS
from .services import EVENT_FIELDS, event_zone


class ServiceProblems:
    """A form that shows the services' refusals: ``add_problems`` puts each message of the
    service's ``ValidationError`` on its field, or on the form when the form has no such field
    (``add_error`` would raise for a field the form lacks)."""

    def add_problems(self, error: ValidationError) -> None:
        problems = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
        for field, messages in problems.items():
            target = field if field in self.fields else None
            for message in messages:
                self.add_error(target, message)


# --- Attendance: the registration list's filter, walk-ins, a scanned ticket ---


class RegistrationFilter(django_filters.FilterSet):
    """The organisers' list: by status, and by words of the name or institution."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name or institution")}),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Registration.Status.choices, empty_label=_("All statuses")
    )

    class Meta:
        model = Registration
        fields = ["q", "status"]

    def search(self, queryset, name, value):
        return search(queryset, value)


class WalkInForm(ServiceProblems, forms.Form):
    """Someone who came without registering: what the attendance list and certificate print."""

    name = forms.CharField(label=_("Name"), max_length=200)
    institution = forms.CharField(label=_("Institution"), max_length=200)
    position = forms.CharField(label=_("Position"), max_length=200)
    email = forms.EmailField(
        label=_("Email"),
        required=False,
        help_text=_("Optional; for the certificate and the feedback form."),
    )
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        digits = sum(character.isdigit() for character in phone)
        if phone and (not PHONE.match(phone) or digits < PHONE_MIN_DIGITS):
            raise forms.ValidationError(
                _("Enter a phone number of digits, for example +62 811 1234 5678.")
            )
        return phone


class TicketForm(forms.Form):
    """What the scanner read from a personal QR code (or what an organiser typed from a ticket)."""

    code = forms.CharField(label=_("Ticket code or link"), max_length=500)


# --- After the event: files, report, feedback, certificates (followup) ---


class EventFileForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=EventFile.Kind.choices, initial=EventFile.Kind.MATERIAL
    )
    file = forms.FileField(label=_("File"))
    title = forms.CharField(
        label=_("Title"),
        required=False,
        max_length=200,
        help_text=_("What it is, e.g. “Slides of the first session”. The file name if empty."),
    )
    is_public = forms.BooleanField(
        label=_("Public"),
        required=False,
        help_text=EventFile._meta.get_field("is_public").help_text,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "A photo: a JPEG, PNG, WebP or GIF image. A material: a PDF, Word (DOCX), "
            "PowerPoint (PPTX) or Excel (XLSX) document, or an image. Up to %(max)s MB."
        ) % {"max": settings.EVENT_FILE_MAX_MB}


class ReportForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = ["summary", "follow_ups", "outputs"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 8}),
            "follow_ups": forms.Textarea(attrs={"rows": 5}),
            "outputs": forms.Textarea(attrs={"rows": 3}),
        }


RATING_CHOICES = [(rating, str(rating)) for rating in range(1, 6)]


class FeedbackForm(forms.ModelForm):
    class Meta:
        model = Feedback
        fields = ["overall", "content", "speakers", "organisation", "comments"]
        widgets = {
            "overall": forms.RadioSelect(choices=RATING_CHOICES),
            "content": forms.RadioSelect(choices=RATING_CHOICES),
            "speakers": forms.RadioSelect(choices=RATING_CHOICES),
            "organisation": forms.RadioSelect(choices=RATING_CHOICES),
            "comments": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in QUESTION_LABELS.items():
            self.fields[name].label = label
            self.fields[name].help_text = _("1 is poor, 5 is excellent.")


class CertificateLookupForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=20,
        help_text=_("As printed on the certificate, e.g. ABCD-EFGH-JK23."),
    )

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()


# --- registration -----------------------------------------------------------------------------


def _limit(field: str) -> int:
    return Registration._meta.get_field(field).max_length


class GuestForm(forms.Form):
    """A guest's details on an open event's public page (the service checks them again)."""

    name = forms.CharField(label=_("Full name"), max_length=_limit("name"))
    institution = forms.CharField(
        label=_("Institution"),
        max_length=_limit("institution"),
        help_text=_("E.g. the newsroom, agency or university you work for."),
    )
    position = forms.CharField(label=_("Position"), max_length=_limit("position"))
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        help_text=_("We send the confirmation link and your ticket here."),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=_limit("phone"),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["institution"].widget.attrs["autocomplete"] = "organization"
        self.fields["position"].widget.attrs["autocomplete"] = "organization-title"


class MemberChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        return f"{user.full_name} · {user.position}" if user.position else user.full_name


class NominateForm(forms.Form):
    people = MemberChoice(
        label=_("Participants"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={"required": _("Choose at least one person to nominate.")},
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = members


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for declining"),
        max_length=Invitation._meta.get_field("decline_reason").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the invitation is declined.")},
    )


# --- The event (schedule): its details, an agenda session, invitations, cancelling ---

# A browser's date-and-time picker; the value is the wall-clock time of the event's zone.
LOCAL_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class LocalDateTimeField(forms.DateTimeField):
    """A time typed as the clock reads in the event's zone: it stays naive here, and the form
    makes it aware in the zone it decides (the venue's province, or the one chosen online).

    ``zone`` shows a stored time as that clock reads it.
    """

    widget = DATETIME

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("input_formats", LOCAL_FORMATS)
        super().__init__(*args, **kwargs)
        self.zone = ZoneInfo(TimeZone.WIB)

    def prepare_value(self, value):
        if isinstance(value, datetime) and timezone.is_aware(value):
            return timezone.make_naive(value, self.zone)
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return timezone.make_naive(value, self.zone) if timezone.is_aware(value) else value
        for fmt in self.input_formats:
            try:
                return datetime.strptime(value.strip(), fmt)
            except (TypeError, ValueError):
                continue
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


def aware(value: datetime | None, zone: ZoneInfo) -> datetime | None:
    return None if value is None else value.replace(tzinfo=zone)


class RegencyChoice(forms.ModelChoiceField):
    def label_from_instance(self, regency):
        return f"{regency.name} ({regency.province.name})"


def _label(name: str) -> str:
    return capfirst(Event._meta.get_field(name).verbose_name)


TIMES = ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at")


class ZonedTimes(forms.ModelForm):
    """An event's four times, typed as the clock reads in the event's zone: the zone of the
    venue's province (a venue with a regency or city), else the one chosen (an online event).
    The site's event form and the admin's both read and show them so."""

    starts_at = LocalDateTimeField(label=_label("starts_at"))
    ends_at = LocalDateTimeField(label=_label("ends_at"))
    registration_opens_at = LocalDateTimeField(
        label=_label("registration_opens_at"), required=False
    )
    registration_closes_at = LocalDateTimeField(
        label=_label("registration_closes_at"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zone = self.instance.zone if self.instance.pk else ZoneInfo(TimeZone.WIB)
        for name in TIMES:
            self.fields[name].zone = zone

    def clean(self):
        cleaned = super().clean()
        zone_name = event_zone(
            cleaned.get("time_zone") or TimeZone.WIB,
            venue_regency=cleaned.get("venue_regency"),
            venue_name=cleaned.get("venue_name"),
        )
        cleaned["time_zone"] = zone_name
        zone = ZoneInfo(zone_name)
        for name in TIMES:
            if name in cleaned:
                cleaned[name] = aware(cleaned[name], zone)
        return cleaned


class EventForm(ServiceProblems, ZonedTimes):
    """An event's details, its times typed in the event's zone.

    The zone is the venue's province's (a venue with a regency or city), else the one chosen
    (an online event). The choices are given by the view (``events.selectors``): only what the
    user may pick. Every rule of the event is the services' to check (``create_event``,
    ``update_event``), so each problem is told once, in the user's language.
    """

    class Meta:
        model = Event
        # What the services take (the template lays the fields out).
        fields = ["organisers", *EVENT_FIELDS]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "venue_address": forms.Textarea(attrs={"rows": 2}),
            "visibility": forms.RadioSelect(attrs={"class": "form-check-input"}),
            "agreement": AgreementPicker(search_url=reverse_lazy("agreements:agreement_search")),
        }
        error_messages = {"agreement": NOT_AN_OFFERED_AGREEMENT}
        help_texts = {
            "time_zone": _(
                "For an online event. A venue's time zone is its province's, whatever is "
                "chosen here."
            ),
            "online_url": _("For an online or hybrid event."),
        }

    def __init__(self, *args, organisers, picker: bool, agreements, scope_items, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organisers"]
        field.queryset = organisers
        if picker:
            field.widget = OrganisationsPicker(
                search_url=reverse_lazy("agreements:organisation_search")
            )
            field.widget.choices = field.choices
            field.error_messages.update(NOT_AN_OFFERED_ORGANISATION)
            field.help_text = _("Search an organisation by name, then choose it.")
        else:
            field.widget = forms.CheckboxSelectMultiple(
                attrs={"class": "form-check-input"}, choices=field.choices
            )
        self.fields["agreement"].queryset = agreements
        self.fields["scope_item"] = ScopeItemChoice(
            label=_label("scope_item"), queryset=scope_items, required=False
        )
        self.fields["scope_item"].follow(self["agreement"])
        self.fields["venue_regency"] = RegencyChoice(
            label=_label("venue_regency"),
            queryset=Regency.objects.select_related("province").order_by("province__name", "name"),
            required=False,
        )

    def _post_clean(self):
        # The model's rules are the services' to check (see the class's docstring).
        pass

    def details(self) -> dict:
        """The event's fields as the services take them (without the organisers)."""
        return {name: value for name, value in self.cleaned_data.items() if name != "organisers"}


class SessionForm(ServiceProblems, forms.ModelForm):
    """An agenda session, its times typed in the event's zone."""

    starts_at = LocalDateTimeField(
        label=capfirst(Session._meta.get_field("starts_at").verbose_name)
    )
    ends_at = LocalDateTimeField(label=capfirst(Session._meta.get_field("ends_at").verbose_name))

    class Meta:
        model = Session
        fields = ["title", "starts_at", "ends_at", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        for name in ("starts_at", "ends_at"):
            self.fields[name].zone = event.zone
            self.fields[name].help_text = event.time_zone_abbreviation

    def clean(self):
        cleaned = super().clean()
        for name in ("starts_at", "ends_at"):
            if name in cleaned:
                cleaned[name] = aware(cleaned[name], self.event.zone)
        return cleaned

    def _post_clean(self):
        pass


class SpeakerForm(forms.ModelForm):
    class Meta:
        model = Speaker
        fields = ["name", "position", "institution"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A blank row is no speaker; a row with only a position asks for the name (the service).
        self.fields["name"].required = False


SpeakerFormSet = forms.formset_factory(SpeakerForm, extra=3, max_num=20, validate_max=True)


def speakers_of(formset) -> list[tuple[str, str, str]]:
    """The speakers a formset holds, blank rows left out."""
    return [
        (data.get("name", ""), data.get("position", ""), data.get("institution", ""))
        for data in (form.cleaned_data for form in formset.forms)
        if any((data or {}).get(key) for key in ("name", "position", "institution"))
    ]


class InviteForm(forms.Form):
    PROVINCE = "province"
    REGENCIES = "regencies"
    BOTH = "both"

    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisations"),
        queryset=Organisation.objects.filter(is_active=True),
        required=False,
        widget=OrganisationsPicker(search_url=reverse_lazy("agreements:organisation_search")),
        error_messages=NOT_AN_OFFERED_ORGANISATION,
        help_text=_("Search an organisation by name, then choose it; hold Ctrl to choose several."),
    )
    provinces = forms.ModelMultipleChoiceField(
        label=_("Or every Diskominfo of these provinces"),
        queryset=Province.objects.order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    which = forms.ChoiceField(
        label=_("Which Diskominfo of these provinces"),
        choices=[
            (REGENCIES, _("The Diskominfo of its regencies and cities")),
            (PROVINCE, _("The provincial Diskominfo")),
            (BOTH, _("Both")),
        ],
        initial=REGENCIES,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )

    def clean(self):
        cleaned = super().clean()
        nothing = not cleaned.get("organisations") and not cleaned.get("provinces")
        if nothing and "organisations" not in self.errors:
            self.add_error("organisations", _("Choose organisations, or provinces, to invite."))
        return cleaned

    def choice(self) -> dict:
        """The arguments of ``services.invite``."""
        which = self.cleaned_data.get("which") or self.REGENCIES
        return {
            "organisations": list(self.cleaned_data.get("organisations") or []),
            "provinces": list(self.cleaned_data.get("provinces") or []),
            "with_province": which in (self.PROVINCE, self.BOTH),
            "with_regencies": which in (self.REGENCIES, self.BOTH),
        }


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"),
        max_length=Event._meta.get_field("cancel_reason").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Everyone registered and the invited organisations are told."),
    )
