"""The Django admin for agreements: lists, filters, search, read-only parts, and edits that go
through the same service as the pages (its checks, its audit entry)."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements.audit_actions import Action
from agreements.models import Agreement, ScopeItem
from audit.selectors import entries_for
from tests.factories import (
    AgreementCommentFactory,
    AgreementDocumentFactory,
    AgreementFactory,
    ScopeItemFactory,
    SignatoryFactory,
    TargetFactory,
)
from tests.helpers import admin_changelist, changelist_results

Status = Agreement.Status


@pytest.mark.parametrize("model", [Agreement, ScopeItem], ids=lambda model: model.__name__)
def test_admin_agreement_changelists_open_for_an_administrator(network, client_as, model):
    ScopeItemFactory(agreement=AgreementFactory(between=[network.kpk, network.city]))

    response = client_as(network.administrator).get(admin_changelist(model))

    assert response.status_code == 200
    assert len(changelist_results(response)) == 1


def test_admin_agreement_changelist_sends_a_kpk_manager_to_the_admin_sign_in(network, client_as):
    response = client_as(network.kpk_manager).get(admin_changelist(Agreement))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_admin_agreement_search_finds_by_party_number_once(network, client_as):
    wanted = AgreementFactory(title="PKS Palembang", between=[network.kpk, network.city])
    AgreementFactory(title="PKS Medan", between=[network.kpk, network.foreign])
    wanted.parties.update(document_number="445/PKS/2026")

    response = client_as(network.administrator).get(admin_changelist(Agreement), {"q": "445/PKS"})

    assert changelist_results(response) == [wanted]


def test_admin_agreement_search_finds_by_party_name(network, client_as):
    AgreementFactory(between=[network.kpk, network.city])
    medan = AgreementFactory(between=[network.kpk, network.foreign])

    response = client_as(network.administrator).get(admin_changelist(Agreement), {"q": "Medan"})

    assert changelist_results(response) == [medan]


def test_admin_agreement_filters_by_status_and_kind(network, client_as):
    AgreementFactory(status=Status.DRAFT)
    active_pks = AgreementFactory(status=Status.ACTIVE, kind=Agreement.Kind.PKS)
    AgreementFactory(status=Status.ACTIVE)

    response = client_as(network.administrator).get(
        admin_changelist(Agreement), {"status": "active", "kind": "pks"}
    )

    assert changelist_results(response) == [active_pks]


def test_admin_agreement_filters_expiring_soon(network, client_as):
    today = timezone.localdate()
    soon = AgreementFactory(status=Status.ACTIVE, ends_on=today + timedelta(days=90))
    AgreementFactory(status=Status.ACTIVE, ends_on=today + timedelta(days=91))
    AgreementFactory(status=Status.READY, ends_on=today + timedelta(days=10))

    response = client_as(network.administrator).get(
        admin_changelist(Agreement), {"expiring": "yes"}
    )

    assert changelist_results(response) == [soon]


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


def _admin_post(client, agreement, **changes):
    """Submit the agreement's admin form as the page offers it, with ``changes``."""
    url = reverse("admin:agreements_agreement_change", args=[agreement.pk])
    form = client.get(url).context["adminform"].form
    data = {
        name: ("" if value is None else value)
        for name, value in form.initial.items()
        if name in form.fields
    }
    data.update(
        {
            **changes,
            **{f"{prefix}-TOTAL_FORMS": "0" for prefix in _inline_prefixes()},
            **{f"{prefix}-INITIAL_FORMS": "0" for prefix in _inline_prefixes()},
        }
    )
    return client.post(url, data)


def _inline_prefixes():
    return ["parties", "signatories", "scope_items", "documents", "comments"]


def test_admin_agreement_edit_goes_through_the_service_and_is_audited(network, client_as):
    agreement = AgreementFactory(
        title="Lama", status=Status.NEGOTIATION, between=[network.kpk, network.city]
    )

    response = _admin_post(client_as(network.administrator), agreement, title="Baru")

    assert response.status_code == 302
    agreement.refresh_from_db()
    assert (agreement.title, agreement.status) == ("Baru", Status.NEGOTIATION)
    entry = entries_for(agreement).get()
    assert (entry.action, entry.actor, entry.changes) == (
        Action.DETAILS_CHANGED,
        network.administrator,
        {"title": ["Lama", "Baru"]},
    )


def test_admin_agreement_refuses_an_end_before_the_start_as_the_pages_do(network, client_as):
    agreement = AgreementFactory(
        status=Status.DRAFT,
        between=[network.kpk, network.city],
        effective_on=date(2027, 1, 1),
        ends_on=date(2027, 12, 31),
    )

    response = _admin_post(
        client_as(network.administrator), agreement, ends_on="2026-06-30", title="Baru"
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "The end date cannot be before the effective date."
    ]
    agreement.refresh_from_db()
    assert (agreement.title, agreement.ends_on) == (agreement.title, date(2027, 12, 31))
    assert agreement.title != "Baru"
    assert not entries_for(agreement).exists()


def test_admin_agreement_refuses_a_pks_without_its_mou(network, client_as):
    mou = AgreementFactory(kind=Agreement.Kind.MOU, between=[network.kpk, network.city])
    pks = AgreementFactory(
        kind=Agreement.Kind.PKS,
        parent=mou,
        status=Status.DRAFT,
        between=[network.kpk, network.city],
    )

    response = _admin_post(client_as(network.administrator), pks, parent="")

    assert response.context["adminform"].form.non_field_errors() == [
        "A PKS falls under an MoU: choose its MoU."
    ]
    pks.refresh_from_db()
    assert pks.parent == mou


def test_admin_agreement_cannot_change_a_signed_agreement(network, client_as):
    agreement = AgreementFactory(title="Berlaku", status=Status.ACTIVE, dated=True)
    client = client_as(network.administrator)
    url = reverse("admin:agreements_agreement_change", args=[agreement.pk])

    form = client.get(url).context["adminform"].form
    client.post(url, {"title": "Diubah", "summary": "x"})

    assert form.fields == {}
    agreement.refresh_from_db()
    assert agreement.title == "Berlaku"
    assert not entries_for(agreement).exists()


def test_admin_agreement_offers_no_add_and_no_delete(network, client_as):
    agreement = AgreementFactory(status=Status.DRAFT)
    client = client_as(network.administrator)

    add = client.get(reverse("admin:agreements_agreement_add"))
    delete = client.post(
        reverse("admin:agreements_agreement_delete", args=[agreement.pk]), {"post": "yes"}
    )

    assert (add.status_code, delete.status_code) == (403, 403)
    assert Agreement.objects.filter(pk=agreement.pk).exists()


def test_admin_agreement_parties_and_scope_are_read_only(network, client_as):
    agreement = AgreementFactory(status=Status.DRAFT, between=[network.kpk, network.city])
    ScopeItemFactory(agreement=agreement)
    client = client_as(network.administrator)

    formsets = client.get(
        reverse("admin:agreements_agreement_change", args=[agreement.pk])
    ).context["inline_admin_formsets"]
    scope_item = client.get(
        reverse("admin:agreements_scopeitem_change", args=[agreement.scope_items.get().pk])
    )

    assert {f.formset.prefix: f.has_change_permission for f in formsets} == dict.fromkeys(
        _inline_prefixes(), False
    )
    assert scope_item.context["has_change_permission"] is False


def test_admin_agreement_links_its_audit_entries(network, client_as):
    agreement = AgreementFactory(status=Status.DRAFT, between=[network.kpk, network.city])
    other = AgreementFactory(status=Status.DRAFT, between=[network.kpk, network.city])
    client = client_as(network.administrator)
    _admin_post(client, agreement, title="Judul baru")
    _admin_post(client, other, title="Judul lain")

    page = client.get(reverse("admin:agreements_agreement_change", args=[agreement.pk]))
    link = re.search(r'href="([^"]*audit/auditentry/\?[^"]*)"', page.content.decode()).group(1)
    entries = client.get(link.replace("&amp;", "&"))

    assert [entry.target_id for entry in entries.context["cl"].result_list] == [str(agreement.pk)]
