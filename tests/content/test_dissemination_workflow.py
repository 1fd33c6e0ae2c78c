"""A request's workflow: every move through its one door, and every refused one."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audit.models import AuditEntry
from content import dissemination
from content.models import Proof, ReachReport, Request
from notifications.models import Notification
from partnerships.models import Role
from tests.content.dissemination import accepted, instagram, published, screenshot, sent
from tests.factories import (
    ChannelFactory,
    MembershipFactory,
    OrganisationFactory,
    PressPartnerFactory,
    RequestFactory,
    member,
)

Status = Request.Status


def moves(request) -> list[tuple[str, str]]:
    return [
        (entry.changes["from"], entry.changes["to"])
        for entry in AuditEntry.objects.filter(
            action="content.request_status_changed", target_id=str(request.pk)
        ).order_by("sequence")
    ]


def test_accept_with_an_assignee_records_the_answer_and_tells_the_operator(network):
    request = sent(network)

    dissemination.accept(request, by=network.partner_manager, assignee=network.partner_operator)

    request.refresh_from_db()
    assert (request.status, request.assignee, request.responded_by) == (
        Status.ACCEPTED,
        network.partner_operator,
        network.partner_manager,
    )
    assert moves(request) == [("requested", "accepted")]
    assert list(
        Notification.objects.filter(kind="content.request_assigned").values_list(
            "recipient", flat=True
        )
    ) == [network.partner_operator.pk]


def test_accept_refuses_someone_outside_the_organisation_as_assignee(network):
    request = sent(network)
    stranger = member(Role.PARTNER_OPERATOR, network.neighbour)

    with pytest.raises(ValidationError) as refused:
        dissemination.accept(request, by=network.partner_manager, assignee=stranger)

    assert refused.value.messages == [
        f"{stranger} is not an active member of Diskominfo Kota Palembang."
    ]
    request.refresh_from_db()
    assert request.status == Status.REQUESTED
    assert moves(request) == []


@pytest.mark.parametrize("role", ["partner_operator", "kpk_staff", "province_manager"])
def test_accept_and_decline_are_for_the_organisations_managers(network, role):
    request = sent(network)

    with pytest.raises(PermissionDenied):
        dissemination.accept(request, by=getattr(network, role))
    with pytest.raises(PermissionDenied):
        dissemination.decline(request, reason="Tidak sempat.", by=getattr(network, role))

    request.refresh_from_db()
    assert request.status == Status.REQUESTED


def test_decline_needs_a_reason_and_tells_the_kpk_sender(network):
    request = sent(network)

    with pytest.raises(ValidationError) as refused:
        dissemination.decline(request, reason="  ", by=network.partner_manager)
    assert refused.value.messages == ["Say why the request is declined."]

    dissemination.decline(request, reason="Kanal sedang dibenahi.", by=network.partner_manager)

    request.refresh_from_db()
    assert (request.status, request.decline_reason) == (Status.DECLINED, "Kanal sedang dibenahi.")
    told = Notification.objects.get(kind="content.request_declined")
    assert (told.recipient, told.context["reason"]) == (network.kpk_staff, "Kanal sedang dibenahi.")


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (Status.ACCEPTED, "accept"),
        (Status.DECLINED, "accept"),
        (Status.VERIFIED, "accept"),
        (Status.ACCEPTED, "decline"),
        (Status.PUBLISHED, "decline"),
        (Status.DECLINED, "decline"),
    ],
)
def test_answers_are_refused_once_the_request_has_moved_on(network, status, action):
    request = RequestFactory(
        organisation=network.city, status=status, decline_reason="x" if status == "declined" else ""
    )

    with pytest.raises(ValidationError) as refused:
        if action == "accept":
            dissemination.accept(request, by=network.partner_manager)
        else:
            dissemination.decline(request, reason="Tidak.", by=network.partner_manager)

    assert refused.value.messages[0].startswith(f"A request that is “{status.label}” cannot")
    request.refresh_from_db()
    assert request.status == status


def test_a_stale_request_is_refused_and_nothing_changes(network):
    request = sent(network)
    stale = Request.objects.get(pk=request.pk)
    dissemination.accept(request, by=network.partner_manager)

    with pytest.raises(ValidationError) as refused:
        dissemination.request_transition(stale, Status.DECLINED, by=network.partner_manager)

    assert refused.value.messages == [
        "Someone else changed this request meanwhile: it is now “Accepted”."
    ]


def test_assign_is_for_accepted_requests_and_members(network):
    request = sent(network)
    with pytest.raises(ValidationError) as early:
        dissemination.assign(request, assignee=network.partner_operator, by=network.partner_manager)
    assert early.value.messages == [
        "A request is assigned once it is accepted and until it is verified."
    ]
    dissemination.accept(request, by=network.partner_manager)

    dissemination.assign(request, assignee=network.partner_operator, by=network.partner_manager)

    request.refresh_from_db()
    assert request.assignee == network.partner_operator
    entry = AuditEntry.objects.get(action="content.request_assigned")
    assert entry.changes == {"assignee": [None, str(network.partner_operator)]}
    with pytest.raises(PermissionDenied):
        dissemination.assign(request, assignee=network.partner_manager, by=network.partner_operator)


def test_add_proof_publishes_the_request_and_tells_kpk(network, media):
    proof = published(network)

    request = proof.request
    request.refresh_from_db()
    assert request.status == Status.PUBLISHED
    assert moves(request) == [("requested", "accepted"), ("accepted", "published")]
    assert (proof.status, proof.submitted_by, proof.url) == (
        Proof.Status.SUBMITTED,
        network.partner_operator,
        "https://www.instagram.com/p/C0ntoh123/",
    )
    assert proof.screenshot.name.endswith(".png")
    told = set(
        Notification.objects.filter(kind="content.proof_submitted").values_list(
            "recipient", flat=True
        )
    )
    assert told == {network.kpk_staff.pk, network.kpk_manager.pk}


def test_a_second_channels_proof_keeps_the_request_published(network, media):
    proof = published(network)
    website = ChannelFactory(
        organisation=network.city, kind="website", handle="https://palembang.go.id"
    )

    dissemination.add_proof(
        proof.request,
        channel=website,
        url="https://palembang.go.id/berita/tolak-gratifikasi",
        published_at=timezone.now(),
        by=network.partner_manager,
    )

    assert proof.request.proofs.count() == 2
    assert moves(proof.request) == [("requested", "accepted"), ("accepted", "published")]


def test_add_proof_refuses_a_second_proof_on_the_same_channel(network, media):
    proof = published(network)

    with pytest.raises(ValidationError) as refused:
        dissemination.add_proof(
            proof.request,
            channel=proof.channel,
            url="https://www.instagram.com/p/Lain456/",
            published_at=timezone.now(),
            by=network.partner_operator,
        )

    assert refused.value.messages == [
        f"The proof on {proof.channel} was already given (“Waiting for verification”)."
    ]


@pytest.mark.parametrize("status", [Status.REQUESTED, Status.DECLINED, Status.VERIFIED])
def test_add_proof_is_refused_before_acceptance_and_after_the_end(network, status, media):
    request = RequestFactory(
        organisation=network.city, status=status, decline_reason="x" if status == "declined" else ""
    )
    channel = instagram(network.city)

    with pytest.raises(ValidationError) as refused:
        dissemination.add_proof(
            request,
            channel=channel,
            url="https://www.instagram.com/p/C0ntoh123/",
            screenshot=screenshot(),
            published_at=timezone.now(),
            by=network.partner_operator,
        )

    assert refused.value.messages == [
        "Proof is given once the request is accepted, and until it is verified; this request "
        f"is “{status.label}”."
    ]
    assert not Proof.objects.exists()
    assert not list(media.rglob("*.png"))


def test_add_proof_refuses_another_organisations_channel_a_future_time_and_strangers(
    network, media
):
    request = accepted(network)
    foreign = instagram(network.neighbour)

    with pytest.raises(ValidationError) as refused:
        dissemination.add_proof(
            request,
            channel=foreign,
            url="https://www.instagram.com/p/C0ntoh123/",
            published_at=timezone.now() + timedelta(hours=1),
            by=network.partner_operator,
        )

    assert refused.value.messages == [
        "Choose one of the organisation's active channels.",
        "The time of publication cannot be in the future.",
    ]
    with pytest.raises(PermissionDenied):
        dissemination.add_proof(
            request,
            channel=instagram(network.city),
            url="https://www.instagram.com/p/C0ntoh123/",
            published_at=timezone.now(),
            by=member(Role.PARTNER_OPERATOR, network.neighbour),
        )
    assert not Proof.objects.exists()


def test_offline_channels_need_a_screenshot_and_no_link(network, media):
    request = accepted(network)
    radio = ChannelFactory(organisation=network.city, kind="radio", handle="")

    with pytest.raises(ValidationError) as refused:
        dissemination.add_proof(
            request, channel=radio, published_at=timezone.now(), by=network.partner_operator
        )
    assert refused.value.messages == [
        "Add a screenshot or photo: a Radio channel has no post link to check."
    ]

    proof = dissemination.add_proof(
        request,
        channel=radio,
        screenshot=screenshot(),
        published_at=timezone.now(),
        by=network.partner_operator,
    )
    assert (proof.url, bool(proof.screenshot)) == ("", True)


def test_verify_the_only_proof_verifies_the_request_and_tells_the_partner(network, media):
    proof = published(network)

    dissemination.verify_proof(proof, by=network.kpk_staff)

    proof.refresh_from_db()
    proof.request.refresh_from_db()
    assert (proof.status, proof.reviewed_by) == (Proof.Status.VERIFIED, network.kpk_staff)
    assert proof.request.status == Status.VERIFIED
    assert moves(proof.request)[-1] == ("published", "verified")
    told = set(
        Notification.objects.filter(kind="content.proof_verified").values_list(
            "recipient", flat=True
        )
    )
    assert told == {network.partner_manager.pk, network.partner_operator.pk}


def test_verify_one_of_two_proofs_leaves_the_request_published(network, media):
    proof = published(network)
    other = dissemination.add_proof(
        proof.request,
        channel=ChannelFactory(organisation=network.city, kind="x", handle="@plg"),
        url="https://x.com/plg/status/123",
        published_at=timezone.now(),
        by=network.partner_operator,
    )

    dissemination.verify_proof(proof, by=network.kpk_staff)
    proof.request.refresh_from_db()
    assert proof.request.status == Status.PUBLISHED

    dissemination.verify_proof(other, by=network.kpk_manager)
    proof.request.refresh_from_db()
    assert proof.request.status == Status.VERIFIED


def test_return_the_last_standing_proof_sends_the_request_back_to_accepted(network, media):
    proof = published(network)

    with pytest.raises(ValidationError) as no_reason:
        dissemination.return_proof(proof, reason="", by=network.kpk_staff)
    assert no_reason.value.messages == ["Say why the proof is returned."]

    dissemination.return_proof(proof, reason="Tautan tidak bisa dibuka.", by=network.kpk_staff)

    proof.refresh_from_db()
    proof.request.refresh_from_db()
    assert (proof.status, proof.return_reason) == (
        Proof.Status.RETURNED,
        "Tautan tidak bisa dibuka.",
    )
    assert proof.request.status == Status.ACCEPTED
    told = Notification.objects.filter(kind="content.proof_returned")
    assert {n.recipient_id for n in told} == {
        network.partner_manager.pk,
        network.partner_operator.pk,
    }


def test_a_returned_proof_is_given_again_on_the_same_row(network, media):
    proof = published(network)
    dissemination.return_proof(proof, reason="Tautan salah.", by=network.kpk_staff)

    again = dissemination.add_proof(
        proof.request,
        channel=proof.channel,
        url="https://www.instagram.com/p/Benar789/",
        published_at=timezone.now(),
        by=network.partner_manager,
    )

    again.refresh_from_db()
    assert again.pk == proof.pk
    assert (again.status, again.return_reason, again.url, again.screenshot.name) == (
        Proof.Status.SUBMITTED,
        "",
        "https://www.instagram.com/p/Benar789/",
        proof.screenshot.name,
    )
    proof.request.refresh_from_db()
    assert proof.request.status == Status.PUBLISHED
    assert AuditEntry.objects.filter(action="content.proof_resubmitted").count() == 1


def test_a_checked_proof_cannot_be_checked_again_and_partners_cannot_check(network, media):
    proof = published(network)
    with pytest.raises(PermissionDenied):
        dissemination.verify_proof(proof, by=network.partner_manager)
    dissemination.verify_proof(proof, by=network.kpk_staff)

    with pytest.raises(ValidationError) as refused:
        dissemination.return_proof(proof, reason="Salah.", by=network.kpk_staff)

    assert refused.value.messages == [
        "Only a proof waiting for verification can be checked; this one is “Verified”."
    ]


def test_report_reach_keeps_every_report_and_the_latest_on_the_proof(network, media):
    proof = published(network)

    dissemination.report_reach(
        proof, views=100, reach=80, likes=10, shares=1, comments=2, by=network.partner_operator
    )
    dissemination.report_reach(
        proof, views=900, reach=700, likes=50, shares=5, comments=9, by=network.partner_manager
    )

    proof.refresh_from_db()
    assert (proof.views, proof.reach, proof.likes, proof.shares, proof.comments) == (
        900,
        700,
        50,
        5,
        9,
    )
    assert list(ReachReport.objects.order_by("pk").values_list("views", flat=True)) == [100, 900]
    assert proof.reach_reported_at is not None


@pytest.mark.parametrize(
    ("figures", "message"),
    [
        ({"views": -1}, "Views must be a whole number of 0 or more."),
        ({"likes": "12"}, "Likes must be a whole number of 0 or more."),
        ({"reach": 10**13}, "Reach is larger than any audience."),
    ],
)
def test_report_reach_refuses_bad_figures_and_stores_nothing(network, media, figures, message):
    proof = published(network)
    values = {"views": 1, "reach": 1, "likes": 1, "shares": 1, "comments": 1, **figures}

    with pytest.raises(ValidationError) as refused:
        dissemination.report_reach(proof, by=network.partner_operator, **values)

    assert refused.value.messages == [message]
    assert not ReachReport.objects.exists()


def test_report_reach_is_refused_on_a_returned_proof_and_to_strangers(network, media):
    proof = published(network)
    figures = {"views": 1, "reach": 1, "likes": 1, "shares": 1, "comments": 1}
    with pytest.raises(PermissionDenied):
        dissemination.report_reach(proof, by=network.kpk_staff, **figures)
    dissemination.return_proof(proof, reason="Salah akun.", by=network.kpk_staff)

    with pytest.raises(ValidationError) as refused:
        dissemination.report_reach(proof, by=network.partner_operator, **figures)

    assert refused.value.messages == [
        "Reach is reported on a proof that stands; give this one again first."
    ]


# Forwards to press partners.


@pytest.fixture
def outlets(network):
    first = OrganisationFactory(media=True, name="Harian Palembang Pos")
    second = OrganisationFactory(media=True, name="Sumsel Online")
    for outlet in (first, second):
        PressPartnerFactory(organisation=network.city, outlet=outlet)
        MembershipFactory(organisation=outlet, role=Role.PARTNER_MANAGER)
    return [first, second]


def test_forward_makes_requests_of_the_same_dispatch_for_the_outlets(network, outlets):
    request = accepted(network)

    forwards = dissemination.forward(request, outlets=outlets, by=network.partner_manager)

    assert sorted(
        (f.organisation.name, f.forwarded_from_id, f.dispatch_id, f.due_on) for f in forwards
    ) == [
        ("Harian Palembang Pos", request.pk, request.dispatch_id, request.due_on),
        ("Sumsel Online", request.pk, request.dispatch_id, request.due_on),
    ]
    assert Notification.objects.filter(kind="content.request_forwarded").count() == 2
    entry = AuditEntry.objects.get(action="content.request_forwarded")
    assert entry.changes["outlets"] == ["Harian Palembang Pos", "Sumsel Online"]


def test_forward_skips_outlets_that_already_have_it_and_refuses_strangers(network, outlets):
    request = accepted(network)
    dissemination.forward(request, outlets=outlets[:1], by=network.partner_manager)

    forwards = dissemination.forward(request, outlets=outlets, by=network.partner_manager)
    assert [f.organisation for f in forwards] == [outlets[1]]

    stranger = OrganisationFactory(media=True, name="Koran Lain")
    with pytest.raises(ValidationError) as refused:
        dissemination.forward(request, outlets=[stranger], by=network.partner_manager)
    assert refused.value.messages == [
        "Not a press partner of Diskominfo Kota Palembang: Koran Lain."
    ]


def test_forward_needs_an_accepted_request_and_a_manager(network, outlets):
    request = sent(network)
    with pytest.raises(ValidationError) as refused:
        dissemination.forward(request, outlets=outlets, by=network.partner_manager)
    assert refused.value.messages == ["Accept the request before forwarding it to press partners."]
    dissemination.accept(request, by=network.partner_manager)

    with pytest.raises(PermissionDenied):
        dissemination.forward(request, outlets=outlets, by=network.partner_operator)
    assert not Request.objects.filter(forwarded_from=request).exists()


def test_an_outlet_answers_and_proves_its_forward_like_any_partner(network, outlets, media):
    request = accepted(network)
    [forward] = dissemination.forward(request, outlets=outlets[:1], by=network.partner_manager)
    outlet_manager = outlets[0].memberships.get().user
    with pytest.raises(PermissionDenied):
        dissemination.forward(forward, outlets=outlets[1:], by=outlet_manager)

    dissemination.accept(forward, by=outlet_manager)
    proof = dissemination.add_proof(
        forward,
        channel=ChannelFactory(organisation=outlets[0], kind="website", handle="palembangpos.com"),
        url="https://www.palembangpos.com/berita/ilm-kpk",
        published_at=timezone.now(),
        by=outlet_manager,
    )
    dissemination.verify_proof(proof, by=network.kpk_staff)

    forward.refresh_from_db()
    assert forward.status == Status.VERIFIED
    # The Diskominfo's own request is untouched by its outlet's proof.
    request.refresh_from_db()
    assert request.status == Status.ACCEPTED
