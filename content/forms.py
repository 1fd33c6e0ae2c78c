"""Forms of the content pages: they validate input; ``content.services`` decides.

Each part of the issue keeps its own section below.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import Notice, NoticeConfirmation

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
