import pytest

from okno.clients.models import Client
from okno.clients.tests.factories import ClientFactory


@pytest.mark.parametrize("term", ["ромаш", "РОМАШ", "Ромаш", "ромАШ"])
def test_ucontains_finds_cyrillic_in_any_case(db, term):
    wanted = ClientFactory(name="ООО «Ромашка»")
    ClientFactory(name="ООО «Василёк»")
    assert list(Client.objects.filter(name__ucontains=term)) == [wanted]


def test_ucontains_treats_like_wildcards_literally(db):
    ClientFactory(name="Скидка 100%")
    wanted = ClientFactory(name="a_b")
    ClientFactory(name="axb")
    assert list(Client.objects.filter(name__ucontains="a_b")) == [wanted]
    assert Client.objects.filter(name__ucontains="0%").count() == 1


def test_ucontains_follows_relations(world):
    found = Client.objects.filter(manager__full_name__ucontains="менеджер а")
    assert list(found) == [world.client_a]


@pytest.mark.parametrize("term", ["00123", "-00123", "7-00123"])
def test_ucontains_finds_a_number_by_its_digits_and_signs(db, term):
    wanted = ClientFactory(name="Склад УТ7-00123")
    ClientFactory(name="Склад УТ7-00124")
    assert list(Client.objects.filter(name__ucontains=term)) == [wanted]
