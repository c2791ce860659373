"""Indexes for the operators' queue over years of history: the open appeals newest first
(the queue's default and the views of open appeals), and on PostgreSQL a trigram index
for the search in the subjects — the `ucontains` lookup there is `LOWER(subject) LIKE
'%…%'`, which it serves. SQLite has no such index and reads the subjects row by row."""

from django.db import migrations, models

TRIGRAMS = "desk_appeal_subject_trgm"


def trigrams_create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {TRIGRAMS} ON desk_appeal "
        "USING gin (LOWER(subject) gin_trgm_ops)"
    )


def trigrams_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAMS}")


class Migration(migrations.Migration):
    dependencies = [("desk", "0013_telegram_files_and_flood")]

    operations = [
        migrations.AddIndex(
            model_name="appeal",
            index=models.Index(
                condition=models.Q(
                    ("status__in", ["awaiting_client", "in_progress", "new", "reopened"])
                ),
                fields=["-created_at"],
                name="appeal_open_newest",
            ),
        ),
        migrations.RunPython(trigrams_create, trigrams_drop),
    ]
