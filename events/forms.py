"""The events' forms: they validate and nothing else; each part of the app keeps its section."""

import django_filters
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts.forms import PHONE, PHONE_MIN_DIGITS

from .attendance import search
from .models import EventFile, Feedback, Invitation, Registration, Report
from .selectors import QUESTION_LABELS

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


class WalkInForm(forms.Form):
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
