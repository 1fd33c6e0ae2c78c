from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement
from agreements.selectors import (
    ORGANISATION_MATCHES,
    SEARCH_LENGTH,
    province_partnerships,
    province_states,
    search_agreements,
    search_organisations,
    searched,
)
from partnerships.models import Organisation
from partnerships.rules import reach
from tests.factories import AgreementFactory, OrganisationFactory
from tests.helpers import count_queries

Status = Agreement.Status
URL = reverse("agreements:province_overview")


def _ending_in(days):
    return timezone.localdate() + timedelta(days=days)


@pytest.fixture
def partnerships(network):
    """One province per state, with the less relevant agreements beside the one that wins."""
    aceh = OrganisationFactory(name="Diskominfo Kota Banda Aceh", regency_id="11.71")
    bali = OrganisationFactory(name="Diskominfo Kota Denpasar", regency_id="51.71")
    banten = OrganisationFactory(name="Diskominfo Kota Serang", regency_id="36.73")
    # Sumatera Selatan: active wins over expiring and drafting.
    AgreementFactory(status=Status.ACTIVE, ends_on=_ending_in(400), between=[network.city])
    AgreementFactory(status=Status.ACTIVE, ends_on=_ending_in(20), between=[network.neighbour])
    AgreementFactory(status=Status.DRAFT, between=[network.province])
    # Sumatera Utara: expiring wins over expired and drafting.
    AgreementFactory(status=Status.ACTIVE, ends_on=_ending_in(30), between=[network.foreign])
    AgreementFactory(status=Status.EXPIRED, between=[network.foreign])
    AgreementFactory(status=Status.NEGOTIATION, between=[network.foreign])
    # Aceh: drafting wins over an ended agreement.
    AgreementFactory(status=Status.READY, between=[aceh])
    AgreementFactory(status=Status.TERMINATED, between=[aceh])
    # Bali: only an expired agreement.
    AgreementFactory(status=Status.EXPIRED, between=[bali])
    # Banten: a terminated agreement has ended too.
    AgreementFactory(status=Status.TERMINATED, between=[banten])
    # A KPK-only agreement belongs to no province.
    AgreementFactory(status=Status.ACTIVE, between=[network.kpk])


def _states(response) -> dict:
    return {
        summary.province.name: (summary.state, summary.agreements)
        for summary in response.context["provinces"]
    }


def test_overview_shows_each_of_the_38_provinces_with_its_state(network, client_as, partnerships):
    response = client_as(network.kpk_staff).get(URL)

    assert response.status_code == 200
    states = _states(response)
    assert len(states) == 38
    assert states["Sumatera Selatan"] == ("active", 3)
    assert states["Sumatera Utara"] == ("expiring", 3)
    assert states["Aceh"] == ("drafting", 2)
    assert states["Bali"] == ("expired", 1)
    assert states["Banten"] == ("expired", 1)
    assert states["Jawa Barat"] == ("none", 0)
    others = {name: state for name, state in states.items() if state != ("none", 0)}
    assert len(others) == 5


def test_overview_counts_the_provinces_in_each_state(network, client_as, partnerships):
    response = client_as(network.kpk_manager).get(URL)

    totals = {state: total for state, _label, total, _colour in response.context["totals"]}
    assert totals == {"none": 33, "drafting": 1, "active": 1, "expiring": 1, "expired": 2}
    content = response.content.decode()
    assert 'data-state="expiring"' in content
    assert reverse("agreements:province_detail", args=["16"]) in content


def test_overview_counts_an_agreement_once_per_province(network, client_as):
    AgreementFactory(status=Status.ACTIVE, between=[network.city, network.neighbour])

    response = client_as(network.kpk_manager).get(URL)

    assert _states(response)["Sumatera Selatan"] == ("active", 1)


def test_province_partnerships_ranks_and_counts_each_agreement_once_per_province(network):
    # Three parties in Sumatera Selatan and one in Sumatera Utara: an agreement counts once per
    # province, and a province takes the state of its most advanced agreement.
    both = AgreementFactory(
        status=Status.ACTIVE,
        between=[network.kpk, network.province, network.city, network.neighbour, network.foreign],
    )
    AgreementFactory(status=Status.DRAFT, between=[network.city, network.provincial_media])
    AgreementFactory(status=Status.EXPIRED, between=[network.kpk, network.foreign])

    assert province_partnerships(network.kpk_manager) == {"16": ("active", 2), "12": ("active", 2)}
    both.ends_on = timezone.localdate() + timedelta(days=3)
    both.save()
    assert province_partnerships(network.kpk_manager) == {
        "16": ("expiring", 2),
        "12": ("expiring", 2),
    }
    states = {
        province.pk: (state, count)
        for province, state, count in province_states(network.kpk_manager)
    }
    assert (states["16"], states["12"], states["11"]) == (
        ("expiring", 2),
        ("expiring", 2),
        ("none", 0),
    )


def test_overview_reads_the_states_in_two_queries(network, partnerships, django_assert_num_queries):
    reach(network.kpk_manager)  # the user's memberships, read once per request anyway

    with django_assert_num_queries(2):
        states = province_states(network.kpk_manager)

    assert len(states) == 38


def test_overview_queries_do_not_grow_with_agreements(network, client_as):
    client = client_as(network.kpk_manager)
    for _ in range(3):
        AgreementFactory(status=Status.ACTIVE, between=[network.city, network.foreign])
    few = count_queries(lambda: client.get(URL))

    for _ in range(22):
        AgreementFactory(status=Status.DRAFT, between=[network.neighbour, network.province])
    many = count_queries(lambda: client.get(URL))

    assert few == many


@pytest.mark.parametrize("role", ["partner_manager", "partner_operator"])
def test_overview_is_refused_to_partners(network, client_as, partnerships, role):
    response = client_as(getattr(network, role)).get(URL)

    assert response.status_code == 403
    assert "Sumatera Utara" not in response.content.decode()


def test_overview_sends_anonymous_to_sign_in(anonymous_client, db):
    response = anonymous_client.get(URL)

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


# Organisations found as one types


def test_search_organisations_matches_every_word_at_most_the_limit_by_name(network):
    for number in range(ORGANISATION_MATCHES + 5):
        OrganisationFactory(name=f"Dinas Contoh {number:02}", regency_id="16.71")

    found = list(search_organisations(Organisation.objects.all(), "contoh dinas"))
    sumsel = search_organisations(Organisation.objects.all(), "sumatera selatan provinsi")

    assert [o.name for o in found] == [f"Dinas Contoh {n:02}" for n in range(ORGANISATION_MATCHES)]
    assert [o.name for o in sumsel] == ["Diskominfo Provinsi Sumatera Selatan"]


def test_searched_text_drops_nul_and_keeps_a_hundred_characters():
    """PostgreSQL refuses NUL in a text parameter: a forged search was an error 500."""
    assert searched("  kota\x00 medan  ") == "kota medan"
    assert searched("x" * 500) == "x" * SEARCH_LENGTH


def test_search_agreements_matches_every_title_word_or_a_whole_number(network):
    palembang = AgreementFactory(title="PKS Diseminasi Palembang", between=[network.city])
    medan = AgreementFactory(title="PKS Pelatihan Medan", between=[network.foreign])
    number = medan.parties.get().document_number
    agreements = Agreement.objects.all()

    assert list(search_agreements(agreements, "pks palembang")) == [palembang]
    assert list(search_agreements(agreements, "pks")) == [palembang, medan]
    assert list(search_agreements(agreements, number)) == [medan]
    assert list(search_agreements(agreements, "medan\x00")) == [medan]
    assert list(search_agreements(agreements.exclude(pk=medan.pk), number)) == []


def test_search_organisations_finds_only_in_the_queryset_it_is_given(network):
    found = search_organisations(Organisation.objects.exclude(pk=network.foreign.pk), "medan")

    assert list(found) == []
