"""The library page, the item page and the item and file forms."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from agreements.models import ScopeItem
from audit.models import AuditEntry
from content.models import Asset, Caption, ContentItem, Theme
from content.services import create_item
from tests.content.library import (
    every_rendition,
    image_asset,
    item_of,
    joint_item,
    rendition_of,
    url,
)
from tests.content.media import MP4, SCRIPT, large_upload, upload
from tests.content.test_images import noisy_jpeg, png, png_claiming
from tests.factories import (
    AgreementFactory,
    CaptionFactory,
    ScopeItemFactory,
    UserFactory,
)
from tests.helpers import count_queries, messages_of, stored_files

Status = ContentItem.Status
LIBRARY = url("library")
CREATE = url("item_create")


@pytest.fixture
def items(network):
    """One item of each kind of reach, named by who it belongs to and its state."""
    return {
        "kpk_draft": item_of(network.kpk, title="Draf KPK"),
        "kpk_approved": item_of(network.kpk, title="Infografis KPK", status=Status.APPROVED),
        "kpk_public": item_of(
            network.kpk, title="ILM Publik", status=Status.APPROVED, is_public=True
        ),
        "city_draft": item_of(network.city, title="Draf Palembang"),
        "foreign_draft": item_of(network.foreign, title="Draf Medan"),
        "joint": joint_item(network.foreign, network.city, title="Produksi Bersama Medan"),
    }


def titles(response) -> set[str]:
    return {item.title for item in response.context["page"].object_list}


# The library page


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (
            "kpk_manager",
            {"kpk_draft", "kpk_approved", "kpk_public", "city_draft", "foreign_draft", "joint"},
        ),
        ("partner_operator", {"kpk_approved", "kpk_public", "city_draft", "joint"}),
        ("province_manager", {"kpk_approved", "kpk_public"}),
        (
            "administrator",
            {"kpk_draft", "kpk_approved", "kpk_public", "city_draft", "foreign_draft", "joint"},
        ),
    ],
)
def test_library_lists_only_what_the_user_may_see(network, client_as, items, role, expected):
    response = client_as(getattr(network, role)).get(LIBRARY)

    assert response.status_code == 200
    assert titles(response) == {items[key].title for key in expected}
    page = response.content.decode()
    for key in set(items) - expected:
        assert items[key].title not in page


def test_library_asks_an_anonymous_visitor_to_sign_in(client, items):
    response = client.get(LIBRARY)

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_library_filters_by_kind_theme_origin_status_agreement_dates_and_words(
    network, client_as, items
):
    theme = Theme.objects.get(slug="suap")
    agreement = AgreementFactory(between=[network.kpk, network.city])
    video = item_of(
        network.kpk,
        title="Video Suap",
        kind=ContentItem.Kind.VIDEO,
        description="Kisah nyata pelaporan suap",
        status=Status.APPROVED,
        agreement=agreement,
    )
    video.themes.add(theme)
    ContentItem.objects.filter(pk=items["kpk_draft"].pk).update(
        created_at=timezone.now() - timedelta(days=40)
    )
    client = client_as(network.kpk_staff)
    today = timezone.localdate()

    def found(**query):
        return titles(client.get(LIBRARY, query))

    assert found(kind="video") == {"Video Suap"}
    assert found(theme=theme.pk) == {"Video Suap"}
    assert found(origin="partner") == {"Draf Palembang", "Draf Medan"}
    assert found(origin="joint") == {"Produksi Bersama Medan"}
    assert found(agreement=agreement.pk) == {"Video Suap"}
    assert found(status="draft") == {
        "Draf KPK",
        "Draf Palembang",
        "Draf Medan",
        "Produksi Bersama Medan",
    }
    assert found(q="pelaporan") == {"Video Suap"}
    assert found(q="medan") == {"Draf Medan", "Produksi Bersama Medan"}
    assert found(created_to=(today - timedelta(days=30)).isoformat()) == {"Draf KPK"}
    assert "Draf KPK" not in found(created_from=(today - timedelta(days=1)).isoformat())


def test_library_agreement_filter_refuses_an_agreement_out_of_sight(network, client_as, items):
    hidden = AgreementFactory(between=[network.kpk, network.foreign])
    item_of(network.kpk, title="Untuk Medan", status=Status.APPROVED, agreement=hidden)

    response = client_as(network.partner_operator).get(LIBRARY, {"agreement": hidden.pk})

    assert response.context["filter"].form.errors["agreement"]
    assert hidden.title not in response.content.decode()


def test_library_card_shows_the_thumbnail_through_the_access_checked_view(
    network, client_as, items, media
):
    asset = image_asset(items["kpk_approved"])
    rendition_of(asset)

    page = client_as(network.partner_operator).get(LIBRARY).content.decode()

    assert url("rendition", items["kpk_approved"].pk, asset.pk, "thumbnail") in page
    # Without a thumbnail the card shows its kind's icon.
    assert "fa-image" in page


def test_library_new_content_button_only_for_who_may_add(network, client_as, items):
    def offers(user):
        return 'data-testid="new-content"' in client_as(user).get(LIBRARY).content.decode()

    assert offers(network.kpk_staff)
    assert offers(network.partner_operator)
    # Someone without a membership makes content for no organisation.
    assert not offers(UserFactory())


@pytest.mark.parametrize("role", ["kpk_manager", "partner_operator"])
def test_library_queries_do_not_grow_with_items(network, client_as, role, media):
    client = client_as(getattr(network, role))

    def grow(times):
        for number in range(times):
            item = item_of(network.kpk, status=Status.APPROVED, title=f"Materi {number}")
            item.themes.add(*Theme.objects.all()[:2])
            asset = image_asset(item)
            rendition_of(asset)
            joint_item(network.kpk, network.city).themes.add(Theme.objects.first())

    grow(2)
    few = count_queries(lambda: client.get(LIBRARY))
    grow(12)
    many = count_queries(lambda: client.get(LIBRARY))

    assert few == many
    assert len(client.get(LIBRARY).context["page"].object_list) == 24


def test_navbar_links_the_library_for_signed_in_people(network, client_as, anonymous_client):
    page = client_as(network.partner_operator).get(url("library")).content.decode()

    assert 'data-testid="nav-content"' in page


# The item page


def test_item_page_shows_the_item_for_its_owner(network, client_as, media):
    agreement = AgreementFactory(between=[network.kpk, network.city], title="PKS Palembang")
    scope = ScopeItemFactory(agreement=agreement)
    item = create_item(
        owner=network.kpk,
        origin=ContentItem.Origin.KPK,
        title="ILM Gratifikasi",
        kind=ContentItem.Kind.PUBLIC_SERVICE_AD,
        description="Tolak gratifikasi.",
        hashtags="#AntiKorupsi",
        agreement=agreement,
        scope_item=scope,
        themes=[Theme.objects.get(slug="suap")],
        captions={"instagram": "Tolak gratifikasi! #KPK", "x": "Laporkan gratifikasi."},
        by=network.kpk_staff,
    )
    asset = image_asset(item, name="poster.png")
    every_rendition(asset)
    Asset.objects.create(
        item=item, kind=Asset.Kind.VIDEO, external_url="https://www.youtube.com/watch?v=kpk"
    )

    response = client_as(network.kpk_manager).get(url("item_detail", item.pk))

    page = response.content.decode()
    assert response.status_code == 200
    for text in (
        "ILM Gratifikasi",
        "Tolak gratifikasi.",
        "#AntiKorupsi",
        "Tolak gratifikasi! #KPK",
        "Laporkan gratifikasi.",
        "poster.png",
        "https://www.youtube.com/watch?v=kpk",
        "PKS Palembang",
        "Biro Hubungan Masyarakat KPK",
        "created the content item",
        url("asset_download", item.pk, asset.pk),
        url("rendition", item.pk, asset.pk, "square"),
        url("package", item.pk),
        url("item_update", item.pk),
        url("asset_add", item.pk),
    ):
        assert text in page, text
    assert page.count('data-copy-target="caption-') == 2


def test_item_page_of_an_approved_kpk_item_for_a_partner_has_no_edit_buttons(
    network, client_as, items
):
    response = client_as(network.partner_operator).get(url("item_detail", items["kpk_approved"].pk))

    page = response.content.decode()
    assert response.status_code == 200
    assert url("item_update", items["kpk_approved"].pk) not in page
    assert url("asset_add", items["kpk_approved"].pk) not in page


@pytest.mark.parametrize(
    ("role", "key", "status"),
    [
        ("partner_operator", "kpk_draft", 404),
        ("partner_operator", "foreign_draft", 404),
        ("partner_operator", "joint", 200),
        ("partner_operator", "city_draft", 200),
        ("province_manager", "city_draft", 404),
        ("kpk_staff", "foreign_draft", 200),
    ],
)
def test_item_page_access(network, client_as, items, role, key, status):
    response = client_as(getattr(network, role)).get(url("item_detail", items[key].pk))

    assert response.status_code == status
    if status == 404:
        assert items[key].title not in response.content.decode()


def test_item_page_public_item_opens_without_an_account_and_without_history(
    anonymous_client, items
):
    public = anonymous_client.get(url("item_detail", items["kpk_public"].pk))
    private = anonymous_client.get(url("item_detail", items["kpk_approved"].pk))

    assert public.status_code == 200
    assert public.context["history"] is None
    assert private.status_code == 302
    assert "/accounts/login/" in private.url


def test_item_page_unknown_item_is_not_found(network, client_as):
    assert client_as(network.kpk_manager).get(url("item_detail", 999999)).status_code == 404


def test_item_page_queries_do_not_grow_with_assets_and_captions(network, client_as, media):
    item = item_of(network.kpk)
    client = client_as(network.kpk_manager)

    platforms = iter(["instagram", "x", "facebook", "tiktok", "youtube"])

    def grow(times):
        for _ in range(times):
            every_rendition(image_asset(item))
            CaptionFactory(item=item, platform=next(platforms))

    grow(1)
    few = count_queries(lambda: client.get(url("item_detail", item.pk)))
    grow(3)
    many = count_queries(lambda: client.get(url("item_detail", item.pk)))

    assert few == many


# Creating and changing an item


def form_data(**fields):
    data = {
        "title": "Infografis LHKPN",
        "kind": "image",
        "origin": "kpk",
        "description": "Cara melapor LHKPN.",
        "hashtags": "#LHKPN",
        "language": "id",
        "not_before": "",
        "not_after": "",
        "caption_instagram": "Sudah lapor LHKPN? #KPK",
    }
    data.update(fields)
    return data


def test_create_item_kpk_staff_makes_a_draft_with_captions_and_themes(network, client_as):
    theme = Theme.objects.get(slug="suap")

    response = client_as(network.kpk_staff).post(
        CREATE,
        form_data(owner=network.kpk.pk, themes=[theme.pk], not_before="2026-12-01T08:00"),
    )

    item = ContentItem.objects.get()
    assert response.status_code == 302
    assert response.url == url("item_detail", item.pk)
    assert (item.title, item.owner, item.status, item.created_by) == (
        "Infografis LHKPN",
        network.kpk,
        Status.DRAFT,
        network.kpk_staff,
    )
    assert list(item.themes.all()) == [theme]
    assert dict(item.captions.values_list("platform", "text")) == {
        "instagram": "Sudah lapor LHKPN? #KPK"
    }
    # The picker's time is the local time of Jakarta.
    assert item.not_before == datetime(2026, 12, 1, 8, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    assert messages_of(response) == ["Content saved."]
    assert AuditEntry.objects.filter(action="content.item_created").count() == 1


def test_create_item_page_offers_only_the_users_own_organisations(network, client_as):
    kpk_page = client_as(network.kpk_staff).get(CREATE)
    partner_page = client_as(network.partner_operator).get(CREATE)

    assert list(kpk_page.context["form"].fields["owner"].queryset) == [network.kpk]
    assert list(partner_page.context["form"].fields["owner"].queryset) == [network.city]


def test_create_item_for_another_organisation_is_refused_and_stores_nothing(network, client_as):
    response = client_as(network.partner_operator).post(
        CREATE, form_data(owner=network.foreign.pk, origin="partner")
    )

    assert response.status_code == 200
    assert "owner" in response.context["form"].errors
    assert ContentItem.objects.count() == 0


def test_create_item_without_an_organisation_to_make_it_for_is_forbidden(db, client_as):
    assert client_as(UserFactory()).get(CREATE).status_code == 403


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"not_before": "2026-12-02T08:00", "not_after": "2026-12-01T08:00"},
            "not_after",
            "The validity must end after the embargo.",
        ),
        (
            {"origin": "joint"},
            "co_producers",
            "Name the organisations that produce it together with the owner.",
        ),
        (
            {"origin": "partner"},
            "origin",
            "A partner's content is owned by the partner, not by a KPK unit.",
        ),
        ({"title": ""}, "title", "This field is required."),
    ],
)
def test_create_item_refusals_show_by_field_and_store_nothing(
    network, client_as, fields, field, message
):
    response = client_as(network.kpk_staff).post(CREATE, form_data(owner=network.kpk.pk, **fields))

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert message.replace("'", "&#x27;") in response.content.decode()
    assert ContentItem.objects.count() == 0
    assert Caption.objects.count() == 0


def test_create_item_refusal_reads_indonesian_for_an_indonesian_user(network, client_as):
    network.kpk_staff.language = "id"
    network.kpk_staff.save()

    response = client_as(network.kpk_staff).post(
        CREATE,
        form_data(
            owner=network.kpk.pk, not_before="2026-12-02T08:00", not_after="2026-12-01T08:00"
        ),
    )

    assert response.context["form"].has_error("not_after")
    assert "Masa berlaku harus berakhir setelah embargo." in response.content.decode()


def test_create_item_scope_item_must_belong_to_the_agreement(network, client_as):
    agreement = AgreementFactory(between=[network.kpk, network.city])
    other = ScopeItemFactory(agreement=AgreementFactory(between=[network.kpk, network.city]))

    response = client_as(network.kpk_staff).post(
        CREATE, form_data(owner=network.kpk.pk, agreement=agreement.pk, scope_item=other.pk)
    )

    assert response.context["form"].errors["scope_item"] == [
        "This scope item belongs to another agreement."
    ]
    assert ContentItem.objects.count() == 0


def test_create_item_agreement_out_of_sight_is_not_accepted(network, client_as):
    hidden = AgreementFactory(between=[network.kpk, network.foreign])

    response = client_as(network.partner_operator).post(
        CREATE, form_data(owner=network.city.pk, origin="partner", agreement=hidden.pk)
    )

    assert "agreement" in response.context["form"].errors
    assert hidden.title not in response.content.decode()
    assert ContentItem.objects.count() == 0


def test_create_item_joint_production_with_a_kpk_co_producer(network, client_as):
    response = client_as(network.partner_manager).post(
        CREATE,
        form_data(owner=network.city.pk, origin="joint", co_producers=[network.kpk.pk]),
    )

    assert response.status_code == 302
    item = ContentItem.objects.get()
    assert list(item.co_producers.all()) == [network.kpk]


def test_create_item_co_producer_picker_offers_the_chosen_and_the_found_not_every_organisation(
    network, client_as
):
    client = client_as(network.kpk_staff)

    blank = client.get(CREATE).content.decode()
    searched = client.post(
        CREATE, form_data(origin="joint", co_producers_search="Palembang")
    ).content.decode()

    # KPK may name any of the network's organisations: the page lists none until searched.
    assert network.foreign.name not in blank
    assert network.city.name in searched
    assert network.foreign.name not in searched
    assert ContentItem.objects.count() == 0


def _agreements_with_scope(network, count):
    for number in range(count):
        agreement = AgreementFactory(
            title=f"PKS Contoh {number:02}", between=[network.kpk, network.city]
        )
        ScopeItemFactory.create_batch(2, agreement=agreement)


def test_create_item_page_lists_no_agreement_nor_scope_item_whatever_their_number(
    network, client_as
):
    """A KPK person may link any of some two thousand agreements and three thousand scope items:
    the page offers none of them until one is searched, at the same size and cost."""
    client = client_as(network.kpk_staff)
    _agreements_with_scope(network, 3)
    few_queries = count_queries(lambda: client.get(CREATE))
    few = client.get(CREATE).content.decode()
    _agreements_with_scope(network, 30)
    many_queries = count_queries(lambda: client.get(CREATE))
    many = client.get(CREATE).content.decode()

    assert many.count("<option") == few.count("<option")
    assert len(many) == len(few)
    assert many_queries == few_queries
    assert "PKS Contoh" not in many


def test_create_item_with_an_agreement_and_its_scope_item(network, client_as):
    agreement = AgreementFactory(title="PKS Palembang", between=[network.kpk, network.city])
    scope = ScopeItemFactory(agreement=agreement)

    response = client_as(network.partner_operator).post(
        CREATE,
        form_data(
            owner=network.city.pk, origin="partner", agreement=agreement.pk, scope_item=scope.pk
        ),
    )

    item = ContentItem.objects.get()
    assert response.status_code == 302
    assert (item.agreement, item.scope_item) == (agreement, scope)


def test_create_item_scope_item_without_its_agreement_is_refused(network, client_as):
    scope = ScopeItemFactory(agreement=AgreementFactory(between=[network.kpk, network.city]))

    response = client_as(network.kpk_staff).post(
        CREATE, form_data(owner=network.kpk.pk, scope_item=scope.pk)
    )

    assert response.context["form"].errors["scope_item"] == [
        "A scope item belongs to an agreement: choose it too."
    ]
    assert ContentItem.objects.count() == 0


def test_create_item_agreement_search_without_script_offers_the_matches_and_their_scope(
    network, client_as
):
    """Without script: search, submit, and the page offers the agreements found and their scope
    items, to choose both and submit again."""
    palembang = AgreementFactory(title="PKS Palembang", between=[network.kpk, network.city])
    scope = ScopeItemFactory(agreement=palembang, area=ScopeItem.Area.EDUCATION)
    AgreementFactory(title="PKS Medan", between=[network.kpk, network.foreign])
    client = client_as(network.kpk_staff)

    searched = client.post(
        CREATE, form_data(owner=network.kpk.pk, agreement="", agreement_search="palembang")
    )
    page = searched.content.decode()
    chosen = client.post(
        CREATE, form_data(owner=network.kpk.pk, agreement=palembang.pk, scope_item=scope.pk)
    )

    assert searched.context["form"].errors["agreement"] == [
        "Choose one of the agreements found, or search again."
    ]
    assert f'<option value="{palembang.pk}">PKS Palembang</option>' in page
    assert f'<option value="{scope.pk}">PKS Palembang · Education and training</option>' in page
    assert "PKS Medan" not in page
    assert chosen.status_code == 302
    assert ContentItem.objects.get().scope_item == scope


def test_update_item_offers_its_agreement_and_only_its_scope_items(network, client_as):
    agreement = AgreementFactory(title="PKS Palembang", between=[network.kpk, network.city])
    scope = ScopeItemFactory(agreement=agreement, area=ScopeItem.Area.EDUCATION)
    other = ScopeItemFactory(agreement=AgreementFactory(title="PKS Medan"))
    item = item_of(network.kpk, agreement=agreement, scope_item=scope)

    page = client_as(network.kpk_staff).get(url("item_update", item.pk)).content.decode()

    assert f'<option value="{agreement.pk}" selected>PKS Palembang</option>' in page
    assert (
        f'<option value="{scope.pk}" selected>PKS Palembang · Education and training</option>'
        in page
    )
    assert other.agreement.title not in page


def test_update_item_changes_details_and_captions_in_one_audited_step(network, client_as):
    item = create_item(
        owner=network.city,
        origin=ContentItem.Origin.PARTNER,
        title="Draf",
        kind=ContentItem.Kind.IMAGE,
        captions={"instagram": "Lama", "x": "Hapus saya"},
        by=network.partner_operator,
    )
    client = client_as(network.partner_operator)
    page = client.get(url("item_update", item.pk))
    assert page.context["form"]["caption_instagram"].value() == "Lama"

    response = client.post(
        url("item_update", item.pk),
        form_data(title="Judul Baru", origin="partner", caption_instagram="Baru", caption_x=""),
    )

    item.refresh_from_db()
    assert response.status_code == 302
    assert item.title == "Judul Baru"
    assert item.owner == network.city
    assert dict(item.captions.values_list("platform", "text")) == {"instagram": "Baru"}
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))
    assert actions[-2:] == ["content.item_changed", "content.captions_changed"]


def test_update_item_refusal_keeps_everything_as_it_was(network, client_as):
    item = create_item(
        owner=network.kpk,
        origin=ContentItem.Origin.KPK,
        title="Asli",
        kind=ContentItem.Kind.IMAGE,
        by=network.kpk_staff,
    )

    response = client_as(network.kpk_staff).post(
        url("item_update", item.pk),
        form_data(title="Baru", origin="partner", caption_instagram="Tidak tersimpan"),
    )

    item.refresh_from_db()
    assert response.status_code == 200
    assert item.title == "Asli"
    assert item.captions.count() == 0


@pytest.mark.parametrize(
    ("role", "key", "status"),
    [
        ("partner_operator", "kpk_approved", 403),
        ("partner_operator", "foreign_draft", 404),
        ("partner_operator", "joint", 403),
        ("partner_operator", "city_draft", 200),
        ("kpk_staff", "city_draft", 403),
        ("kpk_staff", "kpk_draft", 200),
    ],
)
def test_update_item_access(network, client_as, items, role, key, status):
    response = client_as(getattr(network, role)).get(url("item_update", items[key].pk))

    assert response.status_code == status


def test_update_item_of_an_approved_partner_item_is_forbidden_on_post_too(network, client_as):
    item = item_of(network.city, status=Status.APPROVED, title="Sudah Disetujui")

    response = client_as(network.partner_operator).post(
        url("item_update", item.pk), form_data(title="Diubah", origin="partner")
    )

    item.refresh_from_db()
    assert response.status_code == 403
    assert item.title == "Sudah Disetujui"


# Files


def add_url(item):
    return url("asset_add", item.pk)


def test_asset_add_uploads_an_image_and_goes_back_to_the_item(network, client_as, media):
    item = item_of(network.kpk)

    response = client_as(network.kpk_staff).post(
        add_url(item), {"file": upload(png(size=(40, 20)), "poster.png")}
    )

    asset = Asset.objects.get()
    assert response.status_code == 302
    assert response.url == f"{url('item_detail', item.pk)}#assets"
    assert (asset.kind, asset.original_name) == ("image", "poster.png")
    # The renditions task ran (tasks are eager in tests) once the upload committed.
    assert messages_of(response) == ["poster.png added."]


def test_asset_add_video_link(network, client_as, media):
    item = item_of(network.kpk)

    response = client_as(network.kpk_staff).post(
        add_url(item), {"external_url": "https://www.youtube.com/watch?v=ilm"}
    )

    assert response.status_code == 302
    assert Asset.objects.get().external_url == "https://www.youtube.com/watch?v=ilm"
    assert stored_files(media) == []


SVG_WITH_SCRIPT = b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"
NOT_ACCEPTED = (
    "Only images (JPEG, PNG, WebP, GIF), PDF documents, video (MP4, MOV, WebM, MKV) and audio "
    "(MP3, M4A, OGG, WAV) are accepted, and this file is none of them."
)
MARKUP = (
    "The image also holds web page or script code, so it is not accepted. "
    "Save it again from an image editor and upload that copy."
)
TOO_MANY_PIXELS = (
    "The image has more pixels than the 50 megapixels accepted. "
    "Make it smaller and upload it again."
)
DAMAGED = "The image is damaged or incomplete, so it cannot be read."


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        pytest.param(SVG_WITH_SCRIPT, "logo.svg", NOT_ACCEPTED, id="svg-with-script"),
        pytest.param(SCRIPT, "foto.jpg", NOT_ACCEPTED, id="script-renamed-jpg"),
        pytest.param(
            png() + b"<!doctype html><html><script>alert(1)</script></html>",
            "poster.png",
            MARKUP,
            id="png-html-polyglot",
        ),
        pytest.param(png_claiming(50_000, 50_000), "bom.png", TOO_MANY_PIXELS, id="bomb"),
        pytest.param(noisy_jpeg()[:2000], "foto.jpg", DAMAGED, id="truncated"),
    ],
)
def test_asset_add_bad_upload_shows_why_and_stores_nothing(
    network, client_as, media, content, name, message
):
    item = item_of(network.kpk)
    before = AuditEntry.objects.count()

    response = client_as(network.kpk_staff).post(add_url(item), {"file": upload(content, name)})

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [message]
    assert Asset.objects.count() == 0
    assert AuditEntry.objects.count() == before
    assert stored_files(media) == []


def test_asset_add_bad_upload_reads_indonesian_for_an_indonesian_user(network, client_as, media):
    network.kpk_staff.language = "id"
    network.kpk_staff.save()
    item = item_of(network.kpk)

    response = client_as(network.kpk_staff).post(
        add_url(item), {"file": upload(SCRIPT, "foto.jpg")}
    )

    assert response.context["form"].has_error("file")
    assert "Hanya gambar" in response.content.decode()
    assert Asset.objects.count() == 0


def test_asset_add_oversized_video_streamed_to_disk_is_refused_and_nothing_kept(
    network, client_as, media, settings, monkeypatch
):
    settings.MEDIA_MAX_MB = 1
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    from content import uploads

    received = []
    accept = uploads.accept_upload

    def spy(file):
        received.append(type(file).__name__)
        return accept(file)

    monkeypatch.setattr(uploads, "accept_upload", spy)
    item = item_of(network.kpk)

    with large_upload(MP4 + b"\x00" * (1024 * 1024), "ilm.mp4") as video:
        response = client_as(network.kpk_staff).post(add_url(item), {"file": video})

    assert received == ["TemporaryUploadedFile"]
    assert response.context["form"].errors["file"] == ["The file is larger than 1 MB."]
    assert Asset.objects.count() == 0
    assert stored_files(media) == []


def test_upload_settings_stream_large_files_to_disk(settings):
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 2_621_440
    assert settings.FILE_UPLOAD_HANDLERS[-1] == (
        "django.core.files.uploadhandler.TemporaryFileUploadHandler"
    )


def test_asset_add_neither_file_nor_link_says_so(network, client_as, media):
    item = item_of(network.kpk)

    response = client_as(network.kpk_staff).post(add_url(item), {})

    assert response.context["form"].non_field_errors() == [
        "Give either a file or a video link, not both."
    ]
    assert Asset.objects.count() == 0


def test_asset_add_http_link_is_refused(network, client_as, media):
    item = item_of(network.kpk)

    response = client_as(network.kpk_staff).post(
        add_url(item), {"external_url": "http://www.youtube.com/watch?v=ilm"}
    )

    assert response.context["form"].errors["external_url"] == [
        "Enter a video link that starts with https://."
    ]
    assert Asset.objects.count() == 0


@pytest.mark.parametrize(
    ("role", "key", "status"),
    [
        ("partner_operator", "kpk_approved", 403),
        ("partner_operator", "kpk_draft", 404),
        ("partner_operator", "city_draft", 200),
        ("kpk_staff", "kpk_draft", 200),
    ],
)
def test_asset_add_access(network, client_as, items, role, key, status):
    assert client_as(getattr(network, role)).get(add_url(items[key])).status_code == status


def test_asset_remove_deletes_the_file(
    network, client_as, media, django_capture_on_commit_callbacks
):
    item = item_of(network.kpk)
    asset = image_asset(item)
    rendition_of(asset)

    with django_capture_on_commit_callbacks(execute=True):
        response = client_as(network.kpk_staff).post(url("asset_remove", item.pk, asset.pk))

    assert response.status_code == 302
    assert Asset.objects.count() == 0
    assert stored_files(media) == []


def test_asset_remove_by_another_partner_is_not_found_and_keeps_the_file(network, client_as, media):
    item = item_of(network.foreign)
    asset = image_asset(item)

    response = client_as(network.partner_operator).post(url("asset_remove", item.pk, asset.pk))

    assert response.status_code == 404
    assert Asset.objects.count() == 1


def test_asset_remove_asset_of_another_item_is_not_found(network, client_as, media):
    mine = item_of(network.kpk)
    other = image_asset(item_of(network.kpk))

    response = client_as(network.kpk_staff).post(url("asset_remove", mine.pk, other.pk))

    assert response.status_code == 404
    assert Asset.objects.count() == 1


def test_asset_remove_by_get_is_not_allowed(network, client_as, media):
    item = item_of(network.kpk)
    asset = image_asset(item)

    assert (
        client_as(network.kpk_staff).get(url("asset_remove", item.pk, asset.pk)).status_code == 405
    )
