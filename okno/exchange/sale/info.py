"""`type=sale&mode=info`: the reference lists 1C maps in its exchange settings — our
order statuses, payment methods and delivery methods — in windows-1251, shaped as Bitrix's
sale.export.1c answers them (1C's exchange module reads that shape)."""

from __future__ import annotations

import io

from lxml import etree

from okno.exchange.models import Integration
from okno.exchange.sale.statuses import PAYMENT_METHODS, STATUSES_FOR_1C, delivery_methods

ENCODING = "windows-1251"
# Bitrix spells the statuses' element with a Latin «C» and 1C's exchange module looks for
# exactly that spelling.
STATUSES_TAG = "Cтатусы"


def sale_info(*, integration: Integration) -> bytes:
    """The reference lists as a windows-1251 XML «Справочник». The same for every
    integration: the lists are the portal's."""
    lists = {
        STATUSES_TAG: [(str(status.value), str(status.label)) for status in STATUSES_FOR_1C],
        "ПлатежныеСистемы": [(key, str(name)) for key, name in PAYMENT_METHODS.items()],
        "СлужбыДоставки": list(delivery_methods().items()),
    }
    out = io.BytesIO()
    with etree.xmlfile(out, encoding=ENCODING) as xml:
        xml.write_declaration()
        with xml.element("Справочник"):
            for tag, items in lists.items():
                section = etree.Element(tag)
                for key, name in items:
                    item = etree.SubElement(section, "Элемент")
                    etree.SubElement(item, "Ид").text = key
                    etree.SubElement(item, "Название").text = name
                xml.write(section, pretty_print=True)
    return out.getvalue()


def sale_info_content_type() -> str:
    return f"application/xml; charset={ENCODING}"
