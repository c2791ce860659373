"""The kinds of appeal, topics and claim rules a new portal starts with; an administrator
changes them in the back office. Reversing removes only the rows this migration made."""

from django.db import migrations

KINDS = [
    # code, name, number prefix, is a claim on a shipment
    ("claim", "Претензия", "ПР", True),
    ("question", "Вопрос", "ОБ", False),
    ("error", "Ошибка", "ОБ", False),
    ("request", "Запрос", "ОБ", False),
    ("other", "Другое", "ОБ", False),
]
TOPICS = ["Качество и комплектность товара", "Доставка", "Документы", "Оплата и взаиморасчёты", "Работа портала", "Прочее"]
# claim type, days after the shipment's date to accept a claim (None — no limit), photos needed
RULES = [
    ("picking_error", 10, False),
    ("regrading", 10, False),
    ("shortage", 3, False),
    ("breakage", 3, True),
    ("expired", 10, False),
    ("defect", 180, True),
]


def add_defaults(apps, schema_editor):
    AppealKind = apps.get_model("desk", "AppealKind")
    AppealTopic = apps.get_model("desk", "AppealTopic")
    ClaimTypeRule = apps.get_model("desk", "ClaimTypeRule")
    for position, (code, name, prefix, is_claim) in enumerate(KINDS):
        AppealKind.objects.get_or_create(
            code=code,
            defaults={"name": name, "prefix": prefix, "is_claim": is_claim, "position": position},
        )
    for position, name in enumerate(TOPICS):
        AppealTopic.objects.get_or_create(name=name, defaults={"position": position})
    for claim_type, days, photos in RULES:
        ClaimTypeRule.objects.get_or_create(
            claim_type=claim_type, defaults={"acceptance_days": days, "photos_required": photos}
        )


def remove_defaults(apps, schema_editor):
    apps.get_model("desk", "ClaimTypeRule").objects.filter(
        claim_type__in=[rule[0] for rule in RULES]
    ).delete()
    apps.get_model("desk", "AppealTopic").objects.filter(name__in=TOPICS).delete()
    apps.get_model("desk", "AppealKind").objects.filter(code__in=[k[0] for k in KINDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("desk", "0001_appeals")]

    operations = [migrations.RunPython(add_defaults, remove_defaults)]
