"""The body of `mode=file` as a stream, never read into memory whole.

Django's `request.read()` serves a body of declared length (and an ASGI server's body,
which arrives spooled). A chunked body has no declared length: Django's WSGI request then
reads nothing, so it is read from the server's own input, which gunicorn decodes and ends
(`wsgi.input_terminated`). A server that does neither cannot deliver it."""

from __future__ import annotations


class BodyReader:
    """A request body that counts the bytes read from it (for the exchange log)."""

    def __init__(self, stream) -> None:
        self._stream = stream
        self.bytes_read = 0

    def read(self, size: int = -1) -> bytes:
        chunk = self._stream.read(size)
        self.bytes_read += len(chunk)
        return chunk


def request_body(request) -> tuple[BodyReader | None, int | None]:
    """The body and its declared length (None when unknown); no body when it was sent
    chunked to a server that does not decode it."""
    meta = request.META
    length = _declared_length(meta)
    if length is not None or "wsgi.input" not in meta:
        return BodyReader(request), length
    if meta.get("wsgi.input_terminated"):
        return BodyReader(meta["wsgi.input"]), None
    if "chunked" in meta.get("HTTP_TRANSFER_ENCODING", "").lower():
        return None, None
    return BodyReader(request), 0


def _declared_length(meta) -> int | None:
    try:
        length = int(meta.get("CONTENT_LENGTH") or "")
    except ValueError:
        return None
    return length if length >= 0 else None
