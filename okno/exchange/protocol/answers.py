"""What the exchange answers 1C: a status line (`success`, `progress`, `failure` — ASCII,
the only first lines 1C understands) with message lines, or a document of its own type
(the orders of `mode=query`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO

from django.http import FileResponse, HttpResponse

SUCCESS = "success"
PROGRESS = "progress"
FAILURE = "failure"
UTF8 = "utf-8"


class ProtocolFailure(Exception):
    """A request the exchange refuses; `message` is the second line of the `failure`."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Answer:
    """One answer to 1C. `lines` follow the status line; a `document` (bytes, already in
    its own encoding) replaces the text answer entirely."""

    status: str
    lines: tuple[str, ...] = ()
    document: bytes | IO[bytes] | None = None
    content_type: str = ""

    @property
    def message(self) -> str:
        return "\n".join(self.lines)


def success(*lines: str) -> Answer:
    return Answer(SUCCESS, tuple(lines))


def progress(*lines: str) -> Answer:
    return Answer(PROGRESS, tuple(lines))


def failure(message: str) -> Answer:
    return Answer(FAILURE, (message,))


def answer_response(answer: Answer, *, encoding: str = UTF8) -> HttpResponse | FileResponse:
    """The HTTP response of an answer: text in the integration's encoding (characters it
    lacks become `?`), or the document as it is."""
    response: HttpResponse | FileResponse
    if isinstance(answer.document, bytes):
        response = HttpResponse(answer.document, content_type=answer.content_type)
    elif answer.document is not None:
        # A file: sent in blocks and closed after, never read whole into memory.
        response = FileResponse(answer.document, content_type=answer.content_type)
    else:
        text = "\n".join((answer.status, *answer.lines))
        response = HttpResponse(
            text.encode(encoding, errors="replace"),
            content_type=f"text/plain; charset={encoding}",
        )
    response["Cache-Control"] = "no-store"
    return response
