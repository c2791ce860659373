"""The kinds of appeal, topics and claim rules a new portal starts with (see
okno/desk/defaults.py). Reversing removes only the rows this migration adds."""

from django.db import migrations

from okno.desk.defaults import KINDS, RULES, TOPICS, desk_defaults_ensure


def add_defaults(apps, schema_editor):
    desk_defaults_ensure(apps)


def remove_defaults(apps, schema_editor):
    apps.get_model("desk", "ClaimTypeRule").objects.filter(
        claim_type__in=[rule[0] for rule in RULES]
    ).delete()
    apps.get_model("desk", "AppealTopic").objects.filter(name__in=TOPICS).delete()
    apps.get_model("desk", "AppealKind").objects.filter(code__in=[k[0] for k in KINDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("desk", "0001_appeals")]

    operations = [migrations.RunPython(add_defaults, remove_defaults)]
