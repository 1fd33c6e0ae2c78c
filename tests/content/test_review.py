"""The review's one door: every move, every refusal, the versions it keeps, the discussion, and
who hears of it."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation

from audit.actions import lines
from audit.models import AuditEntry
from content import services
from content.models import ContentItem, ItemComment, ItemVersion
from notifications.models import Notification
from partnerships.models import Channel, Role
from tests.factories import (
    AssetFactory,
    CaptionFactory,
    ContentItemFactory,
    ItemVersionFactory,
    ThemeFactory,
    member,
)

Status = ContentItem.Status


@pytest.fixture
def city_item(network):
    """A partner's draft: a video by Diskominfo Kota Palembang."""
    return ContentItemFactory(
        partner=True,
        owner=network.city,
        title="Video Sosialisasi Gratifikasi",
        kind=ContentItem.Kind.VIDEO,
    )


@pytest.fixture
def joint_item(network):
    """A joint production the city leads, made with the province."""
    item = ContentItemFactory(
        owner=network.city, origin=ContentItem.Origin.JOINT, title="ILM Bersama Sumsel"
    )
    item.co_producers.set([network.province])
    return item


@pytest.fixture
def kpk_item(network):
    return ContentItemFactory(owner=network.kpk, title="Infografis Saber Pungli")


def reloaded(item):
    return ContentItem.objects.get(pk=item.pk)


def moves(item):
    return [
        (entry.changes["from"], entry.changes["to"])
        for entry in AuditEntry.objects.filter(
            target_id=str(item.pk), action="content.status_changed"
        ).order_by("sequence")
    ]


def recipients(kind, item=None):
    rows = Notification.objects.filter(kind=kind)
    if item is not None:
        rows = rows.filter(target_id=str(item.pk))
    return {notification.recipient for notification in rows}


def submitted(item, network):
    return services.transition(item, Status.SUBMITTED, by=network.partner_operator)


# Every allowed move


def test_submitting_a_partner_draft_keeps_a_whole_version(network, city_item):
    theme = ThemeFactory(name="Gratifikasi di Sekolah", slug="gratifikasi-sekolah")
    city_item.themes.set([theme])
    city_item.not_before = timezone.now() + timedelta(days=1)
    city_item.save()
    CaptionFactory(item=city_item, platform=Channel.Kind.INSTAGRAM, text="Tolak gratifikasi!")
    CaptionFactory(item=city_item, platform=Channel.Kind.FACEBOOK, text="Laporkan ke KPK.")
    pdf = AssetFactory(item=city_item, original_name="naskah.pdf", sha256="a" * 64)
    link = AssetFactory(item=city_item, link=True)

    services.transition(city_item, Status.SUBMITTED, by=network.partner_operator, note="Mohon cek")

    assert reloaded(city_item).status == Status.SUBMITTED
    [version] = city_item.versions.all()
    assert (version.number, version.note, version.created_by) == (
        1,
        "Mohon cek",
        network.partner_operator,
    )
    assert version.decision == ""
    assert version.snapshot == {
        "title": "Video Sosialisasi Gratifikasi",
        "kind": "video",
        "description": city_item.description,
        "hashtags": "#KPK #AntiKorupsi",
        "language": city_item.language,
        "not_before": city_item.not_before.isoformat(),
        "not_after": None,
        "themes": ["Gratifikasi di Sekolah"],
        "co_producers": [],
        "captions": {"facebook": "Laporkan ke KPK.", "instagram": "Tolak gratifikasi!"},
        "assets": [
            {"id": pdf.pk, "name": "naskah.pdf", "kind": "pdf", "sha256": "a" * 64, "link": ""},
            {
                "id": link.pk,
                "name": link.external_url,
                "kind": "video",
                "sha256": "",
                "link": link.external_url,
            },
        ],
    }
    assert moves(city_item) == [("draft", "submitted")]


def test_a_joint_production_keeps_its_co_producers_in_the_version(network, joint_item):
    services.transition(joint_item, Status.SUBMITTED, by=network.partner_manager)

    assert joint_item.versions.get().snapshot["co_producers"] == [
        "Diskominfo Provinsi Sumatera Selatan"
    ]


def test_kpk_asks_for_changes_with_a_reason_kept_on_the_version(network, city_item):
    submitted(city_item, network)

    services.transition(
        city_item,
        Status.CHANGES_REQUESTED,
        by=network.kpk_staff,
        reason=" Logo KPK terlalu kecil. ",
    )

    assert reloaded(city_item).status == Status.CHANGES_REQUESTED
    version = city_item.versions.get()
    assert (version.decision, version.decision_reason, version.decided_by) == (
        ItemVersion.Decision.CHANGES_REQUESTED,
        "Logo KPK terlalu kecil.",
        network.kpk_staff,
    )
    assert version.decided_at is not None
    [entry] = AuditEntry.objects.filter(
        target_id=str(city_item.pk), changes__to="changes_requested"
    )
    assert entry.changes == {
        "from": "submitted",
        "to": "changes_requested",
        "reason": "Logo KPK terlalu kecil.",
        "version": 1,
    }


def test_resubmitting_after_changes_keeps_a_new_version(network, city_item):
    submitted(city_item, network)
    services.transition(city_item, Status.CHANGES_REQUESTED, by=network.kpk_staff, reason="Judul")
    city_item.title = "Video Sosialisasi Gratifikasi (revisi)"
    city_item.save()

    services.transition(city_item, Status.SUBMITTED, by=network.partner_manager)

    assert [(v.number, v.snapshot["title"], v.decision) for v in city_item.versions.all()] == [
        (2, "Video Sosialisasi Gratifikasi (revisi)", ""),
        (1, "Video Sosialisasi Gratifikasi", "changes_requested"),
    ]
    assert moves(city_item) == [
        ("draft", "submitted"),
        ("submitted", "changes_requested"),
        ("changes_requested", "submitted"),
    ]


def test_kpk_approves_a_submission_on_its_latest_version(network, city_item):
    submitted(city_item, network)
    services.transition(city_item, Status.CHANGES_REQUESTED, by=network.kpk_staff, reason="Judul")
    submitted(city_item, network)

    services.transition(city_item, Status.APPROVED, by=network.kpk_manager)

    assert reloaded(city_item).status == Status.APPROVED
    assert [(v.number, v.decision, v.decided_by) for v in city_item.versions.all()] == [
        (2, "approved", network.kpk_manager),
        (1, "changes_requested", network.kpk_staff),
    ]


def test_kpk_approves_its_own_draft_directly_as_a_version(network, kpk_item):
    services.transition(kpk_item, Status.APPROVED, by=network.kpk_staff)

    assert reloaded(kpk_item).status == Status.APPROVED
    version = kpk_item.versions.get()
    assert (version.number, version.decision, version.decided_by, version.created_by) == (
        1,
        "approved",
        network.kpk_staff,
        network.kpk_staff,
    )
    assert version.snapshot["title"] == "Infografis Saber Pungli"


def test_kpk_approves_a_joint_production_it_leads_directly(network):
    item = ContentItemFactory(owner=network.kpk, origin=ContentItem.Origin.JOINT)
    item.co_producers.set([network.city])

    services.transition(item, Status.APPROVED, by=network.kpk_manager)

    assert reloaded(item).status == Status.APPROVED
    assert item.versions.get().decision == "approved"


@pytest.mark.parametrize("reason", ["", "Masa kampanye berakhir."])
def test_kpk_archives_an_approved_item_with_or_without_a_reason(network, kpk_item, reason):
    services.transition(kpk_item, Status.APPROVED, by=network.kpk_staff)

    services.transition(kpk_item, Status.ARCHIVED, by=network.kpk_manager, reason=reason)

    assert reloaded(kpk_item).status == Status.ARCHIVED
    assert kpk_item.versions.count() == 1  # archiving keeps no new version
    assert moves(kpk_item)[-1] == ("approved", "archived")


def test_kpk_archives_a_partner_draft(network, city_item):
    services.transition(city_item, Status.ARCHIVED, by=network.kpk_staff)

    assert reloaded(city_item).status == Status.ARCHIVED
    assert city_item.versions.count() == 0


def test_transition_updates_the_instance_given(network, kpk_item):
    returned = services.transition(kpk_item, Status.APPROVED, by=network.kpk_staff)

    assert returned is kpk_item
    assert kpk_item.status == Status.APPROVED


# Every refused move: a clear message, and nothing changed


def assert_nothing_changed(item, status):
    assert reloaded(item).status == status
    assert not AuditEntry.objects.filter(
        target_id=str(item.pk), action="content.status_changed"
    ).exists()


@pytest.mark.parametrize(
    ("role", "to", "message"),
    [
        # A reviewer's moves are KPK's.
        ("partner_manager", "approved", "Only KPK staff can review content."),
        ("partner_operator", "changes_requested", "Only KPK staff can review content."),
        ("administrator", "submitted", "cannot move from “Submitted for review”"),
    ],
)
def test_a_submission_is_judged_only_by_kpk(network, city_item, role, to, message):
    submitted(city_item, network)
    before = moves(city_item)

    with pytest.raises(services.ReviewError) as refused:
        services.transition(city_item, to, by=getattr(network, role), reason="Alasan")

    assert message in " ".join(refused.value.messages)
    assert reloaded(city_item).status == Status.SUBMITTED
    assert moves(city_item) == before
    assert city_item.versions.get().decision == ""


@pytest.mark.parametrize(
    ("role", "to", "message"),
    [
        ("kpk_staff", "submitted", "Only the members of the owning organisation can submit it"),
        ("administrator", "approved", "approved only after it was submitted for review"),
        ("kpk_manager", "approved", "approved only after it was submitted for review"),
        ("partner_manager", "approved", "approved only after it was submitted for review"),
        ("partner_operator", "archived", "Only KPK can archive content."),
        ("partner_manager", "changes_requested", "cannot move from “Draft” to “Changes requested”"),
        ("kpk_staff", "draft", "cannot move from “Draft” to “Draft”"),
        ("kpk_staff", "published", "cannot move from “Draft” to “published”"),
    ],
)
def test_refused_moves_of_a_partner_draft(network, city_item, role, to, message):
    with pytest.raises(services.ReviewError) as refused:
        services.transition(city_item, to, by=getattr(network, role))

    assert message in " ".join(refused.value.messages)
    assert_nothing_changed(city_item, Status.DRAFT)
    assert city_item.versions.count() == 0


def test_a_co_producer_does_not_submit_a_joint_production(network, joint_item):
    with pytest.raises(services.ReviewError, match="Only the members of the owning organisation"):
        services.transition(joint_item, Status.SUBMITTED, by=network.province_manager)

    assert_nothing_changed(joint_item, Status.DRAFT)


def test_kpk_own_content_is_not_submitted_for_review(network, kpk_item):
    with pytest.raises(services.ReviewError, match="KPK's own content is not submitted"):
        services.transition(kpk_item, Status.SUBMITTED, by=network.kpk_staff)

    assert_nothing_changed(kpk_item, Status.DRAFT)


def test_a_partner_does_not_approve_kpk_content(network, kpk_item):
    # The partner cannot even see KPK's draft.
    with pytest.raises(PermissionDenied):
        services.transition(kpk_item, Status.APPROVED, by=network.partner_manager)

    assert_nothing_changed(kpk_item, Status.DRAFT)


def test_another_partner_may_not_touch_the_item(network, city_item):
    neighbour = member(Role.PARTNER_MANAGER, network.neighbour)

    with pytest.raises(PermissionDenied):
        services.transition(city_item, Status.SUBMITTED, by=neighbour)

    assert_nothing_changed(city_item, Status.DRAFT)


def test_asking_for_changes_needs_a_reason(network, city_item):
    submitted(city_item, network)

    with pytest.raises(services.ReviewError, match=r"Say what should change\."):
        services.transition(city_item, Status.CHANGES_REQUESTED, by=network.kpk_staff, reason="  ")

    assert reloaded(city_item).status == Status.SUBMITTED
    assert city_item.versions.get().decision == ""


def test_a_reason_longer_than_the_field_is_refused(network, city_item):
    submitted(city_item, network)

    with pytest.raises(services.ReviewError, match="at most 2000 characters"):
        services.transition(
            city_item, Status.CHANGES_REQUESTED, by=network.kpk_staff, reason="x" * 2001
        )

    assert reloaded(city_item).status == Status.SUBMITTED


def test_the_refusal_is_said_in_indonesian(network, city_item):
    submitted(city_item, network)

    with translation.override("id"), pytest.raises(services.ReviewError) as refused:
        services.transition(city_item, Status.CHANGES_REQUESTED, by=network.kpk_staff)

    assert refused.value.messages == ["Sebutkan apa yang perlu diubah."]


def test_an_item_with_neither_file_nor_description_is_not_submitted(network, city_item):
    city_item.description = ""
    city_item.save()

    with pytest.raises(services.ReviewError, match="Add a file or a description"):
        submitted(city_item, network)

    assert_nothing_changed(city_item, Status.DRAFT)
    assert city_item.versions.count() == 0


def test_an_item_with_a_file_and_no_description_is_submitted(network, city_item):
    city_item.description = ""
    city_item.save()
    AssetFactory(item=city_item)

    submitted(city_item, network)

    assert reloaded(city_item).status == Status.SUBMITTED


def test_kpk_does_not_approve_an_empty_draft(network, kpk_item):
    kpk_item.description = ""
    kpk_item.save()

    with pytest.raises(services.ReviewError, match="Add a file or a description"):
        services.transition(kpk_item, Status.APPROVED, by=network.kpk_staff)

    assert_nothing_changed(kpk_item, Status.DRAFT)


@pytest.mark.parametrize("to", ["draft", "submitted", "approved", "changes_requested"])
def test_nothing_leaves_archived(network, city_item, to):
    services.transition(city_item, Status.ARCHIVED, by=network.kpk_staff)

    with pytest.raises(services.ReviewError, match=r"An archived item stays archived\."):
        services.transition(reloaded(city_item), to, by=network.kpk_manager)

    assert reloaded(city_item).status == Status.ARCHIVED


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.CHANGES_REQUESTED])
def test_only_drafts_and_approved_items_are_archived(network, status):
    item = ContentItemFactory(partner=True, status=status)

    with pytest.raises(services.ReviewError, match="cannot move from"):
        services.transition(item, Status.ARCHIVED, by=network.kpk_manager)

    assert reloaded(item).status == status


def test_an_approved_item_is_not_submitted_again(network, kpk_item):
    services.transition(kpk_item, Status.APPROVED, by=network.kpk_staff)

    with pytest.raises(services.ReviewError, match="cannot move from “Approved”"):
        services.transition(kpk_item, Status.APPROVED, by=network.kpk_staff)


def test_a_move_from_a_stale_page_is_refused(network, city_item):
    stale = reloaded(city_item)
    submitted(city_item, network)

    with pytest.raises(services.ReviewError, match="Someone else changed this item meanwhile"):
        services.transition(stale, Status.ARCHIVED, by=network.kpk_staff)

    assert reloaded(city_item).status == Status.SUBMITTED


# The buttons offered


@pytest.mark.parametrize(
    ("status", "role", "expected"),
    [
        (Status.DRAFT, "partner_operator", ["submitted"]),
        (Status.DRAFT, "partner_manager", ["submitted"]),
        (Status.DRAFT, "kpk_staff", ["archived"]),
        (Status.DRAFT, "province_manager", []),
        (Status.SUBMITTED, "partner_manager", []),
        (Status.SUBMITTED, "kpk_staff", ["changes_requested", "approved"]),
        (Status.SUBMITTED, "administrator", ["changes_requested", "approved"]),
        (Status.CHANGES_REQUESTED, "partner_operator", ["submitted"]),
        (Status.CHANGES_REQUESTED, "kpk_manager", []),
        (Status.APPROVED, "kpk_manager", ["archived"]),
        (Status.APPROVED, "partner_manager", []),
        (Status.ARCHIVED, "kpk_manager", []),
        (Status.ARCHIVED, "partner_manager", []),
    ],
)
def test_allowed_transitions_of_a_partner_item(network, status, role, expected):
    item = ContentItemFactory(partner=True, owner=network.city, status=status)

    assert services.allowed_transitions(getattr(network, role), item) == expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("kpk_staff", ["approved", "archived"]),
        ("kpk_manager", ["approved", "archived"]),
        ("administrator", ["approved", "archived"]),
        ("partner_manager", []),
    ],
)
def test_allowed_transitions_of_a_kpk_draft(network, kpk_item, role, expected):
    assert services.allowed_transitions(getattr(network, role), kpk_item) == expected


# Only approved content is disseminated


def test_only_approved_content_within_its_validity_can_be_disseminated(network):
    now = timezone.now()
    approved = ContentItemFactory(approved=True)
    embargoed = ContentItemFactory(approved=True, not_before=now + timedelta(days=3))
    expired = ContentItemFactory(
        approved=True, not_before=now - timedelta(days=9), not_after=now - timedelta(days=1)
    )
    others = [ContentItemFactory(status=status) for status in Status.values if status != "approved"]

    assert [services.can_be_disseminated(item) for item in (approved, embargoed, expired)] == [
        True,
        True,
        False,
    ]
    assert not any(services.can_be_disseminated(item) for item in others)
    assert set(ContentItem.objects.filter(services.disseminable_filter())) == {approved, embargoed}


# Comments


def test_a_draft_is_commented_on_no_version_on_behalf_of_the_owner(network, city_item):
    comment = services.add_comment(city_item, body=" Mohon subtitle. ", by=network.partner_manager)

    assert (comment.body, comment.version, comment.organisation, comment.author) == (
        "Mohon subtitle.",
        None,
        network.city,
        network.partner_manager,
    )
    [entry] = AuditEntry.objects.filter(target_id=str(city_item.pk), action="content.commented")
    assert entry.changes == {"comment": comment.pk}


def test_a_comment_goes_on_the_latest_version(network, city_item):
    submitted(city_item, network)
    services.transition(city_item, Status.CHANGES_REQUESTED, by=network.kpk_staff, reason="Logo")
    submitted(city_item, network)

    comment = services.add_comment(city_item, body="Sudah lebih baik.", by=network.kpk_staff)

    assert (comment.version.number, comment.organisation) == (2, network.kpk)


def test_a_co_producer_comments_on_behalf_of_its_organisation(network, joint_item):
    comment = services.add_comment(
        joint_item, body="Tambahkan logo Pemprov.", by=network.province_manager
    )

    assert comment.organisation == network.province


@pytest.mark.parametrize("role", ["province_manager", "administrator"])
def test_who_is_not_taking_part_does_not_comment(network, city_item, role):
    # The province follows the city's organisation, not its drafts; an administrator speaks
    # for no organisation.
    with pytest.raises(PermissionDenied):
        services.add_comment(city_item, body="Komentar", by=getattr(network, role))

    assert ItemComment.objects.count() == 0


def test_another_partner_does_not_comment(network, city_item):
    with pytest.raises(PermissionDenied):
        services.add_comment(
            city_item, body="Komentar", by=member(Role.PARTNER_OPERATOR, network.neighbour)
        )

    assert ItemComment.objects.count() == 0


def test_an_archived_item_takes_no_comment(network, city_item):
    services.transition(city_item, Status.ARCHIVED, by=network.kpk_staff)

    with pytest.raises(PermissionDenied):
        services.add_comment(reloaded(city_item), body="Komentar", by=network.kpk_staff)


@pytest.mark.parametrize(("body", "message"), [("   ", "Write something"), ("x" * 5001, "5000")])
def test_an_empty_or_too_long_comment_is_refused(network, city_item, body, message):
    with pytest.raises(services.ReviewError, match=message):
        services.add_comment(city_item, body=body, by=network.partner_operator)

    assert ItemComment.objects.count() == 0


# Who hears of it


def test_a_submission_is_notified_to_kpk_reviewers_only(network, city_item):
    other_unit = member(Role.KPK_STAFF)  # another KPK unit's staff reviews too
    member(Role.KPK_MANAGER, network.kpk, is_active=False)

    submitted(city_item, network)

    assert recipients("content.item_submitted", city_item) == {
        network.kpk_manager,
        network.kpk_staff,
        other_unit,
    }
    [notification] = Notification.objects.filter(recipient=network.kpk_staff)
    assert notification.context == {"version": 1}
    assert notification.message == (
        f"{network.partner_operator} submitted Video Sosialisasi Gratifikasi for review"
        " (version 1)."
    )


def test_a_decision_is_notified_to_the_owners_members_and_the_co_producers_managers(
    network, joint_item
):
    province_operator = member(Role.PARTNER_OPERATOR, network.province)
    services.transition(joint_item, Status.SUBMITTED, by=network.partner_operator)

    services.transition(
        joint_item, Status.CHANGES_REQUESTED, by=network.kpk_staff, reason="Durasi maks. 60 detik"
    )

    assert recipients("content.item_reviewed", joint_item) == {
        network.partner_manager,
        network.partner_operator,
        network.province_manager,
    }
    assert province_operator not in recipients("content.item_reviewed")
    notification = Notification.objects.get(
        recipient=network.partner_operator, kind="content.item_reviewed"
    )
    assert notification.message == (
        f"{network.kpk_staff} asked for changes to ILM Bersama Sumsel: “Durasi maks. 60 detik”"
    )


def test_an_approval_is_notified_in_its_own_words(network, city_item):
    submitted(city_item, network)

    services.transition(city_item, Status.APPROVED, by=network.kpk_manager)

    assert recipients("content.item_reviewed", city_item) == {
        network.partner_manager,
        network.partner_operator,
    }
    notification = Notification.objects.get(recipient=network.partner_manager)
    assert notification.message == f"{network.kpk_manager} approved Video Sosialisasi Gratifikasi."


def test_archiving_notifies_nobody(network, city_item):
    services.transition(city_item, Status.ARCHIVED, by=network.kpk_staff)

    assert Notification.objects.count() == 0


def test_a_comment_is_notified_to_everyone_involved_but_its_author(network, joint_item):
    services.transition(joint_item, Status.SUBMITTED, by=network.partner_operator)
    Notification.objects.all().delete()

    services.add_comment(joint_item, body="Mohon ditinjau segera.", by=network.partner_operator)

    # The owner's and co-producers' members, and (while it waits) KPK's reviewers.
    assert recipients("content.item_commented", joint_item) == {
        network.partner_manager,
        network.province_manager,
        network.kpk_manager,
        network.kpk_staff,
    }
    notification = Notification.objects.filter(recipient=network.province_manager).get()
    assert notification.message == (
        f"{network.partner_operator} commented on ILM Bersama Sumsel: “Mohon ditinjau segera.”"
    )


def test_a_comment_reaches_kpk_people_who_took_part_once_the_review_is_over(network, city_item):
    submitted(city_item, network)
    services.transition(city_item, Status.CHANGES_REQUESTED, by=network.kpk_staff, reason="Logo")
    Notification.objects.all().delete()

    services.add_comment(city_item, body="Logo sudah diganti.", by=network.partner_operator)

    assert recipients("content.item_commented", city_item) == {
        network.partner_manager,
        network.kpk_staff,
    }


def test_the_versions_factory_numbers_are_not_reused(network, city_item):
    # Versions made elsewhere (a correction) are followed by the next number.
    ItemVersionFactory(item=city_item, number=4)

    submitted(city_item, network)

    assert city_item.versions.first().number == 5


# The history and the rules


def test_the_history_reads_each_move(network, city_item):
    submitted(city_item, network)
    services.transition(city_item, Status.CHANGES_REQUESTED, by=network.kpk_staff, reason="Logo")
    entries = AuditEntry.objects.filter(
        target_id=str(city_item.pk), action="content.status_changed"
    ).order_by("sequence")

    assert [lines(entry) for entry in entries] == [
        ["Draft → Submitted for review", "Version 1"],
        ["Submitted for review → Changes requested", "Version 1", "Reason: Logo"],
    ]


ROLES = [
    "kpk_manager",
    "kpk_staff",
    "province_manager",
    "partner_manager",
    "partner_operator",
    "administrator",
]


def who_may(network, permission, item):
    return {role for role in ROLES if getattr(network, role).has_perm(permission, item)}


def test_who_may_review_submit_and_comment_on_a_joint_production(network, joint_item):
    assert who_may(network, "content.review_item", joint_item) == {
        "kpk_manager",
        "kpk_staff",
        "administrator",
    }
    assert who_may(network, "content.submit_item", joint_item) == {
        "partner_manager",
        "partner_operator",
        "administrator",  # a superuser: Django grants them every permission
    }
    assert who_may(network, "content.comment_item", joint_item) == {
        "kpk_manager",
        "kpk_staff",
        "province_manager",
        "partner_manager",
        "partner_operator",
        "administrator",
    }
