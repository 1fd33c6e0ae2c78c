"""The Django admin for agreements: lists, filters, search, inlines, and history kept."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement, AgreementEvent, ScopeItem
from tests.factories import (
    AgreementCommentFactory,
    AgreementDocumentFactory,
    AgreementFactory,
    ScopeItemFactory,
    SignatoryFactory,
    TargetFactory,
)

Status = Agreement.Status


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _changelist(model=Agreement):
    return reverse(f"admin:agreements_{model._meta.model_name}_changelist")


def _listed(response):
    return list(response.context["cl"].result_list)


@pytest.mark.parametrize("model", [Agreement, ScopeItem], ids=lambda model: model.__name__)
def test_admin_agreement_changelists_open_for_an_administrator(network, client_as, model):
    ScopeItemFactory(agreement=AgreementFactory(between=[network.kpk, network.city]))

    response = client_as(network.administrator).get(_changelist(model))

    assert response.status_code == 200
    assert len(_listed(response)) == 1


def test_admin_agreement_changelist_sends_a_kpk_manager_to_the_admin_sign_in(network, client_as):
    response = client_as(network.kpk_manager).get(_changelist())

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_admin_agreement_search_finds_by_party_number_once(network, client_as):
    wanted = AgreementFactory(title="PKS Palembang", between=[network.kpk, network.city])
    AgreementFactory(title="PKS Medan", between=[network.kpk, network.foreign])
    wanted.parties.update(document_number="445/PKS/2026")

    response = client_as(network.administrator).get(_changelist(), {"q": "445/PKS"})

    assert _listed(response) == [wanted]


def test_admin_agreement_search_finds_by_party_name(network, client_as):
    AgreementFactory(between=[network.kpk, network.city])
    medan = AgreementFactory(between=[network.kpk, network.foreign])

    response = client_as(network.administrator).get(_changelist(), {"q": "Medan"})

    assert _listed(response) == [medan]


def test_admin_agreement_filters_by_status_and_kind(network, client_as):
    AgreementFactory(status=Status.DRAFT)
    active_pks = AgreementFactory(status=Status.ACTIVE, kind=Agreement.Kind.PKS)
    AgreementFactory(status=Status.ACTIVE)

    response = client_as(network.administrator).get(
        _changelist(), {"status": "active", "kind": "pks"}
    )

    assert _listed(response) == [active_pks]


def test_admin_agreement_filters_expiring_soon(network, client_as):
    today = timezone.localdate()
    soon = AgreementFactory(status=Status.ACTIVE, ends_on=today + timedelta(days=90))
    AgreementFactory(status=Status.ACTIVE, ends_on=today + timedelta(days=91))
    AgreementFactory(status=Status.READY, ends_on=today + timedelta(days=10))

    response = client_as(network.administrator).get(_changelist(), {"expiring": "yes"})

    assert _listed(response) == [soon]


def test_admin_agreement_change_page_shows_every_part(network, client_as):
    agreement = AgreementFactory(status=Status.NEGOTIATION, between=[network.kpk, network.city])
    SignatoryFactory(agreement=agreement, organisation=network.city, name="Ratu Dewa")
    TargetFactory(scope_item=ScopeItemFactory(agreement=agreement))
    document = AgreementDocumentFactory(agreement=agreement, original_name="pks-ttd.pdf")
    AgreementCommentFactory(agreement=agreement, body="Mohon pasal 3 ditinjau kembali.")

    response = client_as(network.administrator).get(
        reverse("admin:agreements_agreement_change", args=[agreement.pk])
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Ratu Dewa" in page
    assert "Mohon pasal 3 ditinjau kembali." in page
    assert f'<a href="{document.get_absolute_url()}">pks-ttd.pdf</a>' in page
    assert document.file.url not in page


def test_admin_agreement_edit_is_kept_in_the_history(network, client_as):
    agreement = AgreementFactory(title="Lama", status=Status.ACTIVE, owner=network.kpk_staff)
    client = client_as(network.administrator)
    url = reverse("admin:agreements_agreement_change", args=[agreement.pk])
    form = client.get(url).context["adminform"].form
    data = {
        name: ("" if value is None else value)
        for name, value in form.initial.items()
        if name in form.fields
    }
    data.update(
        {
            "title": "Baru",
            **{f"{prefix}-TOTAL_FORMS": "0" for prefix in _inline_prefixes()},
            **{f"{prefix}-INITIAL_FORMS": "0" for prefix in _inline_prefixes()},
        }
    )

    response = client.post(url, data)

    assert response.status_code == 302
    agreement.refresh_from_db()
    assert (agreement.title, agreement.status) == ("Baru", Status.ACTIVE)
    event = AgreementEvent.objects.get(agreement=agreement)
    assert (event.action, event.actor, event.changes) == (
        AgreementEvent.Action.UPDATED,
        network.administrator,
        {"title": ["Lama", "Baru"]},
    )


def _inline_prefixes():
    return ["parties", "signatories", "scope_items", "documents", "comments", "events"]
