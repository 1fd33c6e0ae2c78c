"""The admin is the library's interface until its pages exist: it writes through the services."""

from django.urls import reverse

from audit.models import AuditEntry
from content import services
from content.models import Caption, ContentItem, Theme
from tests.content.media import MP4, upload
from tests.factories import CaptionFactory, ContentItemFactory
from tests.helpers import admin_changelist, changelist_results


def test_admin_content_item_changelist_and_change_form_load(client, administrator, media):
    item = ContentItemFactory(title="ILM Gratifikasi")
    CaptionFactory(item=item)
    services.add_asset(item, file=upload(MP4, "ilm.mp4"), by=administrator)
    client.force_login(administrator)

    listing = client.get(admin_changelist(ContentItem))
    form = client.get(reverse("admin:content_contentitem_change", args=[item.pk]))

    assert listing.status_code == 200
    assert changelist_results(listing) == [item]
    assert form.status_code == 200
    assert "ilm.mp4" in form.content.decode()
    assert client.get(reverse("admin:content_contentitem_add")).status_code == 200


def test_admin_theme_changelist_loads(client, administrator):
    client.force_login(administrator)

    response = client.get(admin_changelist(Theme))

    assert response.status_code == 200
    assert Theme.objects.get(slug="suap") in changelist_results(response)


def test_admin_theme_change_goes_through_the_service_and_is_audited(client, administrator):
    theme = Theme.objects.get(slug="suap")
    client.force_login(administrator)

    response = client.post(
        reverse("admin:content_theme_change", args=[theme.pk]),
        {"name": theme.name, "name_en": "Bribes", "slug": theme.slug, "is_active": ""},
    )

    theme.refresh_from_db()
    assert response.status_code == 302
    assert (theme.name_en, theme.is_active) == ("Bribes", False)
    [entry] = AuditEntry.objects.filter(action="content.theme_changed")
    assert (entry.actor, entry.changes["name_en"][1], entry.changes["is_active"]) == (
        administrator,
        "Bribes",
        [True, False],
    )


def test_admin_offers_no_deletion_of_a_theme(client, administrator):
    theme = Theme.objects.get(slug="suap")
    client.force_login(administrator)

    response = client.post(reverse("admin:content_theme_delete", args=[theme.pk]), {"post": "yes"})

    assert response.status_code == 403
    assert Theme.objects.filter(pk=theme.pk).exists()


def management(prefix: str, total: int, initial: int) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_admin_add_content_item_goes_through_the_service(client, administrator, network):
    client.force_login(administrator)
    data = {
        "title": "ILM Pengadaan",
        "kind": "public_service_ad",
        "origin": "kpk",
        "owner": network.kpk.pk,
        "language": "id",
        "themes": [Theme.objects.get(slug="pengadaan-barang-dan-jasa").pk],
        **management("captions", 1, 0),
        "captions-0-platform": "instagram",
        "captions-0-text": "Pengadaan bersih!",
        **management("assets", 0, 0),
    }

    response = client.post(reverse("admin:content_contentitem_add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    item = ContentItem.objects.get()
    assert item.created_by == administrator
    assert list(Caption.objects.values_list("platform", "text")) == [
        ("instagram", "Pengadaan bersih!")
    ]
    assert list(
        AuditEntry.objects.filter(target_id=str(item.pk))
        .order_by("sequence")
        .values_list("action", flat=True)
    ) == ["content.item_created", "content.captions_changed"]


def test_admin_add_content_item_refuses_a_partner_owner_for_kpk_content(
    client, administrator, network
):
    client.force_login(administrator)
    data = {
        "title": "ILM",
        "kind": "video",
        "origin": "kpk",
        "owner": network.city.pk,
        "language": "id",
        **management("captions", 0, 0),
        **management("assets", 0, 0),
    }

    response = client.post(reverse("admin:content_contentitem_add"), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "origin": ["Content of KPK origin is owned by a KPK unit."]
    }
    assert ContentItem.objects.count() == 0


def test_admin_shows_requests_notices_and_versions_read_only(client, administrator):
    from content.models import ItemVersion, Notice, Request
    from tests.factories import ItemVersionFactory, NoticeConfirmationFactory, ProofFactory

    proof = ProofFactory()
    confirmation = NoticeConfirmationFactory(notice__item=proof.request.item, request=proof.request)
    version = ItemVersionFactory(item=proof.request.item)
    client.force_login(administrator)

    for model, row in [
        (Request, proof.request),
        (Notice, confirmation.notice),
        (ItemVersion, version),
    ]:
        listing = client.get(admin_changelist(model))
        opts = model._meta
        change = client.get(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk])
        )
        add = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))

        assert changelist_results(listing) == [row]
        assert change.status_code == 200
        # Changes go through the services from the pages: the admin only shows.
        assert 'type="submit"' not in change.content.decode().split('id="content-main"')[1]
        assert add.status_code == 403
    assert (
        proof.url
        in client.get(
            reverse("admin:content_request_change", args=[proof.request.pk])
        ).content.decode()
    )
