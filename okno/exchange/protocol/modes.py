"""The modes of the exchange after `checkauth`, each turning a request of 1C into one
answer. The catalog side: `init`, `file`, `import`, `deactivate`, `complete`; the sale
side adds `query`, `success` and `info` (the order export lives in `okno.exchange.sale`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import BinaryIO

from django.utils.translation import gettext as _

from okno.exchange.importing import catalog_deactivate
from okno.exchange.models import ExchangeSession, Integration
from okno.exchange.protocol.answers import Answer, ProtocolFailure, success
from okno.exchange.protocol.archives import archive_entries_of
from okno.exchange.protocol.files import file_receive, safe_name
from okno.exchange.protocol.importing import import_answer, import_until_done
from okno.exchange.protocol.sessions import session_succeeded
from okno.exchange.sale import sale_content_type, sale_info, sale_query, sale_success
from okno.exchange.sale.info import sale_info_content_type


@dataclass(frozen=True)
class ModeRequest:
    """What a mode needs of 1C's request: the session, the query's parameters and, for
    `file`, the body as a stream with its declared length (None when sent chunked)."""

    session: ExchangeSession
    params: dict[str, str]
    body: BinaryIO | None = None
    length: int | None = None

    @property
    def integration(self) -> Integration:
        # Sessions of the endpoint always have one; only a re-run from the log may not.
        if self.session.integration is None:
            raise ProtocolFailure(_("У сеанса обмена нет интеграции."))
        return self.session.integration

    def filename(self) -> str:
        return safe_name(self.params.get("filename", ""))


def mode_init(request: ModeRequest) -> Answer:
    """Whether archives are welcome and the size of a part; on the sale side, when 1C
    names its schema version, the portal's session key and its own version."""
    session, integration = request.session, request.integration
    version = request.params.get("version", "").strip()[:10]
    if version != session.version:
        session.version = version
        session.save(update_fields=["version"])
    lines = [
        f"zip={'yes' if integration.allow_zip else 'no'}",
        f"file_limit={integration.file_limit}",
    ]
    if session.kind == ExchangeSession.Kind.SALE and version:
        lines += [f"sessid={session.sessid}", f"version={integration.sale_version}"]
    return Answer(lines[0], tuple(lines[1:]))


def mode_file(request: ModeRequest) -> Answer:
    """Store a part of a file. On the sale side of the old protocol (no version in `init`)
    1C expects its documents imported as soon as the last part is in."""
    if request.body is None:
        raise ProtocolFailure(
            _(
                "Тело запроса передано частями (chunked), а веб-сервер портала его не прочитал: "
                "нужен прокси, который собирает такие запросы целиком (nginx)."
            )
        )
    session = request.session
    name = request.filename()
    exchange_file, received = file_receive(
        session=session, name=name, body=request.body, length=request.length
    )
    old_sale = session.kind == ExchangeSession.Kind.SALE and not session.version
    # A part of exactly `file_limit` bytes means 1C has more parts of this file to send.
    if not old_sale or received >= request.integration.file_limit:
        return success()
    if not name.lower().endswith(".zip"):
        return import_until_done(session=session, name=name)
    answer = success()
    for inner in archive_entries_of(exchange_file):
        if inner.lower().endswith(".xml"):
            answer = import_until_done(session=session, name=inner)
            if answer.status != "success":
                return answer
    return answer


def mode_import(request: ModeRequest) -> Answer:
    return import_answer(session=request.session, name=request.filename())


def mode_deactivate(request: ModeRequest) -> Answer:
    """Archive the 1C products this exchange did not bring: those not written since the
    `timestamp` 1C got at `checkauth` (the session's start when it sends none)."""
    since = _timestamp(request.params.get("timestamp", "")) or request.session.started_at
    count = catalog_deactivate(since=since)
    return success(_("Снято с продажи товаров: %(count)s.") % {"count": count})


def _timestamp(raw: str) -> datetime | None:
    try:
        return datetime.fromtimestamp(int(raw.strip()), tz=UTC)
    except (ValueError, OverflowError, OSError):
        return None


def mode_complete(request: ModeRequest) -> Answer:
    """1C's package exchange is over: the session ends well."""
    session_succeeded(session=request.session)
    return success()


def mode_query(request: ModeRequest) -> Answer:
    """The orders 1C has not yet confirmed, as the XML document itself."""
    document = sale_query(session=request.session)
    content_type = sale_content_type(integration=request.integration)
    return Answer("xml", document=document, content_type=content_type)


def mode_success(request: ModeRequest) -> Answer:
    """1C took the orders of the last `query`: they count as sent only now."""
    sale_success(session=request.session)
    session_succeeded(session=request.session)
    return success()


def mode_info(request: ModeRequest) -> Answer:
    """The reference lists 1C maps: order statuses, payment and delivery methods."""
    document = sale_info(integration=request.integration)
    return Answer("xml", document=document, content_type=sale_info_content_type())


CATALOG_MODES: dict[str, Callable[[ModeRequest], Answer]] = {
    "init": mode_init,
    "file": mode_file,
    "import": mode_import,
    "deactivate": mode_deactivate,
    "complete": mode_complete,
}
SALE_MODES: dict[str, Callable[[ModeRequest], Answer]] = {
    "init": mode_init,
    "file": mode_file,
    "import": mode_import,
    "query": mode_query,
    "success": mode_success,
    "info": mode_info,
    "complete": mode_complete,
}
MODES = {ExchangeSession.Kind.CATALOG: CATALOG_MODES, ExchangeSession.Kind.SALE: SALE_MODES}


def mode_answer(request: ModeRequest, mode: str) -> Answer:
    """Carry out `mode` of the session's side of the exchange."""
    handler = MODES[ExchangeSession.Kind(request.session.kind)].get(mode)
    if handler is None:
        raise ProtocolFailure(_("Неизвестный режим обмена: %(mode)s") % {"mode": mode[:40]})
    return handler(request)
