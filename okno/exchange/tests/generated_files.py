"""CommerceML files of any size for the reader's tests, in the 2.07 shape 1C:УТ 11 writes
(namespace, BOM, tab indentation)."""

from __future__ import annotations

import re
from pathlib import Path

_HEAD = (
    '\ufeff<?xml version="1.0" encoding="UTF-8"?>\n'
    '<КоммерческаяИнформация xmlns="urn:1C.ru:commerceml_2" ВерсияСхемы="2.07"'
    ' ДатаФормирования="2026-11-23T10:00:00">\n'
)


def _guid(kind: int, number: int) -> str:
    return f"{kind:08x}-0000-4000-8000-{number:012x}"


def catalog_write(path: Path, *, products: int, lean: bool = False) -> Path:
    """An import file: a classifier of 10 groups and a catalog of `products` products
    (`lean`: with only an id and a name each)."""
    with path.open("w", encoding="utf-8") as out:
        out.write(_HEAD + "\t<Классификатор>\n\t\t<Ид>classifier</Ид>\n\t\t<Группы>\n")
        for group in range(10):
            out.write(
                f"\t\t\t<Группа>\n\t\t\t\t<Ид>{_guid(1, group)}</Ид>\n"
                f"\t\t\t\t<Наименование>Группа {group}</Наименование>\n\t\t\t</Группа>\n"
            )
        out.write(
            '\t\t</Группы>\n\t</Классификатор>\n\t<Каталог СодержитТолькоИзменения="false">\n'
        )
        out.write("\t\t<Ид>catalog</Ид>\n\t\t<Товары>\n")
        for number in range(products):
            if lean:
                out.write(
                    f"\t\t\t<Товар><Ид>{_guid(2, number)}</Ид>"
                    f"<Наименование>Товар номер {number}</Наименование></Товар>\n"
                )
                continue
            out.write(
                f"\t\t\t<Товар>\n\t\t\t\t<Ид>{_guid(2, number)}</Ид>\n"
                f"\t\t\t\t<Артикул>A-{number}</Артикул>\n"
                f"\t\t\t\t<Наименование>Товар номер {number}</Наименование>\n"
                '\t\t\t\t<БазоваяЕдиница Код="796" НаименованиеПолное="Штука">шт</БазоваяЕдиница>\n'
                f"\t\t\t\t<Группы><Ид>{_guid(1, number % 10)}</Ид></Группы>\n"
                f"\t\t\t\t<Штрихкод>46{number:011d}</Штрихкод>\n"
                "\t\t\t\t<СтавкиНалогов><СтавкаНалога><Наименование>НДС</Наименование>"
                "<Ставка>22</Ставка></СтавкаНалога></СтавкиНалогов>\n"
                "\t\t\t\t<ЗначенияРеквизитов>\n"
                "\t\t\t\t\t<ЗначениеРеквизита><Наименование>ВидНоменклатуры</Наименование>"
                "<Значение>Товар</Значение></ЗначениеРеквизита>\n"
                "\t\t\t\t\t<ЗначениеРеквизита><Наименование>Вес</Наименование>"
                "<Значение>1,5</Значение></ЗначениеРеквизита>\n"
                "\t\t\t\t</ЗначенияРеквизитов>\n\t\t\t</Товар>\n"
            )
        out.write("\t\t</Товары>\n\t</Каталог>\n</КоммерческаяИнформация>\n")
    return path


def offers_write(path: Path, *, offers: int, prices: int = 20, stocks: int = 10) -> Path:
    """An offers file: `offers` offers, each with `prices` prices and `stocks` stocks."""
    with path.open("w", encoding="utf-8") as out:
        out.write(_HEAD + "\t<ПакетПредложений>\n\t\t<Ид>catalog#</Ид>\n\t\t<Предложения>\n")
        for number in range(offers):
            out.write(
                f"\t\t\t<Предложение>\n\t\t\t\t<Ид>{_guid(2, number)}</Ид>\n"
                f"\t\t\t\t<Наименование>Товар номер {number}</Наименование>\n\t\t\t\t<Цены>\n"
            )
            for price in range(prices):
                out.write(
                    "\t\t\t\t\t<Цена>\n\t\t\t\t\t\t<Представление>100 руб. за шт</Представление>\n"
                    f"\t\t\t\t\t\t<ИдТипаЦены>{_guid(3, price)}</ИдТипаЦены>\n"
                    f"\t\t\t\t\t\t<ЦенаЗаЕдиницу>{100 + price}.50</ЦенаЗаЕдиницу>\n"
                    "\t\t\t\t\t\t<Валюта>RUB</Валюта>\n\t\t\t\t\t\t<Единица>шт</Единица>\n"
                    "\t\t\t\t\t\t<Коэффициент>1</Коэффициент>\n\t\t\t\t\t</Цена>\n"
                )
            out.write("\t\t\t\t</Цены>\n")
            for stock in range(stocks):
                out.write(
                    f'\t\t\t\t<Склад ИдСклада="{_guid(4, stock)}" КоличествоНаСкладе="{stock}"/>\n'
                )
            out.write("\t\t\t</Предложение>\n")
        out.write("\t\t</Предложения>\n\t</ПакетПредложений>\n</КоммерческаяИнформация>\n")
    return path


def prefixed_in_windows_1251(path: Path) -> str:
    """The text of a written file with every tag in a prefixed namespace and the
    declaration naming windows-1251, for the caller to encode so."""
    text = path.read_text(encoding="utf-8").lstrip("\ufeff")
    text = re.sub(r"<(/?)(?=[^?/!])", r"<\1c:", text)
    return text.replace('xmlns="', 'xmlns:c="').replace(
        'encoding="UTF-8"', 'encoding="windows-1251"'
    )
