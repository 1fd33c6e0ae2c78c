from datetime import UTC, datetime, timedelta

from django.db import migrations, models


def fifty_rows(apps, schema_editor):
    Row = apps.get_model("bare", "Row")
    start = datetime(2026, 1, 1, 9, tzinfo=UTC)
    Row.objects.bulk_create(
        Row(
            name=f"Diskominfo Kabupaten Contoh {number}",
            kind=("diskominfo_regency", "media", "kpk_unit")[number % 3],
            created_at=start + timedelta(hours=number),
        )
        for number in range(1, 51)
    )


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Row",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=200)),
                ("kind", models.CharField(max_length=24)),
                ("created_at", models.DateTimeField()),
            ],
            options={"ordering": ["pk"]},
        ),
        migrations.RunPython(fifty_rows, migrations.RunPython.noop),
    ]
