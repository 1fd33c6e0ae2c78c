"""The content app's forms; each part of the app keeps its own section."""

# ---------------------------------------------------------------------------------------------
# Review (branch "review"): a move of the review and a comment.
# ---------------------------------------------------------------------------------------------

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ContentItem, ItemComment, ItemVersion


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
