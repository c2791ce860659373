"""Checks of Russian requisites: real-world values, generated valid numbers, single-digit
typos and arbitrary garbage (which may only ever be refused with InvalidInput)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from okno.core.errors import InvalidInput
from okno.core.requisites import (
    account_with_check,
    check_bik,
    check_correspondent_account,
    check_inn,
    check_kpp,
    check_ogrn,
    check_ogrnip,
    check_settlement_account,
    checksum_digit_inn,
    ogrn_with_check,
)

SBER_BIK = "044525225"


def digits(n: int):
    return st.text(alphabet="0123456789", min_size=n, max_size=n)


def other_digit(original: str):
    return st.sampled_from([d for d in "0123456789" if d != original])


# --- real-world values ---------------------------------------------------------------------


@pytest.mark.parametrize("inn", ["7707083893", "500100732259", " 7707 083893 "])
def test_real_inns_pass(inn):
    assert check_inn(inn) == inn.replace(" ", "")


@pytest.mark.parametrize("inn", ["1234567895", "7707083894", "500100732258"])
def test_wrong_control_digits_are_refused(inn):
    with pytest.raises(InvalidInput) as refused:
        check_inn(inn)
    assert refused.value.field == "inn"
    assert "контрольных" in refused.value.message


def test_a_12_digit_inn_is_refused_where_10_are_required():
    with pytest.raises(InvalidInput, match="10 цифр, а не 12"):
        check_inn("500100732259", length=10)


def test_real_ogrn_ogrnip_bik_and_accounts_pass():
    assert check_ogrn("1027700132195") == "1027700132195"
    assert check_ogrnip("304770000000020") == "304770000000020"
    assert check_bik(SBER_BIK) == SBER_BIK
    assert check_correspondent_account("30101810400000000225", SBER_BIK)
    assert check_settlement_account("40702810938000000001", SBER_BIK)
    assert check_kpp("773601001") == "773601001"
    assert check_kpp("7736AB001") == "7736AB001"


@pytest.mark.parametrize(
    ("check", "value", "field"),
    [
        (check_ogrn, "1027700132196", "ogrn"),
        (check_ogrnip, "304770000000021", "ogrn"),
        (check_bik, "144525225", "bik"),
        (check_kpp, "77360100", "kpp"),
        (check_kpp, "", "kpp"),
    ],
)
def test_real_values_with_a_typo_are_refused(check, value, field):
    with pytest.raises(InvalidInput) as refused:
        check(value)
    assert refused.value.field == field


def test_accounts_that_do_not_match_the_bik_are_refused():
    with pytest.raises(InvalidInput) as refused:
        check_settlement_account("40702810938000000001", "044525226")
    assert refused.value.field == "account"
    with pytest.raises(InvalidInput) as refused:
        check_correspondent_account("30101810400000000225", "044030653")  # a St Petersburg bank
    assert refused.value.field == "corr_account"


# --- generated valid numbers pass, any single-digit change fails ----------------------------


@given(digits(9))
def test_generated_organisation_inns_pass(body):
    assert check_inn(checksum_digit_inn(body)) == checksum_digit_inn(body)


@given(digits(10))
def test_generated_personal_inns_pass(body):
    inn = checksum_digit_inn(body)
    assert len(inn) == 12
    assert check_inn(inn) == inn


# The rule "(weighted sum mod 11) mod 10" has one blind spot: remainders 0 and 10 both
# give the control digit 0. A single-digit typo always changes the remainder mod 11, so it
# is caught unless it moves the remainder between exactly those two values.
_INN10_WEIGHTS = (2, 4, 10, 3, 5, 9, 4, 6, 8)


def _inn_remainder(inn: str) -> int:
    return sum(int(d) * w for d, w in zip(inn[:9], _INN10_WEIGHTS, strict=True)) % 11


def _typo(value: str, position: int, data) -> str:
    return value[:position] + data.draw(other_digit(value[position])) + value[position + 1 :]


@given(digits(9), st.integers(min_value=0, max_value=9), st.data())
def test_any_single_digit_change_of_an_organisation_inn_fails(body, position, data):
    inn = checksum_digit_inn(body)
    typo = _typo(inn, position, data)
    blind_spot = position < 9 and {_inn_remainder(inn), _inn_remainder(typo)} == {0, 10}
    if blind_spot:
        assert check_inn(typo) == typo
    else:
        with pytest.raises(InvalidInput):
            check_inn(typo)


@given(digits(10), st.integers(min_value=10, max_value=11), st.data())
def test_a_changed_control_digit_of_a_personal_inn_fails(body, position, data):
    inn = checksum_digit_inn(body)
    with pytest.raises(InvalidInput):
        check_inn(_typo(inn, position, data))


@given(digits(12).filter(lambda d: d[0] != "0"))
def test_generated_ogrns_pass(body):
    ogrn = ogrn_with_check(body)
    assert check_ogrn(ogrn) == ogrn


@given(digits(12).filter(lambda d: d[0] != "0"), st.integers(0, 12), st.data())
def test_any_single_digit_change_of_an_ogrn_fails(body, position, data):
    ogrn = ogrn_with_check(body)
    typo = _typo(ogrn, position, data)
    blind_spot = position < 12 and {int(ogrn[:12]) % 11, int(typo[:12]) % 11} == {0, 10}
    if blind_spot:
        assert check_ogrn(typo) == typo
    else:
        with pytest.raises(InvalidInput):
            check_ogrn(typo)


@given(digits(14).filter(lambda d: d[0] != "0"))
def test_generated_ogrnips_pass(body):
    ogrnip = ogrn_with_check(body)
    assert check_ogrnip(ogrnip) == ogrnip


@given(digits(12))
def test_generated_settlement_accounts_pass(body):
    account = account_with_check(SBER_BIK, "40702810" + body)
    assert check_settlement_account(account, SBER_BIK) == account


# --- garbage never raises anything but InvalidInput ------------------------------------------

_CHECKS = [check_inn, check_kpp, check_ogrn, check_ogrnip, check_bik]


def _refusal(check, *args) -> InvalidInput | None:
    """Run a check on garbage: only InvalidInput may come out (anything else fails the test)."""
    try:
        check(*args)
    except InvalidInput as refused:
        return refused
    return None


@given(st.text(max_size=40), st.sampled_from(_CHECKS))
def test_garbage_is_refused_only_with_invalid_input(raw, check):
    refused = _refusal(check, raw)
    assert refused is None or (refused.message and refused.field)


@given(st.text(max_size=40), st.text(max_size=12))
def test_garbage_accounts_are_refused_only_with_invalid_input(raw, bik):
    for check in (check_settlement_account, check_correspondent_account):
        refused = _refusal(check, raw, bik)
        assert refused is None or refused.message


@given(digits(20), st.text(max_size=12))
def test_a_well_formed_account_with_a_garbage_bik_is_refused_not_crashed(raw, bik):
    for check in (check_settlement_account, check_correspondent_account):
        refused = _refusal(check, raw, bik)
        assert refused is None or refused.message
