"""Searching titles and party numbers uses trigram indexes, on PostgreSQL only.

The list's search is ``icontains``, which PostgreSQL runs as ``UPPER(column::text) LIKE
UPPER('%word%')``: a B-tree cannot serve a pattern with a leading wildcard, a GIN index of the
trigrams of ``UPPER(column)`` can. SQLite (the default test database) has neither pg_trgm nor
GIN, so these indexes are created here only when the database is PostgreSQL and are left out
of the models' state (the models' ``Meta`` says so).
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

SEARCHED = [
    ("agreement", "title", "agreement_title_trgm"),
    ("agreementparty", "document_number", "agreement_party_number_trgm"),
]


def add_indexes(apps, schema_editor):
    # Written as SQL: an expression with an operator class needs django.contrib.postgres among
    # the installed apps to be wrapped right, and this is the only place that wants it.
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    for model_name, field, name in SEARCHED:
        model = apps.get_model("agreements", model_name)
        column = model._meta.get_field(field).column
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {quote(name)} ON {quote(model._meta.db_table)} "
            f"USING gin ((UPPER({quote(column)}::text)) gin_trgm_ops)"
        )


def remove_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _model, _field, name in SEARCHED:
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")


class Migration(migrations.Migration):
    dependencies = [("agreements", "0007_list_order_index")]

    operations = [
        # Creates pg_trgm where it is missing; does nothing on other databases.
        TrigramExtension(),
        migrations.RunPython(add_indexes, remove_indexes),
    ]
