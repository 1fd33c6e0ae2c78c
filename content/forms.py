"""The content app's forms; each part of the app keeps its own section."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms
from django.conf import settings
from django.urls import reverse_lazy
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agreements.forms import (
    NOT_AN_OFFERED_AGREEMENT,
    NOT_AN_OFFERED_ORGANISATION,
    AgreementPicker,
    OrganisationsPicker,
    ScopeItemChoice,
)
from partnerships.models import DISKOMINFO_KINDS, Channel, Organisation, Province

from .dissemination import LARGEST_FIGURE
from .models import (
    Caption,
    ContentItem,
    Dispatch,
    ItemComment,
    ItemVersion,
    Notice,
    NoticeConfirmation,
    Proof,
    Request,
)

# ---------------------------------------------------------------------------------------------
# Review (branch "review"): a move of the review and a comment.
# ---------------------------------------------------------------------------------------------


class ReviewMoveForm(forms.Form):
    """A move asked for by a button of the review part; the service decides whether it may."""

    to = forms.ChoiceField(choices=ContentItem.Status.choices)
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=ItemVersion._meta.get_field("decision_reason").max_length,
        required=False,
    )
    note = forms.CharField(
        label=_("Note for the reviewer"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=ItemVersion._meta.get_field("note").max_length,
        required=False,
    )


class ItemCommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=ItemComment._meta.get_field("body").max_length,
    )


# ---------------------------------------------------------------------------------------------
# Library (branch "library"): an item's details and captions, and a file or video link.
#
# Imported here, below the review's code, so that this section merges as one block.
# ---------------------------------------------------------------------------------------------


# A browser's date-and-time picker; the value is the local time of the current time zone.
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
CAPTION_PREFIX = "caption_"


class ItemForm(forms.ModelForm):
    """An item's details and one caption per platform.

    The owner is chosen once, when the item is made (``services.update_item`` keeps it). The
    choices are given by the view (``content.selectors``): only what the user may pick.
    """

    class Meta:
        model = ContentItem
        fields = [
            "title",
            "kind",
            "owner",
            "origin",
            "co_producers",
            "description",
            "themes",
            "hashtags",
            "language",
            "not_before",
            "not_after",
            "agreement",
            "scope_item",
            "is_public",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "themes": forms.CheckboxSelectMultiple,
            "co_producers": OrganisationsPicker(
                search_url=reverse_lazy("agreements:organisation_search")
            ),
            "not_before": DATETIME,
            "not_after": DATETIME,
            "agreement": AgreementPicker(search_url=reverse_lazy("agreements:agreement_search")),
        }
        error_messages = {
            "co_producers": NOT_AN_OFFERED_ORGANISATION,
            "agreement": NOT_AN_OFFERED_AGREEMENT,
        }
        help_texts = {
            "hashtags": _("Separated by spaces, e.g. #AntiKorupsi #KPK"),
            "co_producers": _(
                "Only for a joint production: the organisations that make it with the owner."
            ),
        }

    def __init__(self, *args, owners, co_producers, themes, agreements, scope_items, **kwargs):
        super().__init__(*args, **kwargs)
        creating = self.instance.pk is None
        if creating:
            self.fields["owner"].queryset = owners
            self.fields["owner"].empty_label = None
        else:
            del self.fields["owner"]
        self.fields["co_producers"].queryset = co_producers
        self.fields["themes"].queryset = themes
        self.fields["agreement"].queryset = agreements
        self.fields["scope_item"] = ScopeItemChoice(
            label=capfirst(ContentItem._meta.get_field("scope_item").verbose_name),
            queryset=scope_items,
            required=False,
        )
        self.fields["scope_item"].follow(self["agreement"])
        self.fields["not_before"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        self.fields["not_after"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        limit = Caption._meta.get_field("text").max_length
        existing = {} if creating else {c.platform: c.text for c in self.instance.captions.all()}
        for platform, label in Channel.Kind.choices:
            self.fields[f"{CAPTION_PREFIX}{platform}"] = forms.CharField(
                label=label,
                required=False,
                max_length=limit,
                strip=True,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=existing.get(platform, ""),
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Fieldset(
                _("Content"),
                "title",
                Row(Column("kind"), Column("language")),
                "description",
                "themes",
                "hashtags",
            ),
            Fieldset(
                _("Who makes it"),
                Row(*[Column(name) for name in ("owner", "origin") if name in self.fields]),
                "co_producers",
            ),
            Fieldset(
                _("When it may be published"),
                Row(Column("not_before"), Column("not_after")),
                "is_public",
            ),
            Fieldset(_("Agreement"), Row(Column("agreement"), Column("scope_item"))),
            Fieldset(
                _("Suggested captions"),
                *[f"{CAPTION_PREFIX}{platform}" for platform in Channel.Kind.values],
            ),
        )

    def clean(self):
        cleaned = super().clean()
        agreement, scope_item = cleaned.get("agreement"), cleaned.get("scope_item")
        if scope_item is not None and agreement is None:
            self.add_error("scope_item", _("A scope item belongs to an agreement: choose it too."))
        elif scope_item is not None and scope_item.agreement_id != agreement.pk:
            self.add_error("scope_item", _("This scope item belongs to another agreement."))
        return cleaned

    def _post_clean(self):
        # The model's rules (and those that need the co-producers) are the services' to check,
        # so every problem is listed once, in the user's language (ContentItemAdminForm alike).
        pass

    def details(self) -> dict:
        """The item's fields as the services take them (without the owner and captions)."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name != "owner" and not name.startswith(CAPTION_PREFIX)
        }

    def captions(self) -> dict[str, str]:
        return {
            platform: self.cleaned_data.get(f"{CAPTION_PREFIX}{platform}", "")
            for platform in Channel.Kind.values
        }

    def add_problems(self, problems: dict[str, list[str]]) -> None:
        """Show the services' refusals (by field) on the form."""
        for field, messages in problems.items():
            target = field if field in self.fields else None
            for message in messages:
                self.add_error(target, message)


class AssetForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_(
            "An image (JPEG, PNG, WebP, GIF), a PDF document, a video (MP4, MOV, WebM, MKV) or "
            "an audio spot (MP3, M4A, OGG, WAV)."
        ),
    )
    external_url = forms.URLField(
        label=_("Or a video link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("A video hosted elsewhere (YouTube, for example), instead of a file."),
    )

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("file")) == bool(cleaned.get("external_url")) and not self.errors:
            raise forms.ValidationError(
                _("Give either a file or a video link, not both."), code="file_or_link"
            )
        return cleaned


# --- Dissemination requests ("nitip konten"), proofs and reach (dissem branch) --------------


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


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


class ScheduleForm(forms.Form):
    """When the partner plans to publish: a local time in the site's zone (Asia/Jakarta)."""

    scheduled_for = forms.DateTimeField(
        label=_("Date and time of publication"),
        widget=DATETIME,
        help_text=_("WIB (UTC+7)"),
    )


# Corrections and withdrawals (branch notices) ------------------------------------------------


class NoticeForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What KPK issues"),
        choices=[
            (
                Notice.Kind.CORRECTION,
                _("Correction: the content was corrected; partners update their posts"),
            ),
            (
                Notice.Kind.WITHDRAWAL,
                _("Withdrawal: the content is withdrawn; partners take their posts down"),
            ),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason, for the partners"),
        help_text=_("What changed or why it is withdrawn. Every partner told reads it."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=Notice._meta.get_field("reason").max_length,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", gettext("Issue and tell the partners")))


class ConfirmationForm(forms.Form):
    """A partner's confirmation; which proof is required depends on the notice (see services)."""

    proof_url = forms.CharField(
        label=_("Link to the post"),
        max_length=NoticeConfirmation._meta.get_field("proof_url").max_length,
        required=False,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    screenshot = forms.FileField(
        label=_("Screenshot"),
        required=False,
        # An empty file reaches the service, which refuses it with its own message.
        allow_empty_file=True,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=NoticeConfirmation._meta.get_field("note").max_length,
    )

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["screenshot"].help_text = gettext(
            "A JPEG, PNG, WebP or GIF image, at most %(max)s MB."
        ) % {"max": settings.IMAGE_MAX_MB}
        if kind == Notice.Kind.CORRECTION:
            self.fields["proof_url"].label = _("Link to the updated post")
            self.fields["proof_url"].help_text = _("Give the link, a screenshot, or both.")
            self.fields["note"].label = _("Note (optional)")
        else:
            self.fields["proof_url"].label = _("Link to where the post was (optional)")
            self.fields["note"].help_text = _(
                "Where and when the post was taken down. Give this note, a screenshot, or both."
            )
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", gettext("Confirm")))
