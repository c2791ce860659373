"""Where the exchange keeps what 1C sends: one folder per session under
`OKNO_EXCHANGE_DIR` (default `<var>/exchange`), the files under their safe relative
names, so a re-run of an import reads exactly what was received."""

from pathlib import Path

from django.conf import settings

from okno.exchange.models import ExchangeFile, ExchangeSession


def session_folder(session: ExchangeSession) -> Path:
    """The folder of a session's files (not created here)."""
    return Path(settings.OKNO_EXCHANGE_DIR) / str(session.pk)


def exchange_file_path(exchange_file: ExchangeFile) -> Path:
    """The stored file's path; `name` was checked to be a safe relative name on receipt."""
    return session_folder(exchange_file.session) / exchange_file.name
