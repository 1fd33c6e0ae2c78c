"""The library's models: their constraints hold whatever writes to the database."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from content.models import Asset, ContentItem, Theme
from tests.factories import AssetFactory, CaptionFactory, ContentItemFactory, ScopeItemFactory

pytestmark = pytest.mark.django_db


def test_themes_are_seeded_in_indonesian_with_english_names():
    gratuities = Theme.objects.get(slug="gratifikasi")

    assert Theme.objects.filter(is_active=True).count() >= 9
    assert set(Theme.objects.values_list("slug", flat=True)) >= {
        "gratifikasi",
        "suap",
        "pencegahan-korupsi",
        "integritas",
        "pelayanan-publik",
        "pengadaan-barang-dan-jasa",
        "lhkpn",
        "whistleblowing",
        "pendidikan-antikorupsi",
    }
    with translation.override("id"):
        assert str(gratuities) == "Gratifikasi"
    with translation.override("en"):
        assert str(gratuities) == "Gratuities"


def test_theme_without_an_english_name_reads_indonesian_in_english():
    theme = Theme.objects.create(name="Zona integritas", slug="zona-integritas")

    with translation.override("en"):
        assert theme.label == "Zona integritas"


def test_content_item_validity_before_embargo_is_refused_by_the_database():
    now = timezone.now()

    with pytest.raises(IntegrityError), transaction.atomic():
        ContentItemFactory(not_before=now, not_after=now - timedelta(hours=1))


def test_content_item_scope_item_without_agreement_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        ContentItemFactory(scope_item=ScopeItemFactory())


def test_asset_with_both_file_and_link_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        AssetFactory(external_url="https://www.youtube.com/watch?v=a")


def test_asset_with_neither_file_nor_link_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        AssetFactory(file="")


def test_asset_link_that_is_not_a_video_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        AssetFactory(link=True, kind=Asset.Kind.AUDIO)


def test_asset_link_to_a_video_is_accepted():
    asset = AssetFactory(link=True)

    assert str(asset) == "https://www.youtube.com/watch?v=kpk-ilm"


def test_caption_is_once_per_platform():
    caption = CaptionFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        CaptionFactory(item=caption.item, platform=caption.platform)


def test_content_item_is_a_draft_by_default():
    assert ContentItemFactory().status == ContentItem.Status.DRAFT
