from django.db import migrations, models


class Migration(migrations.Migration):
    """The tracker's due-date order and the calendar's months read requests by due date across
    every status: an index on (due_on, id) serves both without sorting 500,000 rows."""

    dependencies = [
        ("content", "0003_review_and_dissemination"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="request",
            index=models.Index(fields=["due_on", "id"], name="content_request_due_on"),
        ),
    ]
