"""Corrections and withdrawals: KPK tells every partner that holds an item, each confirms once.

Services (issue_notice, confirm_notice), the item's notices section and its selector, the
tracker's unconfirmed counts, and the pages (create, confirm, screenshot).
"""

from dataclasses import dataclass

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from audit.actions import lines, verb
from audit.models import AuditEntry
from content import services
from content.models import ContentItem, ItemVersion, Notice, NoticeConfirmation, Request
from content.selectors import item_notices_context, unconfirmed_counts
from notifications.kinds import get_kind
from notifications.models import Notification
from partnerships.models import Role
from tests.content.media import PDF, upload
from tests.content.test_images import photo_with_gps, png
from tests.factories import (
    ContentItemFactory,
    DispatchFactory,
    ItemVersionFactory,
    OrganisationFactory,
    RequestFactory,
    UserFactory,
    member,
)
from tests.helpers import messages_of, stored_files

Status = Request.Status


@dataclass
class Sent:
    """An approved KPK item sent to five partners, one of them forwarding it to an outlet."""

    item: ContentItem
    city: Request  # accepted, assigned to the city's operator
    province: Request  # published
    foreign: Request  # verified
    outlet: Request  # forwarded by the province to its press partner, scheduled
    neighbour: Request  # not answered yet: not told
    declined: Request  # declined: not told
    foreign_manager: object
    outlet_manager: object
    neighbour_manager: object
    declined_manager: object


@pytest.fixture
def sent(network):
    item = ContentItemFactory(
        approved=True, owner=network.kpk, title="Infografis Gratifikasi", created_by=None
    )
    dispatch = DispatchFactory(item=item, sent_by=network.kpk_staff)
    declining = OrganisationFactory(name="Diskominfo Kabupaten Banyuasin", regency_id="16.07")
    province = RequestFactory(
        dispatch=dispatch, organisation=network.province, status=Status.PUBLISHED
    )
    return Sent(
        item=item,
        city=RequestFactory(
            dispatch=dispatch,
            organisation=network.city,
            status=Status.ACCEPTED,
            assignee=network.partner_operator,
        ),
        province=province,
        foreign=RequestFactory(
            dispatch=dispatch, organisation=network.foreign, status=Status.VERIFIED
        ),
        outlet=RequestFactory(
            dispatch=dispatch,
            organisation=network.provincial_media,
            forwarded_from=province,
            status=Status.SCHEDULED,
        ),
        neighbour=RequestFactory(dispatch=dispatch, organisation=network.neighbour),
        declined=RequestFactory(
            dispatch=dispatch,
            organisation=declining,
            status=Status.DECLINED,
            decline_reason="Kanal kami sedang dalam perbaikan.",
        ),
        foreign_manager=member(Role.PARTNER_MANAGER, network.foreign, language="en"),
        outlet_manager=member(Role.PARTNER_MANAGER, network.provincial_media, language="en"),
        neighbour_manager=member(Role.PARTNER_MANAGER, network.neighbour, language="en"),
        declined_manager=member(Role.PARTNER_MANAGER, declining, language="en"),
    )


def held(sent):
    return [sent.city, sent.province, sent.foreign, sent.outlet]


def correct(sent, network, reason="Nomor pengaduan diperbarui menjadi 198."):
    return services.issue_notice(
        sent.item, kind=Notice.Kind.CORRECTION, reason=reason, by=network.kpk_staff
    )


def withdraw(sent, network, reason="Data dalam infografis keliru."):
    return services.issue_notice(
        sent.item, kind=Notice.Kind.WITHDRAWAL, reason=reason, by=network.kpk_staff
    )


def confirmation_of(notice, request):
    return NoticeConfirmation.objects.get(notice=notice, request=request)


def entries(item, action):
    return list(
        AuditEntry.objects.filter(target_id=str(item.pk), action=action).order_by("sequence")
    )


# Issuing


def test_issue_notice_correction_keeps_the_corrected_state_as_the_next_version(sent, network):
    ItemVersionFactory(item=sent.item, number=2)
    services.update_item(sent.item, title="Infografis Gratifikasi (revisi)", by=network.kpk_staff)

    notice = correct(sent, network)

    version = notice.version
    assert version.number == 3
    assert version.snapshot["title"] == "Infografis Gratifikasi (revisi)"
    assert version.decision == ItemVersion.Decision.APPROVED
    assert version.decided_by == network.kpk_staff
    assert version.note == "Nomor pengaduan diperbarui menjadi 198."
    sent.item.refresh_from_db()
    assert sent.item.status == ContentItem.Status.APPROVED


def test_issue_notice_opens_one_confirmation_per_request_that_holds_the_item(sent, network):
    notice = correct(sent, network)

    rows = NoticeConfirmation.objects.filter(notice=notice)
    assert sorted(rows.values_list("request_id", flat=True)) == sorted(r.pk for r in held(sent))
    assert list(rows.values_list("confirmed_at", flat=True)) == [None] * 4


def test_issue_notice_tells_the_managers_and_assignees_of_those_partners_only(sent, network):
    notice = correct(sent, network)

    told = Notification.objects.filter(kind="content.corrected")
    assert sorted(told.values_list("recipient__email", flat=True)) == sorted(
        [
            network.partner_manager.email,
            network.partner_operator.email,  # the city's request's assignee
            network.province_manager.email,
            sent.foreign_manager.email,
            sent.outlet_manager.email,
        ]
    )
    city_link = reverse("content:notice_confirm", args=[confirmation_of(notice, sent.city).pk])
    assert set(
        told.filter(recipient__in=[network.partner_manager, network.partner_operator]).values_list(
            "target_url", flat=True
        )
    ) == {city_link}
    # Partners read email by default; the sentence quotes the reason.
    manager = told.get(recipient=network.partner_manager)
    assert manager.mode == "email"
    assert manager.context == {"reason": "Nomor pengaduan diperbarui menjadi 198."}
    assert manager.target_label == "Infografis Gratifikasi"


def test_issue_notice_is_audited_on_the_item(sent, network):
    notice = correct(sent, network)

    [entry] = entries(sent.item, "content.notice_issued")
    assert entry.actor == network.kpk_staff
    assert entry.changes == {
        "notice": notice.pk,
        "notice_kind": "correction",
        "reason": "Nomor pengaduan diperbarui menjadi 198.",
        "partners": 4,
        "version": 1,
    }


def test_issue_notice_writes_every_confirmation_in_one_insert(sent, network):
    dispatch = sent.city.dispatch
    for number in range(30):
        RequestFactory(
            dispatch=dispatch,
            organisation=OrganisationFactory(name=f"Diskominfo Contoh {number:02}"),
            status=Status.ACCEPTED,
        )

    with CaptureQueriesContext(connection) as queries:
        notice = correct(sent, network)

    inserts = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].startswith('INSERT INTO "content_noticeconfirmation"')
    ]
    assert len(inserts) == 1
    assert notice.confirmations.count() == 34


def test_issue_notice_withdrawal_archives_the_item_and_tells_the_partners(sent, network):
    notice = withdraw(sent, network)

    sent.item.refresh_from_db()
    assert sent.item.status == ContentItem.Status.ARCHIVED
    assert notice.version is None
    assert notice.confirmations.count() == 4
    assert Notification.objects.filter(kind="content.withdrawn").count() == 5
    assert len(entries(sent.item, "content.notice_issued")) == 1
    # The item moved through its one door, audited as a move of its own.
    [move] = entries(sent.item, "content.status_changed")
    assert (move.changes["from"], move.changes["to"]) == ("approved", "archived")


def test_issue_notice_withdrawn_item_cannot_be_withdrawn_again(sent, network):
    withdraw(sent, network)

    with pytest.raises(ValidationError) as refusal:
        withdraw(sent, network)

    assert refusal.value.messages == ["Only approved content can be corrected or withdrawn."]
    assert Notice.objects.count() == 1


@pytest.mark.parametrize("role", ["partner_manager", "partner_operator", "province_manager"])
def test_issue_notice_by_a_partner_is_refused_and_writes_nothing(sent, network, role):
    with pytest.raises(PermissionDenied):
        services.issue_notice(
            sent.item, kind=Notice.Kind.WITHDRAWAL, reason="Keliru.", by=getattr(network, role)
        )

    sent.item.refresh_from_db()
    assert sent.item.status == ContentItem.Status.APPROVED
    assert Notice.objects.count() == 0
    assert Notification.objects.count() == 0


def test_issue_notice_on_unapproved_content_is_refused(network):
    draft = ContentItemFactory(owner=network.kpk)
    RequestFactory(dispatch__item=draft, organisation=network.city, status=Status.ACCEPTED)

    with pytest.raises(ValidationError) as refusal:
        services.issue_notice(
            draft, kind=Notice.Kind.CORRECTION, reason="Keliru.", by=network.kpk_staff
        )

    assert refusal.value.messages == ["Only approved content can be corrected or withdrawn."]
    assert Notice.objects.count() == 0
    assert ItemVersion.objects.count() == 0


def test_issue_notice_when_no_partner_holds_the_item_is_refused(sent, network):
    Request.objects.filter(pk__in=[r.pk for r in held(sent)]).update(status=Status.REQUESTED)

    with pytest.raises(ValidationError) as refusal:
        withdraw(sent, network)

    assert refusal.value.messages == [
        "No partner has accepted this content yet, so there is nobody to tell."
    ]
    sent.item.refresh_from_db()
    assert sent.item.status == ContentItem.Status.APPROVED
    assert Notice.objects.count() == 0


def test_issue_notice_needs_a_kind_and_a_reason(sent, network):
    with pytest.raises(ValidationError) as refusal:
        services.issue_notice(sent.item, kind="apology", reason="  ", by=network.kpk_staff)

    assert refusal.value.message_dict == {
        "kind": ["Choose a correction or a withdrawal."],
        "reason": ["Tell the partners what changed and why."],
    }
    assert Notice.objects.count() == 0


# Confirming


def test_confirm_notice_correction_with_the_updated_post_link(sent, network):
    notice = correct(sent, network)
    confirmation = confirmation_of(notice, sent.city)

    done = services.confirm_notice(
        confirmation,
        by=network.partner_operator,
        proof_url="https://www.instagram.com/p/KPK-revisi/",
    )

    assert done.confirmed_by == network.partner_operator
    assert done.confirmed_at is not None
    assert done.proof_url == "https://www.instagram.com/p/KPK-revisi/"
    [entry] = entries(sent.item, "content.notice_confirmed")
    assert entry.changes == {
        "notice": notice.pk,
        "confirmation": confirmation.pk,
        "notice_kind": "correction",
        "organisation": "Diskominfo Kota Palembang",
        "proof_url": "https://www.instagram.com/p/KPK-revisi/",
        "screenshot": False,
        "note": "",
    }


def test_confirm_notice_tells_the_issuer_in_the_app(sent, network):
    notice = correct(sent, network)

    services.confirm_notice(
        confirmation_of(notice, sent.city),
        by=network.partner_manager,
        proof_url="https://www.instagram.com/p/KPK-revisi/",
    )

    [told] = Notification.objects.filter(kind="content.notice_confirmed")
    assert told.recipient == network.kpk_staff
    assert told.mode == "in_app"
    assert told.context == {"organisation": "Diskominfo Kota Palembang", "kind": "correction"}
    assert told.target_url == reverse("content:item_detail", args=[sent.item.pk]) + "#notices"


def test_confirm_notice_correction_without_link_or_screenshot_is_refused(sent, network):
    confirmation = confirmation_of(correct(sent, network), sent.city)

    with pytest.raises(ValidationError) as refusal:
        services.confirm_notice(confirmation, by=network.partner_manager, note="Sudah.")

    assert refusal.value.message_dict == {
        "proof_url": ["Give the link to the updated post, or a screenshot of it."]
    }
    confirmation.refresh_from_db()
    assert confirmation.confirmed_at is None


def test_confirm_notice_withdrawal_needs_a_note_or_screenshot_not_only_a_link(sent, network):
    confirmation = confirmation_of(withdraw(sent, network), sent.city)

    with pytest.raises(ValidationError) as refusal:
        services.confirm_notice(
            confirmation,
            by=network.partner_manager,
            proof_url="https://www.instagram.com/p/KPK1/",
        )

    assert refusal.value.message_dict == {
        "note": [
            "Say where and when the post was taken down, or add a screenshot showing it is gone."
        ]
    }
    done = services.confirm_notice(
        confirmation, by=network.partner_manager, note="Dihapus dari Instagram pukul 10.00."
    )
    assert done.note == "Dihapus dari Instagram pukul 10.00."


def test_confirm_notice_screenshot_is_kept_as_a_clean_copy(sent, network, media):
    confirmation = confirmation_of(withdraw(sent, network), sent.city)

    done = services.confirm_notice(
        confirmation,
        by=network.partner_manager,
        screenshot=upload(photo_with_gps(), "tangkapan.png"),
    )

    assert done.screenshot.name.startswith(f"content/notices/{done.notice_id}/")
    assert done.screenshot.name.endswith(".jpg")
    with Image.open(done.screenshot.path) as kept:
        assert kept.format == "JPEG"
        assert dict(kept.getexif()) == {}


@pytest.mark.parametrize(
    "content, name, message",
    [
        pytest.param(
            PDF,
            "tangkapan.jpg",
            "Only JPEG, PNG, WebP and GIF images are accepted, and this file is none of them.",
            id="a-pdf",
        ),
        pytest.param(
            png()[:60],
            "tangkapan.png",
            "The image is damaged or incomplete, so it cannot be read.",
            id="truncated",
        ),
    ],
)
def test_confirm_notice_bad_screenshot_is_refused_and_nothing_is_stored(
    sent, network, media, content, name, message
):
    confirmation = confirmation_of(withdraw(sent, network), sent.city)

    with pytest.raises(ValidationError) as refusal:
        services.confirm_notice(
            confirmation, by=network.partner_manager, screenshot=upload(content, name)
        )

    assert refusal.value.message_dict == {"screenshot": [message]}
    assert stored_files(media) == []
    confirmation.refresh_from_db()
    assert confirmation.confirmed_at is None
    assert confirmation.screenshot.name == ""


def test_confirm_notice_twice_is_refused_and_keeps_the_first(sent, network):
    confirmation = confirmation_of(correct(sent, network), sent.city)
    services.confirm_notice(
        confirmation, by=network.partner_manager, proof_url="https://www.instagram.com/p/A/"
    )

    with pytest.raises(ValidationError) as refusal:
        services.confirm_notice(
            confirmation, by=network.partner_operator, proof_url="https://www.instagram.com/p/B/"
        )

    assert refusal.value.messages == ["Your organisation has already confirmed this notice."]
    confirmation.refresh_from_db()
    assert confirmation.proof_url == "https://www.instagram.com/p/A/"
    assert confirmation.confirmed_by == network.partner_manager


@pytest.mark.parametrize("who", ["foreign_manager", "kpk_staff", "province_manager"])
def test_confirm_notice_by_anyone_but_the_organisations_members_is_refused(sent, network, who):
    confirmation = confirmation_of(correct(sent, network), sent.city)
    person = getattr(sent, who, None) or getattr(network, who)

    with pytest.raises(PermissionDenied):
        services.confirm_notice(confirmation, by=person, proof_url="https://www.instagram.com/p/A/")

    confirmation.refresh_from_db()
    assert confirmation.confirmed_at is None


def test_confirm_notice_bad_link_is_refused(sent, network):
    confirmation = confirmation_of(correct(sent, network), sent.city)

    with pytest.raises(ValidationError) as refusal:
        services.confirm_notice(
            confirmation, by=network.partner_manager, proof_url="javascript:alert(1)"
        )

    assert refusal.value.message_dict["proof_url"][0] == "Enter the post's full link (https://…)."


# The tracker's count


def test_unconfirmed_counts_per_request_in_one_query(sent, network, django_assert_num_queries):
    first = correct(sent, network)
    withdraw(sent, network)
    services.confirm_notice(
        confirmation_of(first, sent.city),
        by=network.partner_manager,
        proof_url="https://www.instagram.com/p/A/",
    )
    ids = [sent.city.pk, sent.province.pk, sent.neighbour.pk]

    with django_assert_num_queries(1):
        counts = unconfirmed_counts(ids)

    assert counts == {sent.city.pk: 1, sent.province.pk: 2, sent.neighbour.pk: 0}


def test_unconfirmed_counts_of_nothing_asks_nothing(django_assert_num_queries, db):
    with django_assert_num_queries(0):
        assert unconfirmed_counts([]) == {}


# The item's notices section


def test_item_notices_kpk_sees_every_partner_and_the_count(sent, network):
    notice = correct(sent, network)
    services.confirm_notice(
        confirmation_of(notice, sent.city),
        by=network.partner_manager,
        proof_url="https://www.instagram.com/p/A/",
    )

    context = item_notices_context(sent.item, network.kpk_manager)
    html = render_to_string("content/includes/item_notices.html", context)

    [block] = context["notice_blocks"]
    assert (block.confirmed, block.total) == (1, 4)
    assert [row.request.organisation.name for row in block.waiting] == [
        "Diskominfo Kota Medan",
        "Diskominfo Provinsi Sumatera Selatan",
        "Harian Sriwijaya Pos",
    ]
    assert context["can_issue_notice"] is True
    assert "confirmed 1 of 4" in html
    assert "Diskominfo Kota Medan" in html


def test_item_notices_a_partner_sees_only_its_own_row(sent, network):
    notice = correct(sent, network)

    context = item_notices_context(sent.item, network.partner_operator)
    html = render_to_string("content/includes/item_notices.html", context)

    [block] = context["notice_blocks"]
    assert [row.request_id for row in block.rows] == [sent.city.pk]
    assert block.rows[0].may_confirm is True
    assert context["can_issue_notice"] is False
    assert "confirmed 0 of 1" in html
    assert reverse("content:notice_confirm", args=[confirmation_of(notice, sent.city).pk]) in html
    for other in ("Diskominfo Kota Medan", "Harian Sriwijaya Pos", "Sumatera Selatan"):
        assert other not in html


def test_item_notices_a_partner_not_told_sees_no_notice(sent, network):
    correct(sent, network)

    context = item_notices_context(sent.item, sent.neighbour_manager)

    assert context["notice_blocks"] == []
    assert render_to_string("content/includes/item_notices.html", context).strip() == ""


def test_item_notices_queries_do_not_grow_with_partners(sent, network):
    correct(sent, network)
    withdraw(sent, network)

    def queries():
        user = UserFactory._meta.model.objects.get(pk=network.kpk_manager.pk)
        with CaptureQueriesContext(connection) as captured:
            item_notices_context(sent.item, user)
        return len(captured.captured_queries)

    few = queries()
    notice = Notice.objects.first()
    for number in range(20):
        request = RequestFactory(
            dispatch=sent.city.dispatch,
            organisation=OrganisationFactory(name=f"Diskominfo Contoh {number:02}"),
            status=Status.ACCEPTED,
        )
        NoticeConfirmation.objects.create(notice=notice, request=request)

    assert queries() == few


# The pages


def test_notice_create_page_says_how_many_partners_are_told(client_as, sent, network):
    response = client_as(network.kpk_staff).get(
        reverse("content:notice_create", args=[sent.item.pk])
    )

    assert response.status_code == 200
    assert "4 partners hold this content and will be told at once." in response.content.decode()


def test_notice_create_page_issues_and_returns_to_the_item(client_as, sent, network):
    response = client_as(network.kpk_staff).post(
        reverse("content:notice_create", args=[sent.item.pk]),
        {"kind": "withdrawal", "reason": "Data keliru."},
    )

    assert response.status_code == 302
    assert response.url == reverse("content:item_detail", args=[sent.item.pk]) + "#notices"
    assert messages_of(response) == ["Content withdrawn: the partners have been told."]
    assert Notice.objects.get().reason == "Data keliru."


def test_notice_create_page_for_unsent_content_explains_and_offers_no_form(client_as, network):
    item = ContentItemFactory(approved=True, owner=network.kpk)

    response = client_as(network.kpk_staff).get(reverse("content:notice_create", args=[item.pk]))

    page = response.content.decode()
    assert "No partner has accepted this content yet, so there is nobody to tell." in page
    assert 'name="reason"' not in page


def test_notice_create_page_refused_post_shows_the_reason(client_as, sent, network):
    response = client_as(network.kpk_staff).post(
        reverse("content:notice_create", args=[sent.item.pk]), {"kind": "correction"}
    )

    assert response.status_code == 200
    assert Notice.objects.count() == 0
    assert response.context["form"].errors == {"reason": ["This field is required."]}


def test_notice_create_page_is_refused_to_a_partner(client_as, sent, network):
    response = client_as(network.partner_manager).post(
        reverse("content:notice_create", args=[sent.item.pk]),
        {"kind": "withdrawal", "reason": "Data keliru."},
    )

    assert response.status_code == 403
    assert Notice.objects.count() == 0


def test_notice_confirm_page_shows_the_notice_and_what_to_do(client_as, sent, network):
    confirmation = confirmation_of(withdraw(sent, network), sent.city)

    response = client_as(network.partner_operator).get(
        reverse("content:notice_confirm", args=[confirmation.pk])
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "KPK has withdrawn this content" in page
    assert "Data dalam infografis keliru." in page
    assert "Take the post down from every channel" in page
    assert 'enctype="multipart/form-data"' in page


def test_notice_confirm_page_records_the_confirmation(client_as, sent, network, media):
    confirmation = confirmation_of(correct(sent, network), sent.city)
    url = reverse("content:notice_confirm", args=[confirmation.pk])

    response = client_as(network.partner_operator).post(
        url, {"proof_url": "", "note": "", "screenshot": upload(png(), "layar.png")}
    )

    assert response.status_code == 302
    assert response.url == url
    confirmation.refresh_from_db()
    assert confirmation.confirmed_by == network.partner_operator
    assert confirmation.screenshot.name.endswith(".png")
    done = client_as(network.partner_operator).get(url).content.decode()
    assert 'name="proof_url"' not in done
    assert reverse("content:notice_screenshot", args=[confirmation.pk]) in done


def test_notice_confirm_page_pdf_screenshot_shows_why_and_stores_nothing(
    client_as, sent, network, media
):
    confirmation = confirmation_of(correct(sent, network), sent.city)

    response = client_as(network.partner_manager).post(
        reverse("content:notice_confirm", args=[confirmation.pk]),
        {"screenshot": upload(PDF, "bukti.jpg")},
    )

    assert response.status_code == 200
    assert (
        "Only JPEG, PNG, WebP and GIF images are accepted, and this file is none of them."
        in response.content.decode()
    )
    assert stored_files(media) == []
    confirmation.refresh_from_db()
    assert confirmation.confirmed_at is None


def test_notice_confirm_page_speaks_indonesian_by_default(client, sent, network):
    network.partner_manager.language = "id"
    network.partner_manager.save(update_fields=["language"])
    confirmation = confirmation_of(correct(sent, network), sent.city)
    client.force_login(network.partner_manager)

    response = client.post(reverse("content:notice_confirm", args=[confirmation.pk]), {})

    assert "Berikan tautan unggahan yang sudah diperbarui, atau tangkapan layarnya." in (
        response.content.decode()
    )


def test_notice_confirm_page_of_another_partner_is_not_found(client_as, sent, network):
    confirmation = confirmation_of(correct(sent, network), sent.foreign)
    url = reverse("content:notice_confirm", args=[confirmation.pk])
    client = client_as(network.partner_manager)

    page = client.get(url)
    attempt = client.post(url, {"proof_url": "https://www.instagram.com/p/A/"})

    assert (page.status_code, attempt.status_code) == (404, 404)
    assert "Kota Medan" not in page.content.decode()
    confirmation.refresh_from_db()
    assert confirmation.confirmed_at is None


def test_notice_confirm_page_after_confirming_posts_nothing_more(client_as, sent, network):
    confirmation = confirmation_of(correct(sent, network), sent.city)
    services.confirm_notice(
        confirmation, by=network.partner_manager, proof_url="https://www.instagram.com/p/A/"
    )

    response = client_as(network.partner_operator).post(
        reverse("content:notice_confirm", args=[confirmation.pk]),
        {"proof_url": "https://www.instagram.com/p/B/"},
    )

    assert response.status_code == 200
    confirmation.refresh_from_db()
    assert confirmation.proof_url == "https://www.instagram.com/p/A/"


def test_notice_screenshot_is_served_to_its_organisation_and_kpk_only(
    client_as, sent, network, media
):
    confirmation = confirmation_of(withdraw(sent, network), sent.city)
    services.confirm_notice(
        confirmation, by=network.partner_manager, screenshot=upload(png(), "layar.png")
    )
    url = reverse("content:notice_screenshot", args=[confirmation.pk])

    own = client_as(network.partner_operator).get(url)
    own_body = b"".join(own.streaming_content)
    kpk = client_as(network.kpk_manager).get(url)
    b"".join(kpk.streaming_content)
    other = client_as(sent.foreign_manager).get(url)

    assert own.status_code == 200
    assert own["Content-Type"] == "image/png"
    assert own["X-Content-Type-Options"] == "nosniff"
    assert own["Cache-Control"] == "private, no-store"
    assert own["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert own_body.startswith(b"\x89PNG")
    assert kpk.status_code == 200
    assert other.status_code == 404


def test_notice_screenshot_without_one_is_not_found(client_as, sent, network):
    confirmation = confirmation_of(correct(sent, network), sent.city)

    response = client_as(network.kpk_manager).get(
        reverse("content:notice_screenshot", args=[confirmation.pk])
    )

    assert response.status_code == 404


def test_notice_notifications_read_as_sentences(sent, network):
    notice = withdraw(sent, network)
    services.confirm_notice(
        confirmation_of(notice, sent.city), by=network.partner_manager, note="Sudah dihapus."
    )

    withdrawn = Notification.objects.filter(kind="content.withdrawn").first()
    confirmed = Notification.objects.get(kind="content.notice_confirmed")

    assert get_kind("content.withdrawn").render(withdrawn) == (
        "KPK withdrew Infografis Gratifikasi: “Data dalam infografis keliru.”. "
        "Take your post down and confirm it in Sinergi."
    )
    assert get_kind("content.notice_confirmed").render(confirmed) == (
        "Diskominfo Kota Palembang confirmed the notice on Infografis Gratifikasi (Withdrawal)."
    )


def test_notice_audit_entries_read_in_the_readers_words(sent, network):
    notice = withdraw(sent, network)
    services.confirm_notice(
        confirmation_of(notice, sent.city), by=network.partner_manager, note="Sudah dihapus."
    )

    [issued] = entries(sent.item, "content.notice_issued")
    [confirmed] = entries(sent.item, "content.notice_confirmed")

    assert verb(issued) == "issued a correction or withdrawal"
    assert sorted(lines(issued)) == sorted(
        [
            "Kind: Withdrawal",
            "Reason: Data dalam infografis keliru.",
            "Partners told: 4",
        ]
    )
    assert "Organisation: Diskominfo Kota Palembang" in lines(confirmed)
    assert "Note: Sudah dihapus." in lines(confirmed)
