"""Routes of the exchange log that take an id: only administrators reach them; to anyone
else (a client's person, a manager) they answer 404, exactly like a missing id."""

from okno.core.testing.access import AccessCase
from okno.core.testing.world import World
from okno.exchange.tests.log_factories import (
    ExchangeSessionFactory,
    ImportJobFactory,
    stored_file,
)


def _log_of(w: World) -> dict:
    """A catalog session with one stored, imported file, made once per world."""
    if "exchange_log" not in w.extra:
        session = ExchangeSessionFactory()
        stored = stored_file(session, "import.xml", b"<?xml version='1.0'?><x/>")
        ImportJobFactory(file=stored, status="done")
        w.extra["exchange_log"] = {"session": session, "file": stored}
    return w.extra["exchange_log"]


def _session(w: World) -> dict:
    return {"pk": _log_of(w)["session"].pk}


def _file(w: World) -> dict:
    return {"pk": _log_of(w)["file"].pk}


def _integration(w: World) -> dict:
    return {"pk": _log_of(w)["session"].integration_id}


CASES = [
    AccessCase("exchange_log:session", _session, owner="admin"),
    AccessCase("exchange_log:session_rerun", _session, owner="admin", methods=("POST",)),
    AccessCase("exchange_log:file", _file, owner="admin"),
    AccessCase(
        "exchange_log:integration",
        _integration,
        owner="admin",
        methods=("GET", "POST"),
        data={"encoding": "windows-1251", "file_limit": "1048576", "sale_version": "2.09"},
    ),
]
