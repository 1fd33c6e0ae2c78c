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
