"""The hourly scan: images whose sizes a lost task never made get them, once."""

from datetime import timedelta

from django.utils import timezone

from content.models import Rendition
from notifications.models import ScheduledScan
from notifications.schedule import get_scan
from tests.content.library import image_asset, item_of, rendition_of
from tests.factories import AssetFactory

SCAN = "content.missing_renditions"
EVERY_SIZE = sorted(Rendition.Name.values)


def run(django_capture_on_commit_callbacks, minutes_from_now=60) -> str:
    with django_capture_on_commit_callbacks(execute=True):
        return get_scan(SCAN).run(now=timezone.now() + timedelta(minutes=minutes_from_now))


def sizes(asset) -> list[str]:
    return sorted(asset.renditions.values_list("name", flat=True))


def test_migrate_schedules_the_scan_hourly(db):
    scan = ScheduledScan.objects.get(scan=SCAN)

    assert (scan.interval_minutes, scan.daily_at, scan.enabled) == (60, None, True)


def test_scan_makes_the_sizes_an_image_lacks(network, media, django_capture_on_commit_callbacks):
    item = item_of(network.kpk)
    lost = image_asset(item)
    half = image_asset(item)
    rendition_of(half, "thumbnail")
    kept = rendition_of(half, "square")

    result = run(django_capture_on_commit_callbacks)

    assert result == "Images queued: 2"
    assert sizes(lost) == EVERY_SIZE
    assert sizes(half) == EVERY_SIZE
    # What existed is left as it was.
    assert Rendition.objects.get(asset=half, name="square").file.name == kept.file.name


def test_scan_run_twice_has_the_effect_of_once(network, media, django_capture_on_commit_callbacks):
    asset = image_asset(item_of(network.kpk))

    first = run(django_capture_on_commit_callbacks)
    second = run(django_capture_on_commit_callbacks)

    assert (first, second) == ("Images queued: 1", "Images queued: 0")
    assert sizes(asset) == EVERY_SIZE
    assert Rendition.objects.count() == len(EVERY_SIZE)


def test_scan_leaves_fresh_uploads_to_their_own_task_and_ignores_other_files(
    network, media, django_capture_on_commit_callbacks
):
    item = item_of(network.kpk)
    fresh = image_asset(item)
    AssetFactory(item=item)  # a PDF has no sizes
    AssetFactory(item=item, link=True)

    result = run(django_capture_on_commit_callbacks, minutes_from_now=0)

    assert result == "Images queued: 0"
    assert sizes(fresh) == []
