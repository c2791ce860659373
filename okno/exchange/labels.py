"""How the exchange names its phases, kinds of objects and counts to people: in the
answers 1C writes into its own log and on the exchange log's pages."""

from django.utils.translation import gettext_lazy as _

PHASES = {
    "classifier": _("классификатор"),
    "catalog": _("товары"),
    "offers": _("предложения"),
    "counterparties": _("контрагенты"),
    "documents": _("документы"),
    "settlements": _("взаиморасчёты"),
    "done": _("готово"),
}

KINDS = {
    "groups": _("группы"),
    "properties": _("свойства"),
    "price_types": _("типы цен"),
    "warehouses": _("склады"),
    "units": _("единицы измерения"),
    "products": _("товары"),
    "images": _("изображения"),
    "offers": _("предложения"),
    "prices": _("цены"),
    "stocks": _("остатки"),
    "counterparties": _("контрагенты"),
    "documents": _("документы"),
    "settlements": _("документы взаиморасчётов"),
    "settlement_files": _("файлы документов взаиморасчётов"),
}

FIGURES = {
    "created": _("создано"),
    "updated": _("изменено"),
    "unchanged": _("без изменений"),
    "deactivated": _("снято с продажи"),
    "zeroed": _("обнулено"),
    "errors": _("ошибок"),
    "stale": _("устаревших"),
    "vat_mapped": _("ставка НДС прежних лет заменена"),
    "deleted": _("удалено"),
    "skipped": _("пропущено"),
}


def phase_label(phase: str) -> str:
    """A phase as people read it; an unknown one as it is."""
    return str(PHASES.get(phase, phase))


def counts_lines(counts: dict) -> list[str]:
    """«товары: создано 10, изменено 2, …» — one line per kind of object, figures of zero
    left out (a kind with nothing but zeros says «без изменений 0»)."""
    lines = []
    for kind, numbers in sorted((counts or {}).items()):
        if not isinstance(numbers, dict):
            continue
        parts = [
            f"{FIGURES.get(figure, figure)} {amount}"
            for figure, amount in numbers.items()
            if amount
        ] or [f"{FIGURES['unchanged']} 0"]
        lines.append(f"{KINDS.get(kind, kind)}: {', '.join(parts)}")
    return lines
