"""The anti-corruption topics the library starts with; administrators manage the list after."""

from django.db import migrations

THEMES = [
    ("gratifikasi", "Gratifikasi", "Gratuities"),
    ("suap", "Suap", "Bribery"),
    ("pencegahan-korupsi", "Pencegahan korupsi", "Corruption prevention"),
    ("integritas", "Integritas", "Integrity"),
    ("pelayanan-publik", "Pelayanan publik", "Public services"),
    ("pengadaan-barang-dan-jasa", "Pengadaan barang dan jasa", "Procurement of goods and services"),
    ("lhkpn", "LHKPN", "Officials' wealth reports (LHKPN)"),
    ("whistleblowing", "Whistleblowing", "Whistleblowing"),
    ("pendidikan-antikorupsi", "Pendidikan antikorupsi", "Anti-corruption education"),
    ("benturan-kepentingan", "Benturan kepentingan", "Conflicts of interest"),
    ("penindakan", "Penindakan", "Law enforcement"),
    ("budaya-antikorupsi", "Budaya antikorupsi", "Anti-corruption culture"),
]


def seed(apps, schema_editor):
    Theme = apps.get_model("content", "Theme")
    for slug, name, name_en in THEMES:
        Theme.objects.get_or_create(slug=slug, defaults={"name": name, "name_en": name_en})


def unseed(apps, schema_editor):
    # Only the seeded themes nobody has used go; the rest are data by now.
    Theme = apps.get_model("content", "Theme")
    Theme.objects.filter(slug__in=[slug for slug, *_names in THEMES], items=None).delete()


class Migration(migrations.Migration):
    dependencies = [("content", "0001_library")]

    operations = [migrations.RunPython(seed, unseed)]
