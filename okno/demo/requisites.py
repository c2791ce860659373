"""The demo company's own requisites, which its invoices print as the seller: a Moscow
ООО with a made-up but valid ИНН and settlement account in a real bank."""

import sys

from django.conf import settings

from okno.core.requisites import account_with_check, checksum_digit_inn
from okno.demo.data import BANKS
from okno.finance.requisites import CompanyRequisites

_BANK = BANKS[0]


def company_requisites_ensure(stdout=sys.stdout) -> CompanyRequisites:
    """The requisites, made once; an administrator's later edits are kept."""
    found = CompanyRequisites.objects.order_by("pk").first()
    if found is not None:
        return found
    requisites = CompanyRequisites(
        name=f"ООО «{settings.OKNO_COMPANY_NAME}»",
        inn=checksum_digit_inn("770512840"),
        kpp="770501001",
        address="115114, г. Москва, ул. Летниковская, д. 10, стр. 2, офис 305",
        phone="+7 495 120-45-67",
        bank_name=f"{_BANK.name}, г. Москва",
        bik=_BANK.bik,
        corr_account=_BANK.corr_account,
        account=account_with_check(_BANK.bik, "40702810038000098765"),
        director="Смирнов А. В.",
        accountant="Кузнецова О. П.",
        invoice_note=(
            "Внимание! Оплата данного счета означает согласие с условиями поставки товара. "
            "Уведомление об оплате обязательно, в противном случае не гарантируется наличие "
            "товара на складе. Товар отпускается по факту прихода денег на р/с Поставщика, "
            "самовывозом, при наличии доверенности и паспорта."
        ),
    )
    requisites.full_clean()
    requisites.save()
    stdout.write("  реквизиты компании для счетов\n")
    return requisites
