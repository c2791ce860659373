"""`/exchange/1c/`: the one endpoint 1C's «обмен с сайтом» calls. It parses `type`,
`mode` and the session, hands the request to the protocol, and always answers with one of
the first lines 1C understands — a fault of the portal included, which is logged and
answered as `failure`."""

from __future__ import annotations

import logging
import time

from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from okno.exchange.models import ExchangeSession
from okno.exchange.protocol.answers import (
    FAILURE,
    UTF8,
    Answer,
    ProtocolFailure,
    answer_response,
    failure,
)
from okno.exchange.protocol.auth import exchange_checkauth, exchange_session_of_request
from okno.exchange.protocol.body import request_body
from okno.exchange.protocol.modes import ModeRequest, mode_answer
from okno.exchange.protocol.sessions import (
    exchange_request_record,
    session_failed,
    session_touch,
)

logger = logging.getLogger(__name__)


@csrf_exempt
def exchange_1c(request):
    """Answer one request of 1C (any method: 1C sends files by POST, the rest by GET)."""
    started = time.monotonic()
    params = {key: request.GET.get(key, "") for key in request.GET}
    kind, mode = params.get("type", ""), params.get("mode", "")
    session: ExchangeSession | None = None
    body = None
    try:
        if kind not in ExchangeSession.Kind.values:
            raise ProtocolFailure(_("Неизвестный тип обмена: %(type)s") % {"type": kind[:40]})
        if mode == "checkauth":
            session, answer = exchange_checkauth(request=request, kind=kind)
        else:
            session = exchange_session_of_request(request=request, kind=kind)
            session_touch(session=session)
            body, length = request_body(request) if mode == "file" else (None, None)
            answer = mode_answer(ModeRequest(session, params, body, length), mode)
    except ProtocolFailure as error:
        answer = failure(error.message)
    except Exception:
        logger.exception("1C exchange: %s %s failed", kind, mode)
        answer = failure(_("Внутренняя ошибка портала; подробности — в журнале сервера."))
    _record(session, mode, params, answer, body.bytes_read if body else 0, started)
    encoding = session.integration.encoding if session and session.integration else UTF8
    return answer_response(answer, encoding=encoding)


def _logged_message(mode: str, answer: Answer) -> str:
    """What the log keeps of an answer: `checkauth`'s cookie value lets anyone who reads it
    act as 1C for the session's life, so the log keeps its name only."""
    if mode == "checkauth" and len(answer.lines) >= 2:
        return "\n".join((answer.lines[0], "…", *answer.lines[2:]))
    return answer.message


def _record(session, mode, params, answer: Answer, bytes_in: int, started: float) -> None:
    if session is None:
        logger.info("1C exchange refused: %s %s", mode, answer.message)
        return
    try:
        exchange_request_record(
            session=session,
            mode=mode,
            filename=params.get("filename", ""),
            status=answer.status,
            message=_logged_message(mode, answer),
            bytes_in=bytes_in,
            duration_ms=int((time.monotonic() - started) * 1000),
        )
        if answer.status == FAILURE:
            # 1C stops the exchange at a failure: the session ends with its reason.
            session_failed(session=session, message=answer.message)
    except Exception:
        logger.exception("1C exchange: the request could not be logged")
