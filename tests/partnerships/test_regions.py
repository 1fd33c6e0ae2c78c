from io import StringIO

from django.core.management import call_command

from partnerships.models import Province, Regency
from partnerships.regions import load_regions


def test_load_regions_ships_every_province_and_regency(db):
    assert Province.objects.count() == 38
    assert Regency.objects.count() == 514
    assert Regency.objects.filter(province_id="16").count() == 17
    assert Province.objects.get(code="16").name == "Sumatera Selatan"
    assert Province.objects.get(code="94").time_zone == "Asia/Jayapura"


def test_load_regions_is_idempotent(db):
    load_regions()
    load_regions()
    assert Province.objects.count() == 38
    assert Regency.objects.get(code="16.71").kind == Regency.Kind.CITY
    assert Regency.objects.get(code="16.01").kind == Regency.Kind.REGENCY


def test_load_regions_command_restores_the_shipped_data(db):
    Province.objects.filter(code="16").update(name="Sumsel", time_zone="Asia/Jayapura")
    Regency.objects.filter(code="16.71").update(name="Palembang", kind=Regency.Kind.REGENCY)
    out = StringIO()

    call_command("load_regions", verbosity=2, stdout=out)

    assert out.getvalue() == "38 provinces, 514 regencies and cities loaded.\n"
    assert Province.objects.values_list("name", "time_zone").get(code="16") == (
        "Sumatera Selatan",
        "Asia/Jakarta",
    )
    assert Regency.objects.values_list("name", "kind").get(code="16.71") == (
        "Kota Palembang",
        Regency.Kind.CITY,
    )
    assert (Province.objects.count(), Regency.objects.count()) == (38, 514)


def test_every_province_has_a_known_time_zone(db):
    assert set(Province.objects.values_list("time_zone", flat=True)) == {
        "Asia/Jakarta",
        "Asia/Makassar",
        "Asia/Jayapura",
    }
    assert Province.objects.get(code="51").time_zone == "Asia/Makassar"


def test_every_province_has_regencies(db):
    assert Province.objects.filter(regencies=None).count() == 0
