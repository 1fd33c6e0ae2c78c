"""The content library's one door: items, captions and assets, checked, stored and audited."""

import hashlib
import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from PIL import Image

from audit.models import AuditEntry
from content import services
from content.models import Asset, Caption, ContentItem, Rendition, Theme
from tests.content.media import MP4, SCRIPT, upload
from tests.content.test_images import photo_with_gps, png_claiming
from tests.factories import (
    AgreementFactory,
    OrganisationFactory,
    ScopeItemFactory,
)
from tests.helpers import stored_files


def kpk_item(network, **fields):
    values = {
        "owner": network.kpk,
        "origin": ContentItem.Origin.KPK,
        "title": "Infografis Gratifikasi",
        "kind": ContentItem.Kind.IMAGE,
        "by": network.kpk_staff,
        **fields,
    }
    return services.create_item(**values)


def entries(item, action=None):
    found = AuditEntry.objects.filter(target_id=str(item.pk)).order_by("sequence")
    return list(found.filter(action=action) if action else found)


# Creating


def test_create_item_kpk_staff_makes_a_kpk_draft_and_it_is_audited(network):
    theme = Theme.objects.get(slug="gratifikasi")

    item = kpk_item(
        network,
        themes=[theme],
        hashtags="#TolakGratifikasi",
        captions={"instagram": "Tolak gratifikasi!", "x": ""},
    )

    assert item.status == ContentItem.Status.DRAFT
    assert item.created_by == network.kpk_staff
    assert list(item.themes.all()) == [theme]
    assert list(item.captions.values_list("platform", "text")) == [
        ("instagram", "Tolak gratifikasi!")
    ]
    [entry] = entries(item)
    assert entry.action == "content.item_created"
    assert entry.actor == network.kpk_staff
    assert entry.changes["title"] == [None, "Infografis Gratifikasi"]
    assert entry.changes["themes"] == [None, ["Gratifikasi"]]
    assert entry.changes["captions"] == ["instagram"]


def test_create_item_partner_member_makes_their_organisations_content(network):
    item = services.create_item(
        owner=network.city,
        origin=ContentItem.Origin.PARTNER,
        title="Video Pelayanan Publik Palembang",
        kind=ContentItem.Kind.VIDEO,
        by=network.partner_operator,
    )

    assert item.owner == network.city


def test_create_item_joint_production_names_its_co_producers(network):
    item = kpk_item(
        network,
        origin=ContentItem.Origin.JOINT,
        kind=ContentItem.Kind.PUBLIC_SERVICE_AD,
        co_producers=[network.city, network.province],
    )

    assert set(item.co_producers.all()) == {network.city, network.province}
    assert entries(item)[0].changes["co_producers"] == [
        None,
        ["Diskominfo Kota Palembang", "Diskominfo Provinsi Sumatera Selatan"],
    ]


@pytest.mark.parametrize(
    ("user", "owner"),
    [
        ("partner_manager", "kpk"),
        ("partner_manager", "neighbour"),
        ("province_manager", "city"),
        ("kpk_staff", "city"),
    ],
)
def test_create_item_for_an_organisation_one_does_not_act_for_is_refused(network, user, owner):
    with pytest.raises(PermissionDenied):
        services.create_item(
            owner=getattr(network, owner),
            origin=ContentItem.Origin.PARTNER,
            title="Konten",
            kind=ContentItem.Kind.ARTICLE,
            by=getattr(network, user),
        )

    assert ContentItem.objects.count() == 0


def test_create_item_lists_every_problem_and_writes_nothing(network):
    other = AgreementFactory()
    scope_item = ScopeItemFactory(agreement=other)
    now = timezone.now()

    with pytest.raises(ValidationError) as refusal:
        kpk_item(
            network,
            title="",
            origin=ContentItem.Origin.PARTNER,
            not_before=now,
            not_after=now - timedelta(days=1),
            agreement=AgreementFactory(),
            scope_item=scope_item,
            co_producers=[network.city],
        )

    assert refusal.value.message_dict == {
        "title": ["This field cannot be blank."],
        "not_after": ["The validity must end after the embargo."],
        "scope_item": ["This scope item belongs to another agreement."],
        "origin": ["A partner's content is owned by the partner, not by a KPK unit."],
        "co_producers": ["Only a joint production has co-producing organisations."],
    }
    assert ContentItem.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_create_item_scope_item_of_the_chosen_agreement_is_accepted(network):
    scope_item = ScopeItemFactory()

    item = kpk_item(network, agreement=scope_item.agreement, scope_item=scope_item)

    assert item.scope_item == scope_item


def test_create_item_scope_item_without_its_agreement_is_refused(network):
    with pytest.raises(ValidationError) as refusal:
        kpk_item(network, scope_item=ScopeItemFactory())

    assert refusal.value.message_dict == {
        "scope_item": ["A scope item belongs to an agreement: choose it too."]
    }


def test_create_item_joint_without_co_producers_is_refused(network):
    with pytest.raises(ValidationError) as refusal:
        kpk_item(network, origin=ContentItem.Origin.JOINT, co_producers=[network.kpk])

    assert refusal.value.message_dict == {
        "co_producers": ["Name the organisations that produce it together with the owner."]
    }


def test_create_item_kpk_origin_owned_by_a_partner_is_refused(network):
    with pytest.raises(ValidationError) as refusal:
        services.create_item(
            owner=network.city,
            origin=ContentItem.Origin.KPK,
            title="Konten",
            kind=ContentItem.Kind.ARTICLE,
            by=network.partner_manager,
        )

    assert refusal.value.message_dict == {
        "origin": ["Content of KPK origin is owned by a KPK unit."]
    }


def test_create_item_caption_for_an_unknown_platform_is_refused(network):
    with pytest.raises(ValidationError) as refusal:
        kpk_item(network, captions={"myspace": "Halo"})

    assert refusal.value.message_dict == {"captions": ["“myspace” is not a platform."]}
    assert ContentItem.objects.count() == 0


# Changing


def test_update_item_logs_what_changed_with_old_and_new(network):
    theme = Theme.objects.get(slug="suap")
    item = kpk_item(network)

    services.update_item(item, by=network.kpk_manager, title="Infografis Suap", themes=[theme])

    item.refresh_from_db()
    assert item.title == "Infografis Suap"
    [entry] = entries(item, "content.item_changed")
    assert entry.changes == {
        "title": ["Infografis Gratifikasi", "Infografis Suap"],
        "themes": [[], ["Suap"]],
    }


def test_update_item_without_a_change_logs_nothing(network):
    item = kpk_item(network)

    services.update_item(item, by=network.kpk_staff, title=item.title)

    assert entries(item, "content.item_changed") == []


def test_update_item_bad_dates_are_refused_and_nothing_changes(network):
    item = kpk_item(network)
    now = timezone.now()

    with pytest.raises(ValidationError) as refusal:
        services.update_item(item, by=network.kpk_staff, not_before=now, not_after=now)

    assert refusal.value.message_dict == {"not_after": ["The validity must end after the embargo."]}
    item.refresh_from_db()
    assert (item.not_before, item.not_after) == (None, None)


def test_update_item_partner_item_under_review_is_refused(network):
    item = services.create_item(
        owner=network.city,
        origin=ContentItem.Origin.PARTNER,
        title="Konten Palembang",
        kind=ContentItem.Kind.ARTICLE,
        by=network.partner_operator,
    )
    ContentItem.objects.filter(pk=item.pk).update(status=ContentItem.Status.SUBMITTED)

    with pytest.raises(PermissionDenied):
        services.update_item(item, by=network.partner_manager, title="Diubah")

    item.refresh_from_db()
    assert item.title == "Konten Palembang"


def test_set_captions_replaces_and_removes_and_is_audited(network):
    item = kpk_item(network, captions={"instagram": "Lama", "facebook": "Tetap"})

    services.set_captions(
        item, {"instagram": "Baru", "facebook": "Tetap", "x": ""}, by=network.kpk_staff
    )
    services.set_captions(item, {"facebook": ""}, by=network.kpk_staff)

    assert list(Caption.objects.filter(item=item).values_list("platform", "text")) == [
        ("instagram", "Baru")
    ]
    first, second = entries(item, "content.captions_changed")
    assert first.changes == {"instagram": ["Lama", "Baru"]}
    assert second.changes == {"facebook": ["Tetap", ""]}


# Assets


def test_add_asset_keeps_the_re_encoded_image_and_audits_it(network, media):
    item = kpk_item(network)

    asset = services.add_asset(
        item, file=upload(photo_with_gps(), "Foto Lokasi.JPG"), by=network.kpk_staff
    )

    stored = asset.file.read()
    asset.file.close()
    assert stored != photo_with_gps()
    with Image.open(io.BytesIO(stored)) as image:
        assert dict(image.getexif()) == {}
        assert image.size == (40, 20)
    assert asset.file.name.startswith(f"content/{item.pk}/")
    assert asset.file.name.endswith(".jpg")
    assert (asset.kind, asset.original_name, asset.content_type) == (
        "image",
        "Foto Lokasi.JPG",
        "image/jpeg",
    )
    assert (asset.size, asset.sha256) == (len(stored), hashlib.sha256(stored).hexdigest())
    assert (asset.width, asset.height) == (40, 20)
    [entry] = entries(item, "content.asset_added")
    assert entry.changes == {"asset": asset.pk, "asset_kind": "image", "name": "Foto Lokasi.JPG"}


def test_add_asset_image_gets_its_renditions_once_committed(
    network, media, django_capture_on_commit_callbacks
):
    item = kpk_item(network)

    with django_capture_on_commit_callbacks(execute=True):
        asset = services.add_asset(
            item, file=upload(photo_with_gps(), "foto.jpg"), by=network.kpk_staff
        )

    assert set(asset.renditions.values_list("name", flat=True)) == set(Rendition.Name.values)


def test_add_asset_video_is_stored_as_uploaded(network, media):
    item = kpk_item(network)

    asset = services.add_asset(item, file=upload(MP4, "ilm.mp4"), by=network.kpk_staff)

    assert asset.file.read() == MP4
    asset.file.close()
    assert (asset.kind, asset.content_type, asset.size) == ("video", "video/mp4", len(MP4))
    assert asset.sha256 == hashlib.sha256(MP4).hexdigest()


def test_add_asset_video_link_is_kept_without_a_file(network, media):
    item = kpk_item(network)

    asset = services.add_asset(
        item, external_url="https://www.youtube.com/watch?v=abc", by=network.kpk_staff
    )

    assert (asset.kind, asset.file.name, asset.external_url) == (
        "video",
        "",
        "https://www.youtube.com/watch?v=abc",
    )
    assert stored_files(media) == []


def refused_and_nothing_stored(network, media, item, **upload_args):
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as refusal:
        services.add_asset(item, by=network.kpk_staff, **upload_args)
    assert Asset.objects.count() == 0
    assert AuditEntry.objects.count() == before
    assert stored_files(media) == []
    return refusal.value


@pytest.mark.parametrize(
    ("upload_args", "code"),
    [
        ({}, "file_or_link"),
        (
            {"file": upload(MP4, "ilm.mp4"), "external_url": "https://www.youtube.com/watch?v=a"},
            "file_or_link",
        ),
        ({"external_url": "http://www.youtube.com/watch?v=abc"}, "invalid"),
        ({"file": upload(SCRIPT, "ilm.mp4")}, "type"),
        ({"file": upload(png_claiming(50_000, 50_000), "bom.png")}, "too_many_pixels"),
    ],
)
def test_add_asset_refusals_store_nothing(network, media, upload_args, code):
    item = kpk_item(network)

    refusal = refused_and_nothing_stored(network, media, item, **upload_args)

    assert refusal.code == code


def test_add_asset_video_over_the_limit_stores_nothing(network, media, settings):
    settings.MEDIA_MAX_MB = 1
    item = kpk_item(network)

    refusal = refused_and_nothing_stored(
        network, media, item, file=upload(MP4 + b"\x00" * (1024 * 1024), "ilm.mp4")
    )

    assert refusal.code == "too_large"


def test_add_asset_by_someone_who_may_not_change_the_item_is_refused(network, media):
    item = kpk_item(network)

    with pytest.raises(PermissionDenied):
        services.add_asset(item, file=upload(MP4, "ilm.mp4"), by=network.partner_manager)

    assert stored_files(media) == []


def test_add_asset_failure_after_the_file_was_written_leaves_no_file(network, media, monkeypatch):
    item = kpk_item(network)

    def broken(*args, **kwargs):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(services, "log", broken)

    with pytest.raises(RuntimeError):
        services.add_asset(item, file=upload(MP4, "ilm.mp4"), by=network.kpk_staff)

    assert Asset.objects.count() == 0
    assert stored_files(media) == []


def test_remove_asset_deletes_the_row_and_files_once_committed_and_is_audited(
    network, media, django_capture_on_commit_callbacks
):
    item = kpk_item(network)
    with django_capture_on_commit_callbacks(execute=True):
        asset = services.add_asset(
            item, file=upload(photo_with_gps(), "foto.jpg"), by=network.kpk_staff
        )
    assert len(stored_files(media)) == 5

    with django_capture_on_commit_callbacks(execute=True):
        services.remove_asset(asset, by=network.kpk_manager)

    assert Asset.objects.count() == 0
    assert Rendition.objects.count() == 0
    assert stored_files(media) == []
    [entry] = entries(item, "content.asset_removed")
    assert entry.changes == {"asset": asset.pk, "asset_kind": "image", "name": "foto.jpg"}


def test_remove_asset_by_a_partner_of_another_organisation_is_refused(network, media):
    item = kpk_item(network)
    asset = services.add_asset(item, file=upload(MP4, "ilm.mp4"), by=network.kpk_staff)
    other = OrganisationFactory()

    with pytest.raises(PermissionDenied):
        services.remove_asset(asset, by=network.partner_manager)

    assert Asset.objects.filter(pk=asset.pk).exists()
    assert other.pk


def test_save_theme_by_someone_but_an_administrator_is_refused_and_changes_nothing(network):
    theme = Theme.objects.get(slug="suap")
    theme.name_en = "Bribes"

    with pytest.raises(PermissionDenied):
        services.save_theme(theme, by=network.kpk_manager)

    assert Theme.objects.get(pk=theme.pk).name_en != "Bribes"
    assert not AuditEntry.objects.filter(action__startswith="content.theme").exists()


def test_save_theme_records_a_new_theme_and_refuses_a_taken_slug(administrator):
    theme = services.save_theme(
        Theme(name="Konflik kepentingan", slug="konflik-kepentingan"), by=administrator
    )

    with pytest.raises(ValidationError):
        services.save_theme(Theme(name="Lain", slug="konflik-kepentingan"), by=administrator)

    [entry] = AuditEntry.objects.filter(action="content.theme_created")
    assert (entry.target_id, entry.changes["name"]) == (
        str(theme.pk),
        [None, "Konflik kepentingan"],
    )
    assert Theme.objects.filter(slug="konflik-kepentingan").count() == 1
