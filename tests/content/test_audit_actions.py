"""How the content app's audit entries read on an item's history: codes as the reader names
them, dates the reader's way, nothing for what a new item left empty."""

from django.utils import translation
from django.utils.formats import date_format

from audit import actions
from audit.models import AuditEntry
from content import services
from content.models import ContentItem
from tests.content.dissemination import approved_item, due, sent


def entry(obj, action) -> AuditEntry:
    return AuditEntry.objects.filter(target_id=str(obj.pk), action=action).get()


def test_a_new_item_reads_its_caption_platforms_and_leaves_out_empty_lists(network):
    item = services.create_item(
        owner=network.kpk,
        origin=ContentItem.Origin.KPK,
        title="Infografis Gratifikasi",
        kind=ContentItem.Kind.IMAGE,
        captions={"instagram": "Tolak!", "website": "Siaran lengkap."},
        by=network.kpk_staff,
    )

    lines = actions.lines(entry(item, "content.item_created"))

    # Two platforms are one list, not a change from one to the other.
    assert "Captions: Instagram, Website" in lines
    assert not [line for line in lines if line.startswith(("Themes", "Co-producing"))]
    with translation.override("id"):
        assert "Keterangan unggahan: Instagram, Situs web" in actions.lines(
            entry(item, "content.item_created")
        )


def test_a_caption_change_and_an_added_file_name_the_platform_and_the_kind(network):
    item = approved_item(network)
    services.set_captions(item, {"website": "Siaran lengkap."}, by=network.kpk_staff)
    services.add_asset(item, external_url="https://youtu.be/demo", by=network.kpk_staff)

    assert actions.lines(entry(item, "content.captions_changed")) == ["Website: Siaran lengkap."]
    with translation.override("id"):
        assert actions.lines(entry(item, "content.captions_changed")) == [
            "Situs web: Siaran lengkap."
        ]
        # The stored changes are JSON (PostgreSQL keeps no key order): the line, wherever it is.
        assert "Jenis: Video" in actions.lines(entry(item, "content.asset_added"))


def test_sending_reads_the_due_date_the_readers_way(network):
    request = sent(network)

    lines = actions.lines(entry(request.item, "content.item_sent"))

    assert f"Due: {date_format(due(), 'DATE_FORMAT')}" in lines
    assert "Suggested channels: Instagram" in lines
