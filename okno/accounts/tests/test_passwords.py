"""The password policy: every broken rule is reported."""

import pytest
from django.core.exceptions import ValidationError

from okno.accounts.models import User
from okno.accounts.passwords import CharacterClassValidator, password_check, password_problems
from okno.core.errors import InvalidInput


@pytest.mark.parametrize(
    ("password", "missing"),
    [
        ("abcdefgh1", ["заглавную"]),
        ("ABCDEFGH1", ["строчную"]),
        ("Abcdefghi", ["цифру"]),
        ("12345678", ["заглавную", "строчную"]),
        ("ПарольКириллица1", ["заглавную латинскую", "строчную латинскую"]),
    ],
)
def test_character_classes(password, missing):
    with pytest.raises(ValidationError) as error:
        CharacterClassValidator().validate(password)
    for word in missing:
        assert word in error.value.messages[0]


def test_a_good_password_passes():
    CharacterClassValidator().validate("Okno2026demo")
    assert password_problems("Zakupka2026x") == []


def test_every_rule_is_listed_separately():
    problems = password_problems("abc")
    assert len(problems) >= 2
    assert any("короткий" in p for p in problems)
    assert any("заглавную" in p for p in problems)


def test_similarity_to_the_person_counts():
    person = User(email="sidorova@stroy.example", full_name="Анна Сидорова")
    assert any("похож" in p for p in password_problems("Sidorova1", person))


def test_password_check_names_the_field():
    with pytest.raises(InvalidInput) as error:
        password_check("abc", field="new_password1")
    assert error.value.field == "new_password1"
