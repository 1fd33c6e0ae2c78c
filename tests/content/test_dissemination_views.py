"""The dissemination pages: sending, the request page and its actions, screenshots."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from content import dissemination
from content.models import Proof, Request
from content.selectors import Reach, item_requests_context
from partnerships.models import Channel, Role
from tests.content.dissemination import (
    accepted,
    approved_item,
    due,
    instagram,
    published,
    screenshot,
    sent,
)
from tests.content.test_images import PDF_BYTES
from tests.factories import (
    ChannelFactory,
    MembershipFactory,
    OrganisationFactory,
    PressPartnerFactory,
    ReachReportFactory,
    member,
)
from tests.helpers import finish, messages_of

Status = Request.Status


def page_of(request):
    return reverse("content:request_detail", args=[request.pk])


# Sending


def test_send_page_sends_to_the_organisations_and_provinces_chosen(client_as, network):
    item = approved_item(network)
    sent(network, item=item)
    client = client_as(network.kpk_staff)

    form = client.get(reverse("content:send", args=[item.pk]))
    response = client.post(
        reverse("content:send", args=[item.pk]),
        {
            "organisations": [network.city.pk],
            "provinces": ["16"],
            "with_regencies": "on",
            "due_on": due().isoformat(),
            "platforms": ["instagram", "youtube"],
            "message": "Mohon ditayangkan minggu ini.",
        },
    )

    assert form.status_code == 200
    assert response.url == reverse("content:item_detail", args=[item.pk])
    assert messages_of(response) == [
        "Sent to 2 organisations. 1 skipped: it already has a pending request for this content."
    ]
    assert set(item.requests.values_list("organisation", flat=True)) == {
        network.city.pk,
        network.province.pk,
        network.neighbour.pk,
    }


def test_send_page_shows_the_services_refusal(client_as, network):
    item = approved_item(network)

    response = client_as(network.kpk_staff).post(
        reverse("content:send", args=[item.pk]),
        {"organisations": [network.city.pk], "due_on": "2000-01-01"},
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["The due date cannot be in the past."]
    assert not Request.objects.exists()


def test_send_page_needs_someone_to_send_to(client_as, network):
    item = approved_item(network)

    response = client_as(network.kpk_staff).post(
        reverse("content:send", args=[item.pk]), {"due_on": due().isoformat()}
    )

    assert response.context["form"].errors == {
        "organisations": ["Choose organisations, or provinces, to send it to."]
    }


def test_send_page_offers_what_was_searched_and_keeps_what_was_chosen(client_as, network):
    item = approved_item(network)

    response = client_as(network.kpk_staff).post(
        reverse("content:send", args=[item.pk]),
        {"organisations": [network.city.pk], "organisations_search": "Ogan"},
    )

    offered = [
        value for value, _label in response.context["form"].fields["organisations"].widget.choices
    ]
    html = response.content.decode()
    assert "Diskominfo Kabupaten Ogan Ilir" in html
    assert "Diskominfo Kota Palembang" in html
    assert "Harian Sriwijaya Pos" not in html
    assert offered  # the widget's full queryset stays the field's


@pytest.mark.parametrize("role", ["partner_manager", "partner_operator", "province_manager"])
def test_send_page_is_for_kpk(client_as, network, role):
    item = approved_item(network)

    assert (
        client_as(getattr(network, role)).get(reverse("content:send", args=[item.pk])).status_code
        == 403
    )


# The request page


def test_request_page_shows_the_request_and_the_managers_answer_forms(client_as, network):
    request = sent(network)

    page = client_as(network.partner_manager).get(page_of(request))

    html = page.content.decode()
    assert page.context["req"] == request
    assert 'data-testid="accept-form"' in html
    assert 'data-testid="decline-form"' in html
    assert 'data-testid="add-proof"' not in html


def test_an_operator_sees_the_request_but_not_the_answer_forms(client_as, network):
    request = accepted(network)

    html = client_as(network.partner_operator).get(page_of(request)).content.decode()

    assert 'data-testid="accept-form"' not in html
    assert 'data-testid="assign-form"' not in html
    assert 'data-testid="add-proof"' in html


@pytest.mark.parametrize("role", ["province_manager"])
def test_another_partner_gets_404_and_nothing_of_the_request(client_as, network, role):
    request = sent(network, organisations=[network.neighbour])
    stranger = member(Role.PARTNER_MANAGER, network.foreign)

    for user in (stranger, network.partner_manager, getattr(network, role)):
        response = client_as(user).get(page_of(request))
        assert response.status_code == 404
        assert "Ogan Ilir" not in response.content.decode()


@pytest.fixture
def forwarded(network):
    outlet = OrganisationFactory(media=True, name="Sumsel Pos")
    outlet_manager = member(Role.PARTNER_MANAGER, outlet)
    PressPartnerFactory(organisation=network.city, outlet=outlet)
    request = accepted(network)
    [forward] = dissemination.forward(request, outlets=[outlet], by=network.partner_manager)
    return request, forward, outlet_manager


def test_an_outlet_sees_only_what_was_forwarded_to_it(client_as, network, forwarded):
    request, forward, outlet_manager = forwarded
    client = client_as(outlet_manager)

    own = client.get(page_of(forward))
    theirs = client.get(page_of(request))

    assert own.status_code == 200
    assert 'data-testid="accept-form"' in own.content.decode()
    # The chain names who forwarded it, without a link to a request the outlet may not open.
    assert own.context["forwarded_from_visible"] is False
    assert theirs.status_code == 404


def test_the_forwarder_sees_its_forward_read_only_and_kpk_sees_the_chain(
    client_as, network, forwarded
):
    request, forward, _outlet_manager = forwarded

    read_only = client_as(network.partner_manager).get(page_of(forward))
    chain = client_as(network.kpk_staff).get(page_of(request))

    assert read_only.status_code == 200
    assert not read_only.context["actions"]
    assert [f.organisation.name for f in chain.context["req"].forwards.all()] == ["Sumsel Pos"]
    assert 'data-testid="forward"' in chain.content.decode()


def _request_page_queries(client, request) -> int:
    client.get(page_of(request))
    with CaptureQueriesContext(connection) as context:
        response = client.get(page_of(request))
    assert response.status_code == 200
    return len(context.captured_queries)


def test_request_page_queries_do_not_grow_with_proofs_and_reach_reports(client_as, network, media):
    proof = published(network)
    client = client_as(network.kpk_staff)
    few = _request_page_queries(client, proof.request)

    for kind in ("facebook", "x", "tiktok"):
        other = Proof.objects.create(
            request=proof.request,
            channel=ChannelFactory(organisation=network.city, kind=kind, handle=""),
            url="https://example.id/",
            published_at=timezone.now(),
        )
        for _ in range(3):
            ReachReportFactory(proof=other)
    many = _request_page_queries(client, proof.request)

    assert many == few


def test_accept_through_the_page_assigns_the_operator(client_as, network):
    request = sent(network)

    response = client_as(network.partner_manager).post(
        reverse("content:request_accept", args=[request.pk]),
        {"assignee": network.partner_operator.pk},
    )

    assert messages_of(response) == ["The request is accepted."]
    request.refresh_from_db()
    assert (request.status, request.assignee) == (Status.ACCEPTED, network.partner_operator)


def test_accept_through_the_page_refuses_someone_outside(client_as, network):
    request = sent(network)
    stranger = member(Role.PARTNER_OPERATOR, network.neighbour)

    response = client_as(network.partner_manager).post(
        reverse("content:request_accept", args=[request.pk]), {"assignee": stranger.pk}
    )

    assert messages_of(response) == ["Choose a member of the organisation, or nobody yet."]
    request.refresh_from_db()
    assert request.status == Status.REQUESTED


def test_decline_through_the_page_needs_a_reason(client_as, network):
    request = sent(network)
    client = client_as(network.partner_manager)
    path = reverse("content:request_decline", args=[request.pk])

    empty = client.post(path, {"reason": ""})
    done = client.post(path, {"reason": "Kanal sedang dibenahi."})

    assert messages_of(empty)[0] == "Say why the request is declined."
    assert messages_of(done)[-1] == "The request is declined; KPK has been told why."
    request.refresh_from_db()
    assert request.status == Status.DECLINED


def test_operators_may_not_answer_through_the_page(client_as, network):
    request = sent(network)

    response = client_as(network.partner_operator).post(
        reverse("content:request_accept", args=[request.pk])
    )

    assert response.status_code == 403


def test_assign_and_forward_through_the_page(client_as, network):
    outlet = OrganisationFactory(media=True, name="Sumsel Pos")
    PressPartnerFactory(organisation=network.city, outlet=outlet)
    request = accepted(network)
    client = client_as(network.partner_manager)

    page = client.get(page_of(request))
    offered = list(page.context["forward_form"].fields["outlets"].queryset)
    assigned = client.post(
        reverse("content:request_assign", args=[request.pk]),
        {"assignee": network.partner_manager.pk},
    )
    forwarded = client.post(
        reverse("content:request_forward", args=[request.pk]), {"outlets": [outlet.pk]}
    )

    assert offered == [outlet]
    assert messages_of(assigned) == [f"{network.partner_manager} publishes it."]
    assert messages_of(forwarded)[-1] == "Forwarded to 1 press partner."
    assert Request.objects.filter(forwarded_from=request, organisation=outlet).exists()


def test_proof_page_records_a_proof_with_its_screenshot(client_as, network, media):
    request = accepted(network)
    channel = instagram(network.city)
    client = client_as(network.partner_operator)

    response = client.post(
        reverse("content:proof_add", args=[request.pk]),
        {
            "channel": channel.pk,
            "url": "https://www.instagram.com/p/C0ntoh123/",
            "screenshot": screenshot(),
            "published_at": (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        },
    )

    assert response.url == page_of(request)
    proof = request.proofs.get()
    assert proof.status == Proof.Status.SUBMITTED
    request.refresh_from_db()
    assert request.status == Status.PUBLISHED


def test_proof_page_refuses_a_pdf_screenshot_and_stores_nothing(client_as, network, media):
    request = accepted(network)
    channel = instagram(network.city)

    response = client_as(network.partner_operator).post(
        reverse("content:proof_add", args=[request.pk]),
        {
            "channel": channel.pk,
            "url": "https://www.instagram.com/p/C0ntoh123/",
            "screenshot": SimpleUploadedFile("bukti.jpg", PDF_BYTES),
            "published_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        },
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "The screenshot is not accepted: Only JPEG, PNG, WebP and GIF images are accepted, "
        "and this file is none of them."
    ]
    assert not Proof.objects.exists()
    assert [path for path in media.rglob("*") if path.is_file()] == []


def test_verify_return_and_reach_through_the_page(client_as, network, media):
    proof = published(network)
    kpk = client_as(network.kpk_staff)

    returned = kpk.post(reverse("content:proof_return", args=[proof.pk]), {"reason": "Buram."})
    proof.refresh_from_db()
    assert messages_of(returned) == ["The proof is returned to the partner."]
    assert proof.status == Proof.Status.RETURNED

    Proof.objects.filter(pk=proof.pk).update(status=Proof.Status.SUBMITTED)
    verified = kpk.post(reverse("content:proof_verify", args=[proof.pk]))
    assert messages_of(verified)[-1] == "The proof is verified."

    partner = client_as(network.partner_operator)
    bad = partner.post(
        reverse("content:proof_reach", args=[proof.pk]),
        {"views": "-5", "reach": "1", "likes": "1", "shares": "1", "comments": "1"},
    )
    good = partner.post(
        reverse("content:proof_reach", args=[proof.pk]),
        {"views": "500", "reach": "400", "likes": "30", "shares": "2", "comments": "4"},
    )
    assert messages_of(bad)[-1] == "Views: Ensure this value is greater than or equal to 0."
    assert messages_of(good)[-1] == "The reach figures are recorded."
    proof.refresh_from_db()
    assert (proof.views, proof.reach) == (500, 400)


def test_partners_may_not_verify_and_kpk_may_not_report_reach(client_as, network, media):
    proof = published(network)

    assert (
        client_as(network.partner_manager)
        .post(reverse("content:proof_verify", args=[proof.pk]))
        .status_code
        == 403
    )
    assert (
        client_as(network.kpk_staff)
        .post(reverse("content:proof_reach", args=[proof.pk]), {"views": "1"})
        .status_code
        == 403
    )


def test_the_screenshot_is_served_to_who_may_see_the_request_and_never_sniffed(
    client_as, network, media
):
    proof = published(network)
    path = reverse("content:proof_screenshot", args=[proof.pk])

    response = client_as(network.partner_operator).get(path)
    finish(response)
    stranger = client_as(member(Role.PARTNER_MANAGER, network.neighbour)).get(path)

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "image/png"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "private, no-store"
    assert stranger.status_code == 404


# The item page's part


def test_item_requests_context_counts_and_sums_what_the_user_may_see(network, media):
    item = approved_item(network)
    proof = published(network, item=item)
    dissemination.report_reach(
        proof, views=100, reach=80, likes=10, shares=1, comments=2, by=network.partner_operator
    )
    sent(network, item=item, organisations=[network.neighbour])

    for_kpk = item_requests_context(item, network.kpk_staff)["item_requests"]
    for_city = item_requests_context(item, network.partner_manager)["item_requests"]

    assert for_kpk.total == 2
    assert [(s, c) for s, _label, c in for_kpk.status_counts] == [
        ("requested", 1),
        ("published", 1),
    ]
    assert (for_kpk.reach.views, for_kpk.reach.reach, for_kpk.can_send) == (100, 80, True)
    assert [r.organisation_name for r in for_city.requests] == [network.city.name]
    assert for_city.can_send is False


def test_item_requests_context_counts_a_request_once_whatever_its_proofs_and_sums_standing_ones(
    network,
):
    from tests.factories import DispatchFactory, ProofFactory, RequestFactory

    item = approved_item(network)
    dispatch = DispatchFactory(item=item)
    proved = RequestFactory(dispatch=dispatch, status=Status.PUBLISHED)
    ProofFactory(request=proved, views=100, reach=80, comments=3)
    ProofFactory(request=proved, channel__kind=Channel.Kind.FACEBOOK, views=20, reach=10)
    ProofFactory(
        request=proved,
        channel__kind=Channel.Kind.YOUTUBE,
        status=Proof.Status.RETURNED,
        return_reason="Tautan tidak dapat dibuka.",
        views=5000,
        reach=4000,
    )
    RequestFactory(dispatch=dispatch, status=Status.REQUESTED)

    context = item_requests_context(item, network.kpk_manager)["item_requests"]

    assert context.total == 2
    assert [(s, c) for s, _label, c in context.status_counts] == [
        ("requested", 1),
        ("published", 1),
    ]
    assert context.reach == Reach(views=120, reach=90, likes=0, shares=0, comments=3)


def test_the_item_page_shows_its_requests(client_as, network):
    item = approved_item(network)
    sent(network, item=item)

    html = (
        client_as(network.kpk_staff)
        .get(reverse("content:item_detail", args=[item.pk]))
        .content.decode()
    )

    assert 'data-testid="item-request"' in html
    assert 'data-testid="send"' in html


def test_item_requests_context_queries_do_not_grow_with_requests(network):
    item = approved_item(network)
    sent(network, item=item)

    def queries():
        user = type(network.kpk_staff).objects.get(pk=network.kpk_staff.pk)
        with CaptureQueriesContext(connection) as context:
            item_requests_context(item, user)
        return len(context.captured_queries)

    few = queries()
    extra = [OrganisationFactory(name=f"Diskominfo Tambahan {n}") for n in range(5)]
    for organisation in extra:
        MembershipFactory(organisation=organisation, role=Role.PARTNER_MANAGER)
    sent(network, item=item, organisations=extra)
    assert queries() == few


# --- Speed at national scale (branch `bench`): the item page of a busy item. -----------------


def _busy(network, item, dispatches: int) -> None:
    """``dispatches`` more dispatches of ``item``, each to Palembang and another Diskominfo,
    proved with a reach report, Palembang's forwarded to an outlet."""
    from tests.factories import DispatchFactory, ProofFactory, RequestFactory

    for _ in range(dispatches):
        dispatch = DispatchFactory(item=item)
        for organisation in (network.city, OrganisationFactory()):
            request = RequestFactory(
                dispatch=dispatch, organisation=organisation, status=Status.PUBLISHED
            )
            ReachReportFactory(proof=ProofFactory(request=request))
            if organisation == network.city:
                RequestFactory(
                    dispatch=dispatch,
                    organisation=OrganisationFactory(media=True),
                    forwarded_from=request,
                    status=Status.ACCEPTED,
                )


@pytest.mark.parametrize("role", ["kpk_manager", "partner_manager"])
def test_item_page_queries_do_not_grow_with_requests_proofs_and_forwards(network, client_as, role):
    from tests.helpers import count_queries

    item = approved_item(network)
    client = client_as(getattr(network, role))
    page = reverse("content:item_detail", args=[item.pk])
    _busy(network, item, 1)
    few = count_queries(lambda: client.get(page))

    _busy(network, item, 6)
    many = count_queries(lambda: client.get(page))

    assert many == few


def test_item_page_lists_the_newest_requests_with_their_proof_counts(network, monkeypatch):
    from content import selectors

    monkeypatch.setattr(selectors, "ITEM_REQUESTS_SHOWN", 4)
    item = approved_item(network)
    _busy(network, item, 3)
    newest = list(Request.objects.filter(item=item).order_by("-created_at", "-pk")[:4])

    context = item_requests_context(item, network.kpk_manager)["item_requests"]

    assert [request.pk for request in context.requests] == [request.pk for request in newest]
    assert [request.proof_count for request in context.requests] == [
        request.proofs.count() for request in newest
    ]
    assert (context.total, context.more) == (9, 5)


def test_item_page_rows_name_the_forwarder_and_the_assignee_as_their_models_do(network):
    from tests.factories import DispatchFactory, RequestFactory, UserFactory

    item = approved_item(network)
    dispatch = DispatchFactory(item=item)
    named = OrganisationFactory(name="Diskominfo Kota Prabumulih", short_name="Kominfo PBM")
    unnamed = OrganisationFactory(name="Diskominfo Kabupaten Musi Rawas", short_name="")
    rows = []
    for organisation, assignee in (
        (named, UserFactory(full_name="Rina Marlina")),
        (unnamed, UserFactory(full_name="")),
    ):
        source = RequestFactory(dispatch=dispatch, organisation=organisation, assignee=assignee)
        forward = RequestFactory(
            dispatch=dispatch, organisation=OrganisationFactory(media=True), forwarded_from=source
        )
        rows += [source, forward]

    shown = {
        row.pk: row
        for row in item_requests_context(item, network.kpk_manager)["item_requests"].requests
    }

    assert {
        pk: (row.organisation_name, row.forwarded_by, row.assignee_name)
        for pk, row in shown.items()
    } == {
        request.pk: (
            request.organisation.name,
            request.forwarded_from.organisation.display_name if request.forwarded_from else None,
            str(request.assignee) if request.assignee else None,
        )
        for request in rows
    }
    assert shown[rows[2].pk].assignee_name == rows[2].assignee.email
    assert shown[rows[3].pk].forwarded_by == "Diskominfo Kabupaten Musi Rawas"
