import pytest
from django.utils import timezone, translation

from notifications.scans import daily_digest, stalled_deliveries

pytestmark = pytest.mark.django_db


def test_daily_digest_result_reads_in_the_sites_language():
    with translation.override("id"):
        indonesian = daily_digest(now=timezone.now())
    with translation.override("en"):
        english = daily_digest(now=timezone.now())

    assert (indonesian, english) == ("0 ringkasan", "0 digests")


def test_stalled_deliveries_result_reads_in_the_sites_language():
    with translation.override("id"):
        assert stalled_deliveries(now=timezone.now()) == "0 diantrekan ulang"
