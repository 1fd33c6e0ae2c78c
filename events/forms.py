"""The events' forms; each part of the app keeps its section."""

# --- Attendance: the registration list's filter, walk-ins, a scanned ticket ---

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import PHONE, PHONE_MIN_DIGITS

from .attendance import search
from .models import Registration


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
