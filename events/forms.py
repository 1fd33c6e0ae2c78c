"""The events' forms; each part of the app keeps its own section."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Invitation, Registration

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
