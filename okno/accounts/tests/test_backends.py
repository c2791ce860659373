"""Login by e-mail or phone: normalisation (with hypothesis) and the backend."""

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory
from hypothesis import given
from hypothesis import strategies as st

from okno.accounts.backends import axes_login, find_user_by_login, normalize_login
from okno.accounts.tests.factories import PASSWORD, UserFactory

ten_digits = st.text(alphabet="0123456789", min_size=10, max_size=10)


def _spaced(digits: str) -> str:
    return f"+7 ({digits[:3]}) {digits[3:6]}-{digits[6:8]}-{digits[8:]}"


@given(digits=ten_digits, shape=st.sampled_from(["+7{}", "8{}", "{}", "7{}", "spaced", " 8 {} "]))
def test_every_way_of_typing_a_phone_gives_one_login(digits, shape):
    typed = _spaced(digits) if shape == "spaced" else shape.format(digits)
    assert normalize_login(typed) == "+7" + digits


@given(st.text(max_size=40))
def test_normalising_twice_changes_nothing(text):
    once = normalize_login(text)
    assert normalize_login(once) == once


@given(
    local=st.from_regex(r"[A-Za-z0-9._]{1,20}", fullmatch=True),
    domain=st.from_regex(r"[A-Za-z]{1,10}\.(ru|com|рф)", fullmatch=True),
)
def test_emails_are_case_insensitive_and_trimmed(local, domain):
    typed = f"  {local}@{domain} "
    assert normalize_login(typed) == f"{local}@{domain}".lower()


def test_a_short_number_is_not_taken_for_a_phone():
    assert normalize_login("12345") == "12345"


@pytest.mark.django_db
def test_find_user_by_email_or_phone():
    by_email = UserFactory(email="ivan@example.ru")
    by_phone = UserFactory(email=None, phone="+79161234567")
    assert find_user_by_login("IVAN@example.ru ") == by_email
    assert find_user_by_login("8 916 123-45-67") == by_phone
    assert find_user_by_login("nobody@example.ru") is None
    assert find_user_by_login("") is None


@pytest.mark.django_db
def test_backend_refuses_a_person_whose_access_is_off():
    user = UserFactory(is_active=False)
    request = RequestFactory().post("/accounts/login/")
    assert authenticate(request, login=user.email, password=PASSWORD) is None


def test_axes_counts_by_the_normalised_login():
    assert axes_login(None, {"login": "8 (916) 123-45-67"}) == "+79161234567"
    assert axes_login(None, {"username": "IVAN@Example.ru"}) == "ivan@example.ru"
    assert axes_login(None, None) == ""
