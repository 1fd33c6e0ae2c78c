from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from audit.admin import entries_url
from audit.models import AuditEntry
from audit.services import log
from tests.factories import OrganisationFactory, UserFactory
from tests.helpers import changelist_results

CHANGELIST = reverse("admin:audit_auditentry_changelist")


def test_admin_offers_no_add_change_or_delete(organisation, administrator, client):
    entry = log(organisation, "tests.changed", by=None)
    client.force_login(administrator)

    add = client.get(reverse("admin:audit_auditentry_add"))
    change = client.post(
        reverse("admin:audit_auditentry_change", args=[entry.pk]), {"action": "tests.forged"}
    )
    delete = client.post(reverse("admin:audit_auditentry_delete", args=[entry.pk]), {"post": "yes"})

    assert (add.status_code, change.status_code, delete.status_code) == (403, 403, 403)
    assert AuditEntry.objects.get().action == "tests.changed"


def test_admin_shows_an_entry_read_only_with_a_link_to_its_object(
    organisation, administrator, client
):
    entry = log(organisation, "tests.changed", by=None, changes={"phone": ["1", "2"]})
    client.force_login(administrator)

    response = client.get(reverse("admin:audit_auditentry_change", args=[entry.pk]))

    assert response.status_code == 200
    target = reverse("admin:partnerships_organisation_change", args=[organisation.pk])
    assert f'<a href="{target}">{organisation.name}</a>' in response.text
    assert "Phone: 1 → 2" in response.text
    assert 'name="_save"' not in response.text


def test_admin_changelist_filters_by_actor(organisation, administrator, client, person):
    log(organisation, "tests.by_person", by=person)
    log(organisation, "tests.by_system", by=None)
    client.force_login(administrator)

    response = client.get(CHANGELIST, {"actor__id__exact": person.pk})

    assert [entry.action for entry in changelist_results(response)] == ["tests.by_person"]


def test_admin_changelist_filters_by_action_and_object_type(organisation, administrator, client):
    log(organisation, "tests.one", by=None)
    log(organisation, "tests.two", by=None)
    log(UserFactory(), "tests.two", by=None)
    client.force_login(administrator)
    organisation_type = AuditEntry.objects.filter(action="tests.one").get().target_type

    response = client.get(
        CHANGELIST, {"action": "tests.two", "target_type__id__exact": organisation_type.pk}
    )

    assert [entry.action for entry in changelist_results(response)] == ["tests.two"]
    assert response.context["cl"].result_list[0].target_id == str(organisation.pk)


def test_admin_changelist_filters_by_date_and_searches_labels(
    organisation, administrator, client, person, monkeypatch
):
    with monkeypatch.context() as earlier:
        last_year = timezone.now() - timedelta(days=365)
        earlier.setattr(timezone, "now", lambda: last_year)
        old = log(OrganisationFactory(name="Radio Sriwijaya"), "tests.old", by=person)
    log(organisation, "tests.today", by=None)
    client.force_login(administrator)
    day = timezone.localtime(old.created_at)

    by_date = client.get(
        CHANGELIST,
        {"created_at__year": day.year, "created_at__month": day.month, "created_at__day": day.day},
    )
    by_search = client.get(CHANGELIST, {"q": "Sriwijaya"})
    by_actor_name = client.get(CHANGELIST, {"q": "Rina"})

    assert [entry.action for entry in changelist_results(by_date)] == ["tests.old"]
    assert [entry.action for entry in changelist_results(by_search)] == ["tests.old"]
    assert [entry.action for entry in changelist_results(by_actor_name)] == ["tests.old"]


def test_history_link_of_an_audited_object_lists_its_entries_only(client, administrator):
    kept = OrganisationFactory(name="Diskominfo Kota Palembang")
    other = OrganisationFactory(name="Diskominfo Kota Medan")
    log(kept, "tests.one", by=None)
    log(other, "tests.two", by=None)
    client.force_login(administrator)

    page = client.get(reverse("admin:partnerships_organisation_change", args=[kept.pk]))
    listed = client.get(entries_url(kept))

    assert f'href="{escape(entries_url(kept))}"' in page.content.decode()
    assert [entry.action for entry in changelist_results(listed)] == ["tests.one"]
