"""Forms of the agreement pages: they validate input; ``agreements.services`` decides.

An agreement is edited on one page: its details, then its parties, signatories and scope as
table formsets. A scope row carries at most one target; rows with the same area and
description are one scope item with several targets, so any scope can be written and read back.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import (
    LARGEST_FIGURE,
    Agreement,
    AgreementComment,
    AgreementDocument,
    AgreementParty,
    ScopeItem,
    Target,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _inline_helper():
    """Formsets render as tables inside the page's single <form>."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.template = "bootstrap5/table_inline_formset.html"
    return helper


class AgreementForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = [
            "kind",
            "parent",
            "title",
            "summary",
            "signing_place",
            "signed_on",
            "effective_on",
            "ends_on",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "signed_on": DATE,
            "effective_on": DATE,
            "ends_on": DATE,
        }

    def __init__(self, *args, parents, creating, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents
        # The kind is chosen once; the signing date is entered when the agreement is signed.
        del self.fields["signed_on" if creating else "kind"]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        dates = [name for name in ("signed_on", "effective_on", "ends_on") if name in self.fields]
        self.helper.layout = Layout(
            Row(*[Column(name) for name in ("kind", "parent") if name in self.fields]),
            "title",
            "summary",
            Row(Column("signing_place"), *[Column(name) for name in dates]),
        )

    def validate_constraints(self):
        # The model's rules are checked by ``services.draft_problems`` with the rest of the page,
        # so every problem is listed at once, in the user's language, never twice.
        pass

    def details(self) -> dict:
        """The agreement's own fields, as the services take them."""
        return dict(self.cleaned_data)


class OrganisationRowForm(forms.Form):
    """A formset row naming an organisation out of those the user may choose."""

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class PartyForm(OrganisationRowForm):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None)
    document_number = forms.CharField(label=_("Document number"), max_length=120, required=False)


class SignatoryForm(OrganisationRowForm):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None)
    name = forms.CharField(label=_("Name"), max_length=150)
    position = forms.CharField(label=_("Position"), max_length=200)


class ScopeForm(forms.Form):
    # A blank first choice: an extra row left alone must stay empty, not become "Coordination".
    area = forms.ChoiceField(label=_("Area"), choices=[("", "—"), *ScopeItem.Area.choices])
    description = forms.CharField(
        label=_("Description"),
        max_length=ScopeItem._meta.get_field("description").max_length,
        required=False,
    )
    metric = forms.ChoiceField(
        label=_("Target: what is counted"),
        choices=[("", _("No target")), *Target.Metric.choices],
        required=False,
    )
    quantity = forms.IntegerField(
        label=_("How many"), min_value=1, max_value=LARGEST_FIGURE, required=False
    )
    period = forms.ChoiceField(
        label=_("Period"), choices=[("", "—"), *Target.Period.choices], required=False
    )
    label = forms.CharField(label=_("Label"), max_length=200, required=False)
    manual_value = forms.IntegerField(
        label=_("Achieved so far"), min_value=0, max_value=LARGEST_FIGURE, required=False
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("metric"):
            for field in ("quantity", "period"):
                # A field already refused (a figure too large) says why itself.
                if not cleaned.get(field) and field not in self.errors:
                    self.add_error(field, _("A target needs how many and per which period."))
        return cleaned


class RowFormSet(forms.BaseFormSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _inline_helper()

    def rows(self) -> list[dict]:
        """The cleaned rows that were filled in and not marked for deletion."""
        return [
            {name: value for name, value in form.cleaned_data.items() if name != "DELETE"}
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


PartyFormSet = forms.formset_factory(PartyForm, formset=RowFormSet, extra=1, can_delete=True)
NewPartyFormSet = forms.formset_factory(PartyForm, formset=RowFormSet, extra=2, can_delete=True)
SignatoryFormSet = forms.formset_factory(
    SignatoryForm, formset=RowFormSet, extra=1, can_delete=True
)
ScopeFormSet = forms.formset_factory(ScopeForm, formset=RowFormSet, extra=2, can_delete=True)


def scope_rows(agreement) -> list[dict]:
    """An agreement's scope as formset rows: one row per target, or one per item without."""
    rows = []
    for item in agreement.scope_items.prefetch_related("targets"):
        base = {"area": item.area, "description": item.description}
        targets = list(item.targets.all())
        if not targets:
            rows.append(base)
        for target in targets:
            rows.append(
                {
                    **base,
                    "metric": target.metric,
                    "quantity": target.quantity,
                    "period": target.period,
                    "label": target.label,
                    "manual_value": target.manual_value,
                }
            )
    return rows


def group_scope(rows: list[dict]) -> list[dict]:
    """Rows with the same area and description become one scope item with its targets."""
    items: dict[tuple, dict] = {}
    for row in rows:
        key = (row["area"], row.get("description", "").strip())
        item = items.setdefault(key, {"area": key[0], "description": key[1], "targets": []})
        if row.get("metric"):
            item["targets"].append(
                {
                    "metric": row["metric"],
                    "quantity": row["quantity"],
                    "period": row["period"],
                    "label": row.get("label", ""),
                    "manual_value": row.get("manual_value"),
                }
            )
    return list(items.values())


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=AgreementComment._meta.get_field("body").max_length,
    )


class TransitionForm(forms.Form):
    """A move asked for by a button of the detail page; the service decides whether it may."""

    to = forms.ChoiceField(choices=Agreement.Status.choices)
    reason = forms.CharField(
        label=_("Reason for termination"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=Agreement._meta.get_field("termination_reason").max_length,
        required=False,
    )


class WithdrawDocumentForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawal"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


class PartyNumberForm(forms.Form):
    """A party's manager enters their own organisation's number for the agreement."""

    document_number = forms.CharField(
        label=_("Your document number"),
        max_length=AgreementParty._meta.get_field("document_number").max_length,
        required=False,
    )


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=AgreementDocument.Kind.choices)
    file = forms.FileField(
        label=_("File"),
        # An empty file reaches the service, which refuses it with its own message.
        allow_empty_file=True,
        widget=forms.FileInput(attrs={"accept": ".pdf,.docx"}),
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=AgreementDocument._meta.get_field("note").max_length,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = gettext("PDF or Word (DOCX), at most %(max)s MB.") % {
            "max": settings.AGREEMENT_DOCUMENT_MAX_MB
        }
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", gettext("Upload")))
