"""Tasks carry copies of their dossier's procedure, reception time and search text.

The inbox then filters, counts and pages from one covering partial index
(``task_inbox_due_idx``) instead of visiting thousands of dossier rows; the
old (agency, role, due_at) index served no inbox plan once it exists.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

BATCH = 50_000


def fill_copies(apps, schema_editor):
    """Copy the three columns from each task's dossier, in id batches.

    ``UPDATE … FROM`` is understood by PostgreSQL and by SQLite ≥ 3.33.
    """
    Task = apps.get_model("workflow", "DossierTask")
    Dossier = apps.get_model("dossiers", "Dossier")
    tasks, dossiers = Task._meta.db_table, Dossier._meta.db_table
    quote = schema_editor.quote_name
    last = Task.objects.aggregate(last=models.Max("pk"))["last"] or 0
    sql = (
        f"UPDATE {quote(tasks)} SET procedure_version_id = d.procedure_version_id,"
        f" received_at = d.received_at, search_text = d.search_text"
        f" FROM {quote(dossiers)} d"
        f" WHERE d.id = {quote(tasks)}.dossier_id"
        f" AND {quote(tasks)}.id >= %s AND {quote(tasks)}.id < %s"
    )
    with schema_editor.connection.cursor() as cursor:
        for low in range(0, last + 1, BATCH):
            cursor.execute(sql, [low, low + BATCH])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("catalog", "0001_initial"),
        ("dossiers", "0004_trigram_search"),
        ("workflow", "0002_lateness"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="dossiertask",
            name="procedure_version",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="catalog.procedureversion",
                verbose_name="procedure version",
            ),
        ),
        migrations.AddField(
            model_name="dossiertask",
            name="received_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="received at"
            ),
        ),
        migrations.AddField(
            model_name="dossiertask",
            name="search_text",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(fill_copies, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="dossiertask",
            index=models.Index(
                condition=models.Q(("state", "open")),
                fields=["agency", "due_at", "id"],
                include=(
                    "role",
                    "assignee",
                    "procedure_version",
                    "received_at",
                    "search_text",
                ),
                name="task_inbox_due_idx",
            ),
        ),
        migrations.RemoveIndex(
            model_name="dossiertask",
            name="task_inbox_role_idx",
        ),
    ]
