"""The JSON the agreement picker and the scope item select ask as one types or chooses:
``agreements:agreement_search`` and ``agreements:scope_item_options``."""

import pytest
from django.urls import reverse

from agreements.models import ScopeItem
from agreements.selectors import AGREEMENT_MATCHES
from tests.factories import AgreementFactory, ScopeItemFactory, UserFactory
from tests.helpers import count_queries

SEARCH = reverse("agreements:agreement_search")
SCOPE_ITEMS = reverse("agreements:scope_item_options")


@pytest.fixture
def palembang(network):
    agreement = AgreementFactory(
        title="PKS Diseminasi Palembang", between=[network.kpk, network.city]
    )
    ScopeItemFactory(agreement=agreement, area=ScopeItem.Area.DISSEMINATION)
    ScopeItemFactory(agreement=agreement, area=ScopeItem.Area.EDUCATION)
    return agreement


@pytest.fixture
def medan(network):
    agreement = AgreementFactory(
        title="PKS Diseminasi Medan", between=[network.kpk, network.foreign]
    )
    ScopeItemFactory(agreement=agreement, area=ScopeItem.Area.EDUCATION)
    return agreement


def _found(client, q) -> list[str]:
    response = client.get(SEARCH, {"q": q})
    assert response.status_code == 200
    return [result["label"] for result in response.json()["results"]]


def _number(agreement, organisation) -> str:
    return agreement.parties.get(organisation=organisation).document_number


# The agreement search


def test_agreement_search_finds_kpk_every_agreement_by_title_words(
    network, client_as, palembang, medan
):
    client = client_as(network.kpk_staff)

    assert _found(client, "diseminasi") == ["PKS Diseminasi Medan", "PKS Diseminasi Palembang"]
    assert _found(client, "palembang PKS") == ["PKS Diseminasi Palembang"]
    assert _found(client, "pelatihan") == []


def test_agreement_search_finds_by_a_party_s_document_number(network, client_as, palembang, medan):
    response = client_as(network.kpk_manager).get(SEARCH, {"q": _number(medan, network.foreign)})

    assert response.json() == {"results": [{"id": medan.pk, "label": "PKS Diseminasi Medan"}]}


def test_agreement_search_of_a_partner_finds_only_their_agreements(
    network, client_as, palembang, medan
):
    client = client_as(network.partner_operator)

    assert _found(client, "diseminasi") == ["PKS Diseminasi Palembang"]
    assert _found(client, "") == ["PKS Diseminasi Palembang"]
    # Another organisation's agreement, not even by its exact title or number.
    assert _found(client, "PKS Diseminasi Medan") == []
    assert _found(client, _number(medan, network.foreign)) == []
    assert _found(client, _number(medan, network.kpk)) == []


def test_agreement_search_answers_at_most_twenty(network, client_as):
    for number in range(AGREEMENT_MATCHES + 5):
        AgreementFactory(title=f"PKS Contoh {number:02}", between=[network.kpk, network.city])

    labels = _found(client_as(network.kpk_manager), "contoh")

    assert labels == [f"PKS Contoh {number:02}" for number in range(AGREEMENT_MATCHES)]
    assert _found(client_as(network.kpk_manager), "") == labels


@pytest.mark.parametrize("q", ["", "   ", "x" * 10_000, "kota " * 500, "%", "_", "'\"; --", "\x00"])
def test_agreement_search_takes_any_text(network, client_as, palembang, q):
    response = client_as(network.partner_manager).get(SEARCH, {"q": q})

    assert response.status_code == 200
    assert set(response.json()) == {"results"}


def test_agreement_search_takes_as_many_queries_for_twenty_matches_as_for_one(
    network, client_as, palembang
):
    client = client_as(network.kpk_staff)
    one = count_queries(lambda: client.get(SEARCH, {"q": "pks"}))
    for number in range(AGREEMENT_MATCHES):
        AgreementFactory(title=f"PKS Contoh {number:02}", between=[network.kpk, network.city])

    assert count_queries(lambda: client.get(SEARCH, {"q": "pks"})) == one


def test_agreement_search_sends_a_visitor_to_sign_in(client, palembang):
    response = client.get(SEARCH, {"q": "pks"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_agreement_search_is_refused_to_someone_of_no_organisation(client_as, palembang):
    response = client_as(UserFactory()).get(SEARCH, {"q": "pks"})

    assert response.status_code == 403


# The scope items of one agreement


def test_scope_item_options_are_those_of_the_agreement(network, client_as, palembang, medan):
    response = client_as(network.partner_manager).get(SCOPE_ITEMS, {"agreement": palembang.pk})

    assert response.json() == {
        "results": [
            {
                "id": scope_item.pk,
                "label": f"PKS Diseminasi Palembang · {scope_item.get_area_display()}",
            }
            for scope_item in palembang.scope_items.order_by("pk")
        ]
    }


def test_scope_item_options_of_another_organisation_s_agreement_are_none(
    network, client_as, palembang, medan
):
    response = client_as(network.partner_manager).get(SCOPE_ITEMS, {"agreement": medan.pk})

    assert response.json() == {"results": []}


def test_scope_item_options_answer_kpk_for_any_agreement(network, client_as, medan):
    response = client_as(network.kpk_staff).get(SCOPE_ITEMS, {"agreement": medan.pk})

    assert [result["label"] for result in response.json()["results"]] == [
        "PKS Diseminasi Medan · Education and training"
    ]


@pytest.mark.parametrize("agreement", ["", "abc", "-1", "1.5", "9" * 30, "99999999"])
def test_scope_item_options_of_no_agreement_are_none(network, client_as, palembang, agreement):
    response = client_as(network.kpk_staff).get(SCOPE_ITEMS, {"agreement": agreement})

    assert response.status_code == 200
    assert response.json() == {"results": []}


def test_scope_item_options_take_as_many_queries_for_many_as_for_one(network, client_as, medan):
    client = client_as(network.kpk_staff)
    one = count_queries(lambda: client.get(SCOPE_ITEMS, {"agreement": medan.pk}))
    ScopeItemFactory.create_batch(10, agreement=medan)

    assert count_queries(lambda: client.get(SCOPE_ITEMS, {"agreement": medan.pk})) == one


def test_scope_item_options_send_a_visitor_to_sign_in(client, palembang):
    response = client.get(SCOPE_ITEMS, {"agreement": palembang.pk})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
