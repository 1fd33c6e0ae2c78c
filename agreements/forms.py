"""Forms of the agreement pages: they validate input; ``agreements.services`` decides.

An agreement is edited on one page: its details, then its parties, signatories and scope as
table formsets. A scope row carries at most one target; a row whose area is "same item as above"
(or that repeats the area and description) is a further target of the item above, so any scope
can be written and read back without retyping an item.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.conf import settings
from django.forms.renderers import get_default_renderer
from django.urls import reverse_lazy
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.renderers import SELECT as SELECT_TEMPLATE

from .models import (
    LARGEST_FIGURE,
    Agreement,
    AgreementComment,
    AgreementDocument,
    AgreementParty,
    ScopeItem,
    Target,
)
from .selectors import SEARCH_LENGTH, search_agreements, search_organisations

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ParentSelect(forms.Select):
    """The parent picker: each option says its kind, so the page offers only the right ones."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-kind"] = instance.kind
        return option


# Which kinds of agreement each kind may fall under (see services' parent rules).
PARENT_KINDS = {
    Agreement.Kind.MOU: (),
    Agreement.Kind.PKS: (Agreement.Kind.MOU,),
    Agreement.Kind.ADDENDUM: (Agreement.Kind.MOU, Agreement.Kind.PKS),
}


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
            "parent": ParentSelect,
        }

    def __init__(self, *args, parents, creating, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents
        self.fields["parent"].widget.attrs["data-parent-picker"] = ""
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

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind", self.instance.kind)
        parent = cleaned.get("parent")
        if parent is not None and parent.kind not in PARENT_KINDS.get(kind, ()):
            self.add_error("parent", _("This agreement cannot fall under the one chosen."))
        return cleaned

    def validate_constraints(self):
        # The model's rules are checked by ``services.draft_problems`` with the rest of the page,
        # so every problem is listed at once, in the user's language, never twice.
        pass

    def details(self) -> dict:
        """The agreement's own fields, as the services take them."""
        return dict(self.cleaned_data)


class RowForm(forms.Form):
    """A row of a table formset: Bootstrap's classes on every field, invalid ones marked."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs["class"] = "form-check-input"
            elif isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select form-select-sm"
            else:
                widget.attrs["class"] = "form-control form-control-sm"

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["class"] += " is-invalid"


# The largest value of a bigint primary key.
LARGEST_ID = 2**63 - 1


class SearchPicker(forms.Select):
    """A search box and a select that offers the chosen value and what the search found.

    A page never lists every choice (a KPK person sees hundreds of organisations and some two
    thousand agreements): the select holds the current choice and, when ``<name>_search`` was
    sent, the first matches of the field's queryset. Without script one types, submits and picks
    from the matches; with ``static/js/search_picker.js`` the matches come from ``search_url`` as
    one types. A subclass says how to search (``matches``) and what the box says.
    """

    css_class = ""
    search_label = ""
    found_label = ""

    def __init__(self, attrs=None, *, search_url="", inline=False):
        super().__init__(attrs)
        self.search_url = search_url
        # Inline: the box and the select side by side (a filter bar), else the box above.
        self.inline = inline
        # A filter bar gives it a search field's width (common_tags.filter_columns).
        self.wide_in_filter_bar = inline
        self.search = ""

    def matches(self, queryset, text: str):
        """The first few of ``queryset`` that ``text`` finds."""
        raise NotImplementedError

    def read_search(self, data, name) -> None:
        # Read with the value because rendering is not given the data; a form copies its
        # widgets, so what one request typed stays with that request's form.
        self.search = (data.get(f"{name}_search") or "").strip()[:SEARCH_LENGTH]

    def value_from_datadict(self, data, files, name):
        self.read_search(data, name)
        value = super().value_from_datadict(data, files, name)
        if value or not self.search:
            return value
        # Searched but nothing chosen yet: the field refuses the words, and the page comes back
        # offering the matches. Marked, so that a number searched is never taken for an id.
        return f"?{self.search}"

    def optgroups(self, name, value, attrs=None):
        everything = self.choices
        self.choices = list(self._offered(everything, value))
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = everything

    def _offered(self, choices, value):
        field, queryset = choices.field, choices.queryset
        if field.empty_label is not None:
            yield "", field.empty_label
        # Ids only: words searched are not ids, nor is a number too large for the column (the
        # lookup would fail rather than find nothing).
        chosen = [pk for pk in value or () if str(pk).isdigit() and int(pk) <= LARGEST_ID]
        if not self.allow_multiple_selected:
            chosen = chosen[:1]
        offered = list(queryset.filter(pk__in=chosen)) if chosen else []
        if self.search:
            offered += [
                found for found in self.matches(queryset, self.search) if found not in offered
            ]
        for instance in offered:
            yield choices.choice(instance)

    def render(self, name, value, attrs=None, renderer=None):
        """The search box, the select and the live region the script announces matches in.

        Written in Python, as the filter bars' other widgets are (common/renderers.py): through
        a template with the select included, it took a tenth of the tracker's time.
        """
        widget = self.get_context(name, value, attrs)["widget"]
        renderer = renderer or get_default_renderer()
        # The select is the renderer's own markup, escaped as it was written.
        select = mark_safe(renderer.render(SELECT_TEMPLATE, {"widget": widget}))  # noqa: S308
        classes = widget["attrs"].get("class") or ""
        select_id = widget["attrs"].get("id", "")
        return format_html(
            '<div class="{}{}{}" data-search-picker>\n'
            '  <input type="search" name="{}_search" value="{}" id="{}_search" '
            'class="form-control{}{}" placeholder="{}" aria-label="{}" aria-controls="{}" '
            'autocomplete="off" data-search-url="{}" data-found="{}">\n'
            "  {}\n"
            "</div>\n"
            '<div class="visually-hidden" role="status" id="{}_status"></div>',
            self.css_class,
            " input-group flex-nowrap" if self.inline else "",
            " is-invalid" if "is-invalid" in classes else "",
            name,
            self.search,
            select_id,
            " form-control-sm" if "form-select-sm" in classes else "",
            "" if self.inline else " mb-1",
            _("Search…") if self.inline else self.search_label,
            self.search_label,
            select_id,
            str(self.search_url),
            self.found_label,
            select,
            select_id,
        )


class OrganisationPicker(SearchPicker):
    """An organisation, searched by name, short name, kind or province."""

    css_class = "organisation-picker"
    search_label = _("Search by name, kind or province")
    found_label = _("Organisations found:")

    def matches(self, queryset, text):
        return search_organisations(queryset, text)


# What a picker says of words searched but not chosen, or of an organisation out of reach.
NOT_AN_OFFERED_ORGANISATION = {
    "invalid_choice": _("Choose one of the organisations found, or search again.")
}


class OrganisationsPicker(OrganisationPicker):
    """``OrganisationPicker`` for several organisations: the chosen ones stay offered."""

    allow_multiple_selected = True

    def value_from_datadict(self, data, files, name):
        self.read_search(data, name)
        getter = getattr(data, "getlist", None)
        values = getter(name) if getter else data.get(name) or []
        # A number beyond the column (only a crafted request sends one) would make the field's
        # own lookup fail rather than refuse it.
        return [value for value in values if not (str(value).isdigit() and int(value) > LARGEST_ID)]


class OrganisationChoiceField(forms.ModelChoiceField):
    """An organisation out of a queryset, picked with ``OrganisationPicker``."""

    def __init__(self, *, search_url, **kwargs):
        kwargs.setdefault("error_messages", NOT_AN_OFFERED_ORGANISATION)
        super().__init__(widget=OrganisationPicker(search_url=search_url), **kwargs)


class AgreementPicker(SearchPicker):
    """An agreement a content item or an event serves, searched by title words or number."""

    css_class = "agreement-picker"
    search_label = _("Search by title or number")
    found_label = _("Agreements found:")

    def matches(self, queryset, text):
        return search_agreements(queryset, text)


NOT_AN_OFFERED_AGREEMENT = {
    "invalid_choice": _("Choose one of the agreements found, or search again.")
}


def scope_item_label(scope_item) -> str:
    """A scope item as the pickers offer it: its agreement's title and its area."""
    return f"{scope_item.agreement.title} · {scope_item.get_area_display()}"


class ScopeItemSelect(forms.Select):
    """The scope items of the agreement chosen beside it, not of every agreement one may link.

    ``ScopeItemChoice.follow`` tells it the agreements: the one chosen, or, while an agreement is
    searched without script, those found (at most ``AGREEMENT_MATCHES``), so that one submission
    offers both. Nothing chosen, it offers nothing but a hint. With
    ``static/js/search_picker.js`` its options are reloaded from ``options_url`` when the
    agreement changes.
    """

    def __init__(self, attrs=None, *, options_url=""):
        super().__init__(attrs)
        self.options_url = options_url
        # A queryset of agreement ids, or None while no agreement is chosen.
        self.agreements = None

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update(
            {
                "data-options-url": str(self.options_url),
                "data-param": "agreement",
                "data-empty-label": self.choices.field.empty_label or "",
                "data-hint": NO_AGREEMENT_CHOSEN,
            }
        )
        return context

    def optgroups(self, name, value, attrs=None):
        everything = self.choices
        self.choices = list(self._offered(everything))
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = everything

    def _offered(self, choices):
        if self.agreements is None:
            yield "", NO_AGREEMENT_CHOSEN
            return
        if choices.field.empty_label is not None:
            yield "", choices.field.empty_label
        for scope_item in choices.queryset.filter(agreement__in=self.agreements):
            yield choices.choice(scope_item)


NO_AGREEMENT_CHOSEN = _("Choose the agreement first")


class ScopeItemChoice(forms.ModelChoiceField):
    """A scope item out of those of the agreements one may link, offered for the chosen one.

    It accepts any scope item of its queryset, so that the form's ``clean`` can say which
    agreement a scope item belongs to rather than "not one of the choices".
    """

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget", ScopeItemSelect(options_url=reverse_lazy("agreements:scope_item_options"))
        )
        super().__init__(**kwargs)

    def label_from_instance(self, scope_item):
        return scope_item_label(scope_item)

    def follow(self, agreement: forms.BoundField) -> None:
        """Offer the scope items of what is chosen (or, without script, found) in ``agreement``,
        a field of the same form; the script reloads them when that select changes."""
        value = agreement.value()
        value = getattr(value, "pk", value)
        agreements = agreement.field.queryset
        search = getattr(agreement.field.widget, "search", "")
        if value is not None and str(value).isdigit():
            self.widget.agreements = agreements.filter(pk=value).values("pk")
        elif search:
            self.widget.agreements = search_agreements(agreements, search).values("pk")
        else:
            self.widget.agreements = None
        self.widget.attrs["data-follows"] = agreement.auto_id


class OrganisationRowForm(RowForm):
    """A formset row naming an organisation out of those the user may choose."""

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


def _organisation_field():
    return OrganisationChoiceField(
        label=_("Organisation"),
        queryset=None,
        search_url=reverse_lazy("agreements:organisation_search"),
    )


class PartyForm(OrganisationRowForm):
    organisation = _organisation_field()
    document_number = forms.CharField(label=_("Document number"), max_length=120, required=False)


class SignatoryForm(OrganisationRowForm):
    organisation = _organisation_field()
    name = forms.CharField(label=_("Name"), max_length=150)
    position = forms.CharField(label=_("Position"), max_length=200)


# The area of a row that adds a target to the scope item of the row above.
SAME_ITEM = "same"


class ScopeForm(RowForm):
    # A blank first choice: an extra row left alone must stay empty, not become "Coordination".
    area = forms.ChoiceField(
        label=_("Area"),
        choices=[("", "—"), (SAME_ITEM, _("↑ Same item as above")), *ScopeItem.Area.choices],
    )
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


class BaseScopeFormSet(RowFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        rows = super().rows()
        if rows and rows[0]["area"] == SAME_ITEM:
            raise forms.ValidationError(
                _("The first scope row needs its own area: there is no item above it.")
            )

    def rows(self) -> list[dict]:
        """The rows, each "same item as above" given the area and description of that item."""
        rows, above = [], None
        for row in super().rows():
            if row["area"] == SAME_ITEM and above is not None:
                row = {**row, "area": above["area"], "description": above["description"]}
            rows.append(row)
            above = row
        return rows


ScopeFormSet = forms.formset_factory(ScopeForm, formset=BaseScopeFormSet, extra=2, can_delete=True)


def scope_rows(agreement, *, values=True) -> list[dict]:
    """An agreement's scope as formset rows: one row per target, or one per item without.

    A further target of an item is a "same item as above" row. Without ``values`` the figures
    entered by hand are left out (a new agreement drafted from this one starts at none).
    """
    rows = []
    for item in agreement.scope_items.prefetch_related("targets"):
        base = {"area": item.area, "description": item.description}
        targets = list(item.targets.all())
        if not targets:
            rows.append(base)
        for index, target in enumerate(targets):
            rows.append(
                {
                    **(base if index == 0 else {"area": SAME_ITEM, "description": ""}),
                    "metric": target.metric,
                    "quantity": target.quantity,
                    "period": target.period,
                    "label": target.label,
                    "manual_value": target.manual_value if values else None,
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
