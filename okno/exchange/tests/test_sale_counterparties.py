"""Counterparties from 1C, read from real files: matched by 1C id, then by ИНН+КПП, a
branch (same ИНН, another КПП) under the client that has the ИНН, never duplicated; a
re-sent file changes nothing; a bad counterparty is an error with its position."""

import dataclasses

import pytest

from okno.clients.models import BankAccount, Client, LegalEntity
from okno.clients.tests.factories import ClientFactory, LegalEntityFactory
from okno.exchange.sale import counterparties_apply
from okno.exchange.tests.sale_files import CML, counterparty_records

pytestmark = pytest.mark.django_db
FREESPORT = (
    CML
    / "AlexMobiCraft__FREESPORT-B2B/backend__tests__fixtures__1c-data__contragents__contragents.xml"
)
ARGENT = CML / "ArgentCrusade__commerceml/tests__fixtures__contractors-example.xml"
KST_INN, KST_KPP = "2312089985", "231201001"


def one(records, name: str):
    return next(record for record in records if record.name.strip() == name)


def test_a_real_file_makes_clients_and_legal_entities_and_again_changes_nothing():
    records = counterparty_records(FREESPORT)
    messages: list[str] = []
    counts = counterparties_apply(records=records, messages=messages)
    # 36 counterparties; the 37th is marked deleted in 1C and was never ours.
    assert counts == {"created": 36, "updated": 0, "unchanged": 1, "errors": 0}
    assert LegalEntity.objects.count() == Client.objects.count() == 36
    # Accounts failing their check against the bank's БИК (treasury accounts 03… among
    # them) are skipped and named.
    assert [text.split(": ", 1)[1] for text in messages] == [
        "bank account '40802810300006711119' skipped",
        "bank account '03231643077120002100' skipped",
        "bank account '03214643000000012100' skipped",
        "bank account '03234643077120002100' skipped",
    ]
    kst = LegalEntity.objects.get(inn=KST_INN)
    record = one(records, "КСТ-СПОРТ ООО")
    assert (kst.external_id, kst.kind, kst.kpp, kst.name) == (
        record.external_id,
        "ooo",
        KST_KPP,
        "КСТ-СПОРТ ООО",
    )
    assert kst.client.external_id == record.external_id
    assert kst.client.kind == Client.Kind.COMPANY
    assert kst.legal_address == dict(record.addresses)["АдресРегистрации"]
    assert list(kst.bank_accounts.values_list("bik", "is_primary")) == [
        (record.bank_accounts[0].bik, True)
    ]
    assert LegalEntity.objects.get(name="РОССЕТИ ЮГ ПАО").kind == "pao"
    sole_trader = LegalEntity.objects.get(inn="261601301216")
    assert (sole_trader.kind, sole_trader.full_name) == (
        "ip",
        "ИП Мирошниченко Марина Викторовна",
    )
    assert LegalEntity.objects.get(name="Будылин Игорь").client.kind == Client.Kind.INDIVIDUAL
    rows = (LegalEntity.objects.count(), Client.objects.count(), BankAccount.objects.count())
    again = counterparties_apply(records=counterparty_records(FREESPORT))
    assert again == {"created": 0, "updated": 0, "unchanged": 37, "errors": 0}
    assert (
        LegalEntity.objects.count(),
        Client.objects.count(),
        BankAccount.objects.count(),
    ) == rows


def test_matched_by_1c_id_first():
    record = one(counterparty_records(FREESPORT), "КСТ-СПОРТ ООО")
    entity = LegalEntityFactory(
        external_id=record.external_id, name="КСТ старое", inn=KST_INN, kpp=KST_KPP
    )
    assert counterparties_apply(records=[record]) == {
        "created": 0,
        "updated": 1,
        "unchanged": 0,
        "errors": 0,
    }
    entity.refresh_from_db()
    assert entity.name == "КСТ-СПОРТ ООО"
    assert LegalEntity.objects.count() == 1


def test_then_by_inn_and_kpp_linking_the_stored_entity():
    record = one(counterparty_records(FREESPORT), "КСТ-СПОРТ ООО")
    entity = LegalEntityFactory(client=ClientFactory(name="Стройторг"), inn=KST_INN, kpp=KST_KPP)
    counts = counterparties_apply(records=[record])
    assert counts["updated"] == 1
    entity.refresh_from_db()
    assert entity.external_id == record.external_id
    assert entity.client.name == "Стройторг"
    assert LegalEntity.objects.count() == 1
    assert Client.objects.count() == 1


def test_a_branch_with_another_kpp_joins_the_client_with_that_inn():
    record = one(counterparty_records(FREESPORT), "КСТ-СПОРТ ООО")
    head_office = LegalEntityFactory(inn=KST_INN, kpp="231245001")
    counts = counterparties_apply(records=[record])
    assert counts["created"] == 1
    branch = LegalEntity.objects.get(inn=KST_INN, kpp=KST_KPP)
    assert branch.client_id == head_office.client_id
    assert branch.external_id == record.external_id
    assert Client.objects.count() == 1


def test_a_client_known_by_its_1c_id_gets_the_legal_entity():
    record = one(counterparty_records(FREESPORT), "КСТ-СПОРТ ООО")
    client = ClientFactory(external_id=record.external_id)
    counterparties_apply(records=[record])
    assert list(client.legal_entities.values_list("inn", "kpp")) == [(KST_INN, KST_KPP)]


def test_a_bad_counterparty_is_an_error_with_its_position_and_the_rest_is_applied():
    messages: list[str] = []
    counts = counterparties_apply(records=counterparty_records(ARGENT), messages=messages)
    # Kazakh counterparties: their 12-digit numbers fail the Russian ИНН check.
    assert counts == {"created": 1, "updated": 0, "unchanged": 0, "errors": 3}
    assert messages[0] == (
        "tests__fixtures__contractors-example.xml:15:0 /*/*/*[2]: bad ИНН '181310839110'"
    )
    assert LegalEntity.objects.get().name == 'Удаленный отдел "Уют"'


def test_inn_and_kpp_of_another_1c_counterparty_is_refused():
    record = one(counterparty_records(FREESPORT), "КСТ-СПОРТ ООО")
    LegalEntityFactory(inn=KST_INN, kpp=KST_KPP, external_id="another-guid")
    messages: list[str] = []
    assert counterparties_apply(records=[record], messages=messages)["errors"] == 1
    assert messages[0].endswith(
        f"ИНН {KST_INN} КПП {KST_KPP} belongs to counterparty 'another-guid'"
    )
    assert LegalEntity.objects.count() == 1


def test_a_counterparty_deleted_in_1c_deactivates_its_legal_entity():
    record = one(counterparty_records(FREESPORT), "КСТ-СПОРТ ООО")
    counterparties_apply(records=[record])
    counts = counterparties_apply(records=[dataclasses.replace(record, deleted=True)])
    assert counts["updated"] == 1
    assert LegalEntity.objects.get(inn=KST_INN).is_active is False
