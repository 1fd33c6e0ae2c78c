"""Forms of the content pages: they validate input; the services decide.

Each part of the issue keeps its own section below.
"""

# --- Dissemination requests ("nitip konten"), proofs and reach (dissem branch) --------------

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from agreements.forms import NOT_AN_OFFERED_ORGANISATION, OrganisationPicker
from agreements.selectors import search_organisations
from partnerships.models import DISKOMINFO_KINDS, Channel, Organisation, Province

from .dissemination import LARGEST_FIGURE
from .models import Dispatch, Proof, Request

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


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


class SendForm(forms.Form):
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisations"),
        queryset=Organisation.objects.filter(kind__in=DISKOMINFO_KINDS, is_active=True),
        required=False,
        widget=OrganisationsPicker(search_url=reverse_lazy("agreements:organisation_search")),
        error_messages={"invalid_choice": NOT_AN_OFFERED_ORGANISATION["invalid_choice"]},
        help_text=_("Search a Diskominfo by name, then choose it; hold Ctrl to choose several."),
    )
    provinces = forms.ModelMultipleChoiceField(
        label=_("Or every Diskominfo of these provinces"),
        queryset=Province.objects.order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("The provincial Diskominfo of each province chosen."),
    )
    with_regencies = forms.BooleanField(
        label=_("Also the Diskominfo of their regencies and cities"), required=False
    )
    due_on = forms.DateField(label=_("Due"), widget=DATE)
    platforms = forms.MultipleChoiceField(
        label=_("Suggested channels"),
        choices=Channel.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    message = forms.CharField(
        label=_("Message to partners"),
        required=False,
        max_length=Dispatch._meta.get_field("message").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        nothing_chosen = not cleaned.get("organisations") and not cleaned.get("provinces")
        if nothing_chosen and "organisations" not in self.errors:
            self.add_error("organisations", _("Choose organisations, or provinces, to send it to."))
        return cleaned


class AcceptForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Assign to"), queryset=None, required=False, empty_label=_("Nobody yet")
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = members


class AssignForm(AcceptForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].required = True


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=Request._meta.get_field("decline_reason").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ForwardForm(forms.Form):
    outlets = forms.ModelMultipleChoiceField(
        label=_("Press partners"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, outlets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outlets"].queryset = outlets


class ProofForm(forms.Form):
    channel = forms.ModelChoiceField(label=_("Channel"), queryset=None)
    url = forms.CharField(
        label=_("Post link"),
        required=False,
        max_length=Proof._meta.get_field("url").max_length,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
        help_text=_("The address of the post on that channel (not needed for radio, TV, print)."),
    )
    screenshot = forms.FileField(
        label=_("Screenshot"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}
        ),
        help_text=_("An image (JPEG, PNG, WebP or GIF); required for radio, TV, print, videotron."),
    )
    published_at = forms.DateTimeField(label=_("Published"), widget=DATETIME)

    def __init__(self, *args, channels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].queryset = channels


class ReachForm(forms.Form):
    views = forms.IntegerField(label=_("Views"), min_value=0, max_value=LARGEST_FIGURE)
    reach = forms.IntegerField(label=_("Reach"), min_value=0, max_value=LARGEST_FIGURE)
    likes = forms.IntegerField(label=_("Likes"), min_value=0, max_value=LARGEST_FIGURE)
    shares = forms.IntegerField(label=_("Shares"), min_value=0, max_value=LARGEST_FIGURE)
    comments = forms.IntegerField(label=_("Comments"), min_value=0, max_value=LARGEST_FIGURE)
