"""Search dossiers and applicants with trigram indexes on PostgreSQL.

The folded ``search_text`` columns are searched with ``LIKE '% word%'``
(word prefixes anywhere in the text), which a btree index cannot serve:
those two indexes only cost writes, so they go. On PostgreSQL a pg_trgm
GIN index serves the LIKE instead; on SQLite there is nothing to add (a
scan of a small database is fast). The GIN indexes live only in the
database, not in the models' state, so SQLite and PostgreSQL share one
model definition.
"""

from django.db import migrations

INDEXES = [
    ("dossier_search_trgm", "dossiers_dossier"),
    ("applicant_search_trgm", "dossiers_applicant"),
]


def add_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
            "USING gin (search_text gin_trgm_ops)"
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0003_activities_and_extension"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="dossier", name="dossier_search_idx"),
        migrations.RemoveIndex(model_name="applicant", name="applicant_search_idx"),
        migrations.RunPython(add_trigram_indexes, drop_trigram_indexes),
    ]
