"""The kinds of appeal, topics, claim rules and rejection reasons a new portal starts with;
an administrator changes them in the back office. The data migration writes them; the
demo (and the tests, whose database a transactional test may have emptied) make sure they
are there."""

from __future__ import annotations

KINDS = [
    # code, name, number prefix, is a claim on a shipment
    ("claim", "Претензия", "ПР", True),
    ("question", "Вопрос", "ОБ", False),
    ("error", "Ошибка", "ОБ", False),
    ("request", "Запрос", "ОБ", False),
    ("other", "Другое", "ОБ", False),
]
TOPICS = [
    "Качество и комплектность товара",
    "Доставка",
    "Документы",
    "Оплата и взаиморасчёты",
    "Работа портала",
    "Прочее",
]
# claim type, days after the shipment's date to accept a claim (None — no limit), photos needed
RULES = [
    ("picking_error", 10, False),
    ("regrading", 10, False),
    ("shortage", 3, False),
    ("breakage", 3, True),
    ("expired", 10, False),
    ("defect", 180, True),
]

# Why a claim line may be rejected; the operator adds their own words to any of them.
REJECTION_REASONS = [
    "Истёк срок приёмки претензии",
    "Недостача не подтверждена документами",
    "Повреждение не подтверждено фотографиями",
    "Нарушены условия хранения или эксплуатации",
    "Товар соответствует документам",
    "Другое",
]


def desk_defaults_ensure(registry=None) -> None:
    """Add whichever default kind, topic or rule is missing; change none that exists.
    `registry` is a migration's app registry, or the running project's."""
    if registry is None:
        from django.apps import apps as registry
    kinds = registry.get_model("desk", "AppealKind")
    topics = registry.get_model("desk", "AppealTopic")
    rules = registry.get_model("desk", "ClaimTypeRule")
    for position, (code, name, prefix, is_claim) in enumerate(KINDS):
        kinds.objects.get_or_create(
            code=code,
            defaults={"name": name, "prefix": prefix, "is_claim": is_claim, "position": position},
        )
    for position, name in enumerate(TOPICS):
        topics.objects.get_or_create(name=name, defaults={"position": position})
    for claim_type, days, photos in RULES:
        rules.objects.get_or_create(
            claim_type=claim_type, defaults={"acceptance_days": days, "photos_required": photos}
        )
    rejection_reasons_ensure(registry)
    sla_defaults_ensure(registry)


def rejection_reasons_ensure(registry) -> None:
    """Add whichever default rejection reason is missing. An earlier migration's registry
    has no such model yet: it is skipped there and added by the migration that made it."""
    try:
        reasons = registry.get_model("desk", "RejectionReason")
    except LookupError:
        return
    for position, name in enumerate(REJECTION_REASONS):
        reasons.objects.get_or_create(name=name, defaults={"position": position})


# The SLA a new portal starts with: Monday to Friday 10:00–18:00 Moscow time on the
# production calendar; 8 working hours to the first and to each next answer, 5 working days
# to the resolution.
CALENDAR_NAME = "Основной"
WORKING_HOURS = [(weekday, "10:00", "18:00") for weekday in range(5)]
PRODUCTION_YEARS = (2025, 2026, 2027)
PAUSE_REASONS = [
    # code, name, stops first response, next response, resolution
    ("awaiting_client", "Ждём ответа клиента", False, True, True),
    ("awaiting_warehouse", "Ждём проверки склада", False, True, True),
    ("awaiting_1c", "Ждём данных из 1С", False, False, True),
]
POLICY = ("Стандартная", 8 * 60, 8 * 60, 40 * 60)


def sla_defaults_ensure(registry) -> None:
    """The default calendar (with the production calendar's days), pause reasons and
    policy, when missing. An earlier migration's registry has no such models: skipped."""
    try:
        calendars = registry.get_model("desk", "BusinessCalendar")
    except LookupError:
        return
    calendar, created = calendars.objects.get_or_create(name=CALENDAR_NAME)
    if created:
        _calendar_fill(registry, calendar)
    reasons = registry.get_model("desk", "SlaPauseReason")
    for position, (code, name, first, following, resolution) in enumerate(PAUSE_REASONS):
        reasons.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "position": position,
                "stops_first_response": first,
                "stops_next_response": following,
                "stops_resolution": resolution,
            },
        )
    policies = registry.get_model("desk", "SlaPolicy")
    if not policies.objects.exists():
        policy_name, first_minutes, next_minutes, resolution_minutes = POLICY
        policies.objects.create(
            name=policy_name,
            position=100,
            calendar=calendar,
            first_response_minutes=first_minutes,
            next_response_minutes=next_minutes,
            resolution_minutes=resolution_minutes,
        )


def _calendar_fill(registry, calendar) -> None:
    import datetime

    from okno.desk.sla.production import production_days

    hours = registry.get_model("desk", "WorkingHours")
    days = registry.get_model("desk", "CalendarDay")
    for weekday, start, end in WORKING_HOURS:
        hours.objects.create(
            calendar=calendar,
            weekday=weekday,
            start=datetime.time.fromisoformat(start),
            end=datetime.time.fromisoformat(end),
        )
    days.objects.bulk_create(
        days(calendar=calendar, date=day.date, kind=day.kind, name=day.name, from_production=True)
        for day in production_days(PRODUCTION_YEARS)
    )
