"""The agreement picker and the scope item select beside it (``agreements.forms``), as the content
and event forms use them: the page offers the chosen agreement and its scope items, never every
agreement and scope item the user may link."""

import re

import pytest
from django import forms

from agreements.forms import (
    NOT_AN_OFFERED_AGREEMENT,
    AgreementPicker,
    ScopeItemChoice,
)
from agreements.models import ScopeItem
from agreements.selectors import AGREEMENT_MATCHES, linkable_agreements, linkable_scope_items
from tests.factories import AgreementFactory, ScopeItemFactory

# Django's empty choice of a model field.
EMPTY = "- Select an option -"


class LinkForm(forms.Form):
    """An agreement and a scope item, wired as ``content.forms.ItemForm`` wires them."""

    agreement = forms.ModelChoiceField(
        queryset=None,
        required=False,
        widget=AgreementPicker(search_url="/agreements/search/"),
        error_messages=NOT_AN_OFFERED_AGREEMENT,
    )

    def __init__(self, *args, agreements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = agreements
        self.fields["scope_item"] = ScopeItemChoice(
            queryset=linkable_scope_items(agreements), required=False
        )
        self.fields["scope_item"].follow(self["agreement"])


def options(html: str, name: str) -> list[str]:
    """The labels of the options of the select called ``name``."""
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    return re.findall(r"<option[^>]*>([^<]*)</option>", select)


@pytest.fixture
def agreements(network):
    palembang = AgreementFactory(
        title="PKS Diseminasi Palembang", between=[network.kpk, network.city]
    )
    medan = AgreementFactory(title="PKS Pelatihan Medan", between=[network.kpk, network.foreign])
    ScopeItemFactory(agreement=palembang, area=ScopeItem.Area.DISSEMINATION)
    ScopeItemFactory(agreement=palembang, area=ScopeItem.Area.EDUCATION)
    ScopeItemFactory(agreement=medan, area=ScopeItem.Area.EDUCATION)
    return palembang, medan


def _form(user, data=None, **kwargs):
    return LinkForm(data, agreements=linkable_agreements(user), **kwargs)


def test_agreement_picker_offers_only_the_chosen_agreement(network, agreements):
    palembang, _medan = agreements

    html = str(_form(network.kpk_staff, initial={"agreement": palembang.pk})["agreement"])

    assert options(html, "agreement") == [EMPTY, "PKS Diseminasi Palembang"]
    assert 'aria-controls="id_agreement"' in html
    assert 'data-search-url="/agreements/search/"' in html
    assert '<div class="visually-hidden" role="status" id="id_agreement_status"></div>' in html


def test_agreement_picker_offers_the_matches_of_a_search_and_refuses_the_words(network, agreements):
    form = _form(network.kpk_staff, {"agreement": "", "agreement_search": "pks medan"})

    assert not form.is_valid()
    assert form.errors["agreement"] == ["Choose one of the agreements found, or search again."]
    html = str(form["agreement"])
    assert options(html, "agreement") == [EMPTY, "PKS Pelatihan Medan"]
    assert 'value="pks medan"' in html


def test_agreement_picker_finds_by_a_party_s_document_number(network, agreements):
    _palembang, medan = agreements
    number = medan.parties.get(organisation=network.foreign).document_number

    form = _form(network.kpk_staff, {"agreement": "", "agreement_search": number})

    assert options(str(form["agreement"]), "agreement") == [EMPTY, "PKS Pelatihan Medan"]


def test_agreement_picker_never_takes_a_number_searched_for_an_id(network, agreements):
    _palembang, medan = agreements

    form = _form(network.kpk_staff, {"agreement": "", "agreement_search": str(medan.pk)})

    assert not form.is_valid()
    assert "agreement" in form.errors


def test_agreement_picker_offers_at_most_twenty_matches(network):
    for number in range(AGREEMENT_MATCHES + 5):
        AgreementFactory(title=f"PKS Contoh {number:02}", between=[network.kpk, network.city])

    form = _form(network.kpk_staff, {"agreement": "", "agreement_search": "contoh"})

    offered = options(str(form["agreement"]), "agreement")[1:]
    assert offered == [f"PKS Contoh {number:02}" for number in range(AGREEMENT_MATCHES)]


def test_agreement_picker_of_a_partner_offers_only_their_agreements(network, agreements):
    _palembang, medan = agreements
    number = medan.parties.get(organisation=network.foreign).document_number

    for search in ("pks", "medan", number):
        form = _form(network.partner_operator, {"agreement": "", "agreement_search": search})
        assert "Medan" not in str(form["agreement"]), search


def test_scope_item_select_offers_a_hint_while_no_agreement_is_chosen(network, agreements):
    html = str(_form(network.kpk_staff)["scope_item"])

    assert options(html, "scope_item") == ["Choose the agreement first"]
    assert 'data-follows="id_agreement"' in html
    assert 'data-options-url="/agreements/scope-items/"' in html


def test_scope_item_select_offers_the_scope_items_of_the_chosen_agreement(network, agreements):
    palembang, _medan = agreements

    html = str(_form(network.kpk_staff, initial={"agreement": palembang.pk})["scope_item"])

    assert options(html, "scope_item") == [
        EMPTY,
        "PKS Diseminasi Palembang · Dissemination and publication of anti-corruption material",
        "PKS Diseminasi Palembang · Education and training",
    ]


def test_scope_item_select_offers_the_scope_items_of_the_agreements_found(network, agreements):
    form = _form(network.kpk_staff, {"agreement": "", "agreement_search": "pks"})

    assert options(str(form["scope_item"]), "scope_item") == [
        EMPTY,
        "PKS Diseminasi Palembang · Dissemination and publication of anti-corruption material",
        "PKS Diseminasi Palembang · Education and training",
        "PKS Pelatihan Medan · Education and training",
    ]


def test_scope_item_choice_accepts_a_scope_item_of_another_linkable_agreement(network, agreements):
    """The form's ``clean`` then says which agreement it belongs to (content and events)."""
    palembang, medan = agreements
    of_medan = medan.scope_items.get()

    form = _form(network.kpk_staff, {"agreement": palembang.pk, "scope_item": of_medan.pk})

    assert form.is_valid()
    assert form.cleaned_data == {"agreement": palembang, "scope_item": of_medan}


def test_pickers_of_one_or_many_offer_the_chosen_and_pass_over_an_id_too_large(network):
    """Neither picker fails on a number beyond the column (a crafted URL); both offer what was
    chosen."""
    from agreements.forms import OrganisationPicker, OrganisationsPicker
    from partnerships.models import Organisation

    class Pick(forms.Form):
        one = forms.ModelChoiceField(
            queryset=Organisation.objects.all(), required=False, widget=OrganisationPicker()
        )
        many = forms.ModelMultipleChoiceField(
            queryset=Organisation.objects.all(), required=False, widget=OrganisationsPicker()
        )

    too_large = "9" * 23
    chosen = Pick(
        {"one": str(network.city.pk), "many": [str(network.kpk.pk), str(network.city.pk)]}
    )
    crafted = Pick({"one": too_large, "many": [too_large, str(network.city.pk)]})

    assert options(str(chosen["one"]), "one")[1:] == [str(network.city)]
    assert sorted(options(str(chosen["many"]), "many")) == sorted(
        [str(network.kpk), str(network.city)]
    )
    assert options(str(crafted["one"]), "one")[1:] == []
    assert options(str(crafted["many"]), "many") == [str(network.city)]
