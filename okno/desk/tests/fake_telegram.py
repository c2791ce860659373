"""A local fake of Telegram's Bot API, served by `http.server` in a thread, so the channel
is tested through the real HTTP stack: `getFile` and the file download, `sendMessage`
(what was sent is in `.sent`), `sendPhoto` and `sendDocument` as multipart uploads (what
was uploaded is in `.uploads`; `.calls` is every sending call in order), `getUpdates`
with Telegram's offset (asking from an offset forgets the updates before it), and 401 for
a token it does not know. A method named in `.failing` fails once with the description
given there.

Updates as Telegram builds them come from `message`, `photo` and `document`."""

from __future__ import annotations

import itertools
import json
import threading
from dataclasses import dataclass, field
from email import policy
from email.parser import BytesParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, cast

TOKEN = "123456:TEST-token"
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


@dataclass(frozen=True)
class Upload:
    """A file the bot uploaded: by which method, to which chat, under which name."""

    method: str
    chat_id: int
    name: str
    content: bytes
    content_type: str


@dataclass
class FakeBotApi:
    token: str = TOKEN
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    sent: list[dict[str, Any]] = field(default_factory=list)
    waiting: list[dict[str, Any]] = field(default_factory=list)
    uploads: list[Upload] = field(default_factory=list)
    calls: list[str] = field(default_factory=list)
    failing: dict[str, str] = field(default_factory=dict)
    offsets: list[int] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    base_url: str = ""
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1000))

    # Updates as Telegram sends them.

    def message(self, chat_id: int, text: str = "", **extra) -> dict[str, Any]:
        person = {"id": chat_id, "is_bot": False, "first_name": "Иван", "username": "ivan"}
        message = {
            "message_id": next(self._ids),
            "from": person,
            "chat": {"id": chat_id, "type": "private", "first_name": "Иван"},
            "date": 1790000000,
            **extra,
        }
        if text:
            message["text"] = text
        return {"update_id": next(self._ids), "message": message}

    def photo(self, chat_id: int, content: bytes, caption: str = "") -> dict[str, Any]:
        small, large = (
            self._file("photos/small.jpg", content[:8]),
            self._file("photos/large.jpg", content),
        )
        sizes = [
            {"file_id": small, "file_unique_id": f"u{small}", "file_size": 8, "width": 90},
            {"file_id": large, "file_unique_id": f"u{large}", "file_size": len(content)},
        ]
        extra = {"photo": sizes, **({"caption": caption} if caption else {})}
        return self.message(chat_id, **extra)

    def document(self, chat_id: int, name: str, content: bytes) -> dict[str, Any]:
        file_id = self._file(f"documents/{name}", content)
        document = {"file_id": file_id, "file_name": name, "file_size": len(content)}
        return self.message(chat_id, document=document)

    def _file(self, path: str, content: bytes) -> str:
        file_id = f"F{next(self._ids)}"
        self.files[file_id] = (path, content)
        return file_id

    # The API itself.

    def handle(
        self, method: str, path: str, body: bytes, content_type: str = ""
    ) -> tuple[int, bytes]:
        prefix = f"/bot{self.token}/"
        if path.startswith(f"/file/bot{self.token}/"):
            wanted = path.removeprefix(f"/file/bot{self.token}/")
            found = [content for name, content in self.files.values() if name == wanted]
            return (200, found[0]) if found else (404, b"")
        if not path.startswith(prefix):
            return _json(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
        name = path.removeprefix(prefix)
        with self.lock:
            if name in self.failing:
                description = self.failing.pop(name)
                return _json(500, {"ok": False, "error_code": 500, "description": description})
            if content_type.startswith("multipart/form-data"):
                return self._upload(name, _form(body, content_type))
            return self._call(name, json.loads(body) if body else {})

    def _upload(self, name: str, form: dict[str, Any]) -> tuple[int, bytes]:
        field_name = {"sendPhoto": "photo", "sendDocument": "document"}.get(name)
        if field_name is None or field_name not in form or "chat_id" not in form:
            return _json(400, {"ok": False, "error_code": 400, "description": "Bad Request"})
        filename, content, content_type = form[field_name]
        chat_id = int(form["chat_id"])
        self.uploads.append(Upload(name, chat_id, filename, content, content_type))
        self.calls.append(name)
        return _ok({"message_id": next(self._ids), "chat": {"id": chat_id}})

    def _call(self, name: str, params: dict[str, Any]) -> tuple[int, bytes]:
        if name == "getFile":
            path, _content = self.files[params["file_id"]]
            return _ok({"file_id": params["file_id"], "file_path": path})
        if name == "sendMessage":
            self.sent.append(params)
            self.calls.append(name)
            return _ok({"message_id": next(self._ids), "chat": {"id": params["chat_id"]}})
        if name == "getUpdates":
            offset = params.get("offset", 0)
            self.offsets.append(offset)
            self.waiting = [item for item in self.waiting if item["update_id"] >= offset]
            return _ok(list(self.waiting))
        return _json(404, {"ok": False, "error_code": 404, "description": "Not Found"})


def _form(body: bytes, content_type: str) -> dict[str, Any]:
    """A multipart/form-data body read as a mail program reads MIME: plain fields as text,
    a file as (its name, bytes, type)."""
    message = BytesParser(policy=policy.HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body
    )
    form: dict[str, Any] = {}
    for part in message.iter_parts():
        name = str(part.get_param("name", header="content-disposition"))
        content = cast(bytes, part.get_payload(decode=True))
        filename = part.get_filename()
        if filename is None:
            form[name] = content.decode()
        else:
            form[name] = (filename, content, part.get_content_type())
    return form


def _ok(result: Any) -> tuple[int, bytes]:
    return _json(200, {"ok": True, "result": result})


def _json(status: int, payload: dict[str, Any]) -> tuple[int, bytes]:
    return status, json.dumps(payload).encode()


def serve(fake: FakeBotApi) -> ThreadingHTTPServer:
    """Start serving `fake` on a free port of 127.0.0.1 (in a daemon thread)."""

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            content_type = self.headers.get("Content-Type") or ""
            status, raw = fake.handle(self.command, self.path, body, content_type)
            self.send_response(status)
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        do_GET = do_POST = _answer

        def log_message(self, format, *args) -> None:  # quiet under pytest
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    fake.base_url = f"http://127.0.0.1:{server.server_address[1]}/"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
