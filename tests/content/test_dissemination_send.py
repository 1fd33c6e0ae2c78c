"""Sending an approved item to partners: who receives it, what is refused, and its cost."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.models import AuditEntry
from content import dissemination
from content.models import ContentItem, Dispatch, Request
from notifications.models import Notification
from partnerships.models import Organisation, Role
from tests.content.dissemination import approved_item, due, sent
from tests.factories import ContentItemFactory, MembershipFactory, OrganisationFactory, member


def test_send_writes_one_dispatch_its_requests_one_audit_entry_and_tells_the_managers(network):
    item = approved_item(network)
    other_manager = member(Role.PARTNER_MANAGER, network.neighbour)

    dispatch = dissemination.send(
        item,
        organisations=[network.city, network.neighbour],
        due_on=due(),
        platforms=["instagram", "website"],
        message="Mohon ditayangkan.",
        by=network.kpk_staff,
    )

    requests = list(dispatch.requests.order_by("organisation__name"))
    assert [(r.organisation, r.status, r.due_on, r.item) for r in requests] == [
        (network.neighbour, Request.Status.REQUESTED, due(), item),
        (network.city, Request.Status.REQUESTED, due(), item),
    ]
    assert (dispatch.sent_count, dispatch.skipped_count) == (2, 0)
    assert (dispatch.platforms, dispatch.message, dispatch.sent_by) == (
        ["instagram", "website"],
        "Mohon ditayangkan.",
        network.kpk_staff,
    )
    entries = AuditEntry.objects.filter(action="content.item_sent")
    assert [(e.target_id, e.changes["organisations"], e.changes["skipped"]) for e in entries] == [
        (str(item.pk), 2, 0)
    ]
    told = Notification.objects.filter(kind="content.request_new")
    assert sorted((n.recipient_id, n.target_url) for n in told) == sorted(
        [
            (network.partner_manager.pk, f"/content/requests/{requests[1].pk}/"),
            (other_manager.pk, f"/content/requests/{requests[0].pk}/"),
        ]
    )


def test_send_skips_organisations_with_a_pending_request_and_says_how_many(network):
    item = approved_item(network)
    sent(network, item=item)

    dispatch = dissemination.send(
        item, organisations=[network.city, network.neighbour], due_on=due(), by=network.kpk_staff
    )

    assert (dispatch.sent_count, dispatch.skipped_count) == (1, 1)
    assert list(dispatch.requests.values_list("organisation", flat=True)) == [network.neighbour.pk]


def test_send_again_after_a_decline_is_a_new_request(network):
    item = approved_item(network)
    request = sent(network, item=item)
    dissemination.decline(request, reason="Kanal sedang dibenahi.", by=network.partner_manager)

    dispatch = dissemination.send(
        item, organisations=[network.city], due_on=due(), by=network.kpk_staff
    )

    assert dispatch.sent_count == 1


def test_send_refuses_when_every_organisation_already_has_it(network):
    item = approved_item(network)
    sent(network, item=item)

    with pytest.raises(ValidationError) as refused:
        dissemination.send(item, organisations=[network.city], due_on=due(), by=network.kpk_staff)

    assert refused.value.messages == [
        "Every organisation chosen already has a pending request for this content."
    ]
    assert Dispatch.objects.count() == 1


@pytest.mark.parametrize(
    "status",
    [
        ContentItem.Status.DRAFT,
        ContentItem.Status.SUBMITTED,
        ContentItem.Status.CHANGES_REQUESTED,
        ContentItem.Status.ARCHIVED,
    ],
)
def test_send_refuses_content_that_is_not_approved(network, status):
    item = ContentItemFactory(owner=network.kpk, status=status)

    with pytest.raises(ValidationError) as refused:
        dissemination.send(item, organisations=[network.city], due_on=due(), by=network.kpk_staff)

    assert refused.value.messages == ["Only approved content can be sent to partners."]
    assert not Request.objects.exists()
    assert not AuditEntry.objects.filter(action="content.item_sent").exists()


def test_send_refuses_a_past_due_date_unknown_platforms_no_recipients_and_non_diskominfo(network):
    item = approved_item(network)

    with pytest.raises(ValidationError) as refused:
        dissemination.send(
            item,
            organisations=[network.provincial_media],
            due_on=timezone.localdate() - timedelta(days=1),
            platforms=["myspace"],
            by=network.kpk_staff,
        )

    assert refused.value.messages == [
        "The due date cannot be in the past.",
        "Not a channel type: myspace.",
        "Requests go to active Diskominfo only (press partners receive them through their "
        "Diskominfo): Harian Sriwijaya Pos.",
    ]
    with pytest.raises(ValidationError) as nobody:
        dissemination.send(item, organisations=[], due_on=due(), by=network.kpk_staff)
    assert nobody.value.messages == ["Choose at least one organisation to send it to."]
    assert not Dispatch.objects.exists()


def test_send_refuses_content_past_its_validity(network):
    item = approved_item(network, not_after=timezone.now() - timedelta(hours=1))

    with pytest.raises(ValidationError) as refused:
        dissemination.send(item, organisations=[network.city], due_on=due(), by=network.kpk_staff)

    assert refused.value.messages == ["This content is no longer valid, so it cannot be sent."]


@pytest.mark.parametrize(
    # Administrators are superusers, whom Django grants every permission.
    "role",
    ["partner_manager", "partner_operator", "province_manager"],
)
def test_send_is_for_kpk_only(network, role):
    item = approved_item(network)

    with pytest.raises(PermissionDenied):
        dissemination.send(
            item, organisations=[network.city], due_on=due(), by=getattr(network, role)
        )

    assert not Dispatch.objects.exists()


def test_recipients_by_name_by_province_and_with_regencies(network):
    north = OrganisationFactory(province_diskominfo=True, name="Diskominfo Sumut", province_id="12")
    OrganisationFactory(name="Diskominfo Nonaktif", regency_id="16.72", is_active=False)

    by_name = dissemination.recipients(organisation_ids=[network.city.pk, network.kpk.pk])
    provinces = dissemination.recipients(province_codes=["16", "12"])
    with_regencies = dissemination.recipients(province_codes=["16"], with_regencies=True)

    assert list(by_name) == [network.city]
    assert list(provinces) == [network.province, north]
    assert list(with_regencies) == [network.neighbour, network.city, network.province]


def _diskominfo(count: int) -> list[Organisation]:
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"Diskominfo Uji {count}-{n}",
                kind=Organisation.Kind.REGENCY_DISKOMINFO,
                province_id="16",
                regency_id="16.71",
            )
            for n in range(count)
        ]
    )
    for organisation in organisations:
        MembershipFactory(organisation=organisation, role=Role.PARTNER_MANAGER)
    return organisations


def _queries_to_send(network, count: int) -> int:
    organisations = _diskominfo(count)
    item = approved_item(network)
    by = type(network.kpk_staff).objects.get(pk=network.kpk_staff.pk)
    with CaptureQueriesContext(connection) as context:
        dispatch = dissemination.send(item, organisations=organisations, due_on=due(), by=by)
    assert dispatch.sent_count == count
    assert (
        Notification.objects.filter(
            kind="content.request_new",
            target_id__in=[str(pk) for pk in dispatch.requests.values_list("pk", flat=True)],
        ).count()
        == count
    )
    return len(context.captured_queries)


def test_send_takes_as_many_queries_for_fifty_organisations_as_for_five(network):
    # A first send fills the process's content-type cache, which a test run earlier in the same
    # process may or may not have filled already.
    _queries_to_send(network, 1)

    assert _queries_to_send(network, 50) == _queries_to_send(network, 5)


def test_send_to_all_552_diskominfo_at_once(network):
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"Diskominfo Nasional {n}",
                kind=Organisation.Kind.REGENCY_DISKOMINFO,
                province_id="16",
                regency_id="16.71",
            )
            for n in range(552)
        ]
    )
    item = approved_item(network)
    started = timezone.now()

    dispatch = dissemination.send(
        item, organisations=organisations, due_on=due(), by=network.kpk_staff
    )

    assert dispatch.requests.count() == 552
    assert AuditEntry.objects.filter(action="content.item_sent").count() == 1
    assert (timezone.now() - started).total_seconds() < 2
