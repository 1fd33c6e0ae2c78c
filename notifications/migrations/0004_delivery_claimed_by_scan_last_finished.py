from django.db import migrations, models
from django.db.models import F


def settle_existing_rows(apps, schema_editor):
    ScheduledScan = apps.get_model("notifications", "ScheduledScan")
    # Runs before this migration left no trace of their end: count them as finished, or every
    # scan would look lost and run again at once.
    ScheduledScan.objects.filter(last_run_at__isnull=False).update(
        last_finished_at=F("last_run_at")
    )
    # The re-publisher now runs every minute; a schedule an administrator changed is kept.
    ScheduledScan.objects.filter(
        scan="notifications.stalled_deliveries", interval_minutes=5
    ).update(interval_minutes=1)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0003_delivery_message"),
    ]

    operations = [
        migrations.AddField(
            model_name="delivery",
            name="claimed_by",
            field=models.CharField(blank=True, max_length=64, verbose_name="claimed by"),
        ),
        migrations.AddField(
            model_name="scheduledscan",
            name="last_finished_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="last finished"),
        ),
        migrations.RunPython(settle_existing_rows, migrations.RunPython.noop, elidable=True),
    ]
