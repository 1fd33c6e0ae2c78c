"""Indonesia's provinces and regencies/cities, shipped in ``partnerships/data/regions``.

Data: idn-area-data 4.0.1, Open Database License (ODbL 1.0); see the README and LICENSE.md
beside the CSV files, which must travel with them.
"""

import csv
from pathlib import Path

from django.db import transaction

from .models import Province, Regency

DATA_DIR = Path(__file__).resolve().parent / "data" / "regions"


def _rows(name):
    with open(DATA_DIR / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@transaction.atomic
def load_regions() -> tuple[int, int]:
    """Insert or update every province and regency/city; safe to run any number of times."""
    provinces = [
        Province(code=row["code"], name=row["name"], time_zone=row["time_zone"])
        for row in _rows("provinces.csv")
    ]
    Province.objects.bulk_create(
        provinces,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "time_zone"],
    )
    regencies = [
        Regency(
            code=row["code"],
            province_id=row["province_code"],
            name=row["name"],
            kind=Regency.Kind.CITY if row["name"].startswith("Kota ") else Regency.Kind.REGENCY,
        )
        for row in _rows("regencies.csv")
    ]
    Regency.objects.bulk_create(
        regencies,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["province", "name", "kind"],
    )
    return len(provinces), len(regencies)
