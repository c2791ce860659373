"""Reads of accounts: sessions drop records of expired sessions."""

import pytest
from django.test import Client

from okno.accounts.models import UserSession
from okno.accounts.selectors import session_list
from okno.accounts.tests.helpers import login

pytestmark = pytest.mark.django_db


def test_session_list_drops_records_of_sessions_that_are_gone(world, client):
    login(client, world.a_admin.email)
    UserSession.objects.create(user=world.a_admin, session_key="gone" * 8)
    rows = session_list(user=world.a_admin, current_session_key=client.session.session_key)
    assert len(rows) == 1
    assert rows[0].is_current
    assert UserSession.objects.filter(user=world.a_admin).count() == 1


def test_session_list_shows_only_the_persons_own(world, client):
    login(client, world.a_admin.email)
    login(Client(), world.b_admin.email)
    assert len(session_list(user=world.a_admin, current_session_key=None)) == 1
