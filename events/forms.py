"""The events' forms; each part of the app keeps its section (appended below this one)."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from agreements.forms import NOT_AN_OFFERED_ORGANISATION, OrganisationPicker
from agreements.selectors import search_organisations
from partnerships.models import Organisation, Province, Regency, TimeZone

from .models import Event, Session, Speaker

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


class OrganisationsPicker(OrganisationPicker):
    """``OrganisationPicker`` for several organisations: the chosen ones stay offered."""

    allow_multiple_selected = True

    def value_from_datadict(self, data, files, name):
        self.search = (data.get(f"{name}_search") or "").strip()[:100]
        getter = getattr(data, "getlist", None)
        return getter(name) if getter else data.get(name) or []

    def _offered(self, choices, value):
        organisations = choices.queryset
        chosen = [pk for pk in value or () if str(pk).isdigit()]
        offered = list(organisations.filter(pk__in=chosen)) if chosen else []
        if self.search:
            offered += [
                organisation
                for organisation in search_organisations(organisations, self.search)
                if organisation not in offered
            ]
        for organisation in offered:
            yield choices.choice(organisation)


class RegencyChoice(forms.ModelChoiceField):
    def label_from_instance(self, regency):
        return f"{regency.name} ({regency.province.name})"


class ScopeItemChoice(forms.ModelChoiceField):
    def label_from_instance(self, scope_item):
        return f"{scope_item.agreement.title} · {scope_item.get_area_display()}"


def _label(name: str) -> str:
    return capfirst(Event._meta.get_field(name).verbose_name)


class EventForm(forms.ModelForm):
    """An event's details, its times typed in the event's zone.

    The zone is the venue's province's (a venue with a regency or city), else the one chosen
    (an online event). The choices are given by the view (``events.selectors``): only what the
    user may pick. Every rule of the event is the services' to check (``create_event``,
    ``update_event``), so each problem is told once, in the user's language.
    """

    starts_at = LocalDateTimeField(label=_label("starts_at"))
    ends_at = LocalDateTimeField(label=_label("ends_at"))
    registration_opens_at = LocalDateTimeField(
        label=_label("registration_opens_at"), required=False
    )
    registration_closes_at = LocalDateTimeField(
        label=_label("registration_closes_at"), required=False
    )

    class Meta:
        model = Event
        fields = [
            "kind",
            "title",
            "description",
            "organisers",
            "agreement",
            "scope_item",
            "venue_name",
            "venue_address",
            "venue_regency",
            "online_url",
            "time_zone",
            "starts_at",
            "ends_at",
            "capacity",
            "registration_opens_at",
            "registration_closes_at",
            "visibility",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "venue_address": forms.Textarea(attrs={"rows": 2}),
            "visibility": forms.RadioSelect(attrs={"class": "form-check-input"}),
        }
        help_texts = {
            "time_zone": _(
                "For an online event. A venue's time zone is its province's, whatever is "
                "chosen here."
            ),
            "online_url": _("For an online or hybrid event."),
        }

    def __init__(self, *args, organisers, picker: bool, agreements, scope_items, **kwargs):
        super().__init__(*args, **kwargs)
        zone = self.instance.zone if self.instance.pk else ZoneInfo(TimeZone.WIB)
        for name in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at"):
            self.fields[name].zone = zone
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
        self.fields["venue_regency"] = RegencyChoice(
            label=_label("venue_regency"),
            queryset=Regency.objects.select_related("province").order_by("province__name", "name"),
            required=False,
        )

    def clean(self):
        cleaned = super().clean()
        regency = cleaned.get("venue_regency")
        chosen = cleaned.get("time_zone") or TimeZone.WIB
        zone_name = regency.province.time_zone if regency and cleaned.get("venue_name") else chosen
        cleaned["time_zone"] = zone_name
        zone = ZoneInfo(zone_name)
        for name in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at"):
            if name in cleaned:
                cleaned[name] = aware(cleaned[name], zone)
        return cleaned

    def _post_clean(self):
        # The model's rules are the services' to check (see the class's docstring).
        pass

    def details(self) -> dict:
        """The event's fields as the services take them (without the organisers)."""
        return {name: value for name, value in self.cleaned_data.items() if name != "organisers"}

    def add_problems(self, problems: dict[str, list[str]]) -> None:
        """Show the services' refusals (by field) on the form."""
        for field, messages in problems.items():
            target = field if field in self.fields else None
            for message in messages:
                self.add_error(target, message)


class SessionForm(forms.ModelForm):
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

    def add_problems(self, problems: dict[str, list[str]]) -> None:
        for field, messages in problems.items():
            target = field if field in self.fields else None
            for message in messages:
                self.add_error(target, message)


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
