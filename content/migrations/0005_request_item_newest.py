from django.db import migrations, models


class Migration(migrations.Migration):
    """The item page lists an item's newest requests: without an index in that order PostgreSQL
    walked every request newest first (``content_request_new``) to find the 50 of one item,
    filtering 53,000 rows for an item sent to every Diskominfo three times (13 ms against 0.6)."""

    dependencies = [
        ("content", "0004_tracking_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="request",
            index=models.Index(
                fields=["item", "-created_at", "-id"], name="content_request_item_new"
            ),
        ),
    ]
