import pytest
from hypothesis import given
from hypothesis import strategies as st

from okno.core.errors import InvalidInput
from okno.core.phone import format_phone, looks_like_phone, normalize_phone


@pytest.mark.parametrize(
    "raw",
    ["+7 916 123-45-67", "8 (916) 123-45-67", "89161234567", "9161234567", "+7(916)1234567"],
)
def test_russian_numbers_normalise_to_plus_seven(raw):
    assert normalize_phone(raw) == "+79161234567"


@pytest.mark.parametrize("raw", ["", "123", "+1 202 555 0100", "+7 916 123 45 678", "телефон"])
def test_bad_numbers_say_what_is_expected(raw):
    with pytest.raises(InvalidInput) as error:
        normalize_phone(raw, field="contact_phone")
    assert error.value.field == "contact_phone"
    assert "+7" in error.value.message


def test_format_and_detection():
    assert format_phone("+79161234567") == "+7 916 123-45-67"
    assert looks_like_phone("8 916 123 45 67")
    assert not looks_like_phone("ivanov@example.ru")


@given(st.from_regex(r"9\d{9}", fullmatch=True), st.sampled_from(["+7", "8", "7", ""]))
def test_any_spelling_of_one_number_is_the_same_login(digits, prefix):
    assert normalize_phone(f"{prefix} ({digits[:3]}) {digits[3:6]}-{digits[6:]}") == "+7" + digits
