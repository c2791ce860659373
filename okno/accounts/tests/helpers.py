"""Shared steps of the accounts tests."""

from django.urls import reverse

from okno.accounts.tests.factories import PASSWORD


def login(client, login: str, password: str = PASSWORD, **extra):
    return client.post(reverse("accounts:login"), {"login": login, "password": password, **extra})


def is_logged_in(client) -> bool:
    """Does the server still accept this browser's session? (Asked through the API: no page.)"""
    return client.get(reverse("api:me")).status_code == 200
