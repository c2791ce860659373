"""Factories of the exchange's records for the log's tests, and a stored file helper."""

import factory

from okno.accounts.tests.factories import StaffFactory
from okno.core.roles import StaffRole
from okno.exchange.models import (
    ExchangeFile,
    ExchangeRequest,
    ExchangeSession,
    ImportJob,
    Integration,
)
from okno.exchange.storage import exchange_file_path


class IntegrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Integration

    name = factory.Sequence(lambda n: f"1С:УТ 11 №{n}")
    user = factory.SubFactory(StaffFactory, staff_role=StaffRole.INTEGRATION, manager_code=None)


class ExchangeSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExchangeSession

    integration = factory.SubFactory(IntegrationFactory)
    kind = ExchangeSession.Kind.CATALOG
    cookie = factory.Sequence(lambda n: f"cookie{n:08d}")
    sessid = factory.Sequence(lambda n: f"sessid{n:08d}")
    version = "2.09"


class ExchangeRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExchangeRequest

    session = factory.SubFactory(ExchangeSessionFactory)
    mode = "checkauth"
    status = "success"


class ExchangeFileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExchangeFile

    session = factory.SubFactory(ExchangeSessionFactory)
    name = factory.Sequence(lambda n: f"import{n}.xml")
    parts = 1


class ImportJobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImportJob

    session = factory.SelfAttribute("file.session")
    file = factory.SubFactory(ExchangeFileFactory)


def stored_file(session: ExchangeSession, name: str, content: bytes, **fields) -> ExchangeFile:
    """A file of `session` written to its folder, as the exchange stores what 1C sends."""
    stored = ExchangeFileFactory(session=session, name=name, size=len(content), **fields)
    path = exchange_file_path(stored)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return stored
