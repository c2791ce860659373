"""Telegram's Bot API over HTTPS, for one bot: reading a message out of an update, getFile
with the download, sendMessage and getUpdates. The API's address is a setting, so the
tests talk to a local fake."""

from __future__ import annotations

import json
import secrets
import urllib.error
import urllib.request
from pathlib import PurePath

from django.conf import settings

from okno.desk.channels.base import BadUpdate, FileOut, FileRef, IncomingMessage
from okno.desk.models import TelegramBot
from okno.desk.services.attachments import FileIn

TEXT_LIMIT = 4096  # what sendMessage accepts in one message
PHOTO_LIMIT = 10 * 1024 * 1024  # sendPhoto's limit; a larger image goes as a document
PHOTO_TYPES = frozenset({"image/jpeg", "image/png"})


class BotApiError(Exception):
    """Telegram refused a call or could not be reached."""


class TelegramMessenger:
    """The `Messenger` of one bot."""

    def __init__(self, bot: TelegramBot) -> None:
        self.bot = bot

    def call(self, method: str, params: dict | None = None, *, timeout: float | None = None):
        """The call's `result`, or `BotApiError` with Telegram's description."""
        body = json.dumps(params or {}).encode()
        return self._post(method, body, "application/json", timeout=timeout)

    def upload(self, method: str, params: dict, *, field: str, file: FileOut):
        """A call that uploads a file (multipart/form-data) under `field`."""
        body, content_type = _multipart(params, field, file)
        return self._post(method, body, content_type)

    def _post(self, method: str, body: bytes, content_type: str, *, timeout=None):
        url = f"{settings.OKNO_TELEGRAM_API_URL}bot{self.bot.token}/{method}"
        request = urllib.request.Request(url, data=body, headers={"Content-Type": content_type})
        try:
            with urllib.request.urlopen(
                request, timeout=timeout or settings.OKNO_TELEGRAM_TIMEOUT
            ) as response:
                answer = json.loads(response.read())
        except urllib.error.HTTPError as error:
            answer = _error_answer(error)
        except (OSError, ValueError) as error:
            raise BotApiError(f"{method}: {error}") from error
        if not answer.get("ok"):
            raise BotApiError(f"{method}: {answer.get('description', 'error')}")
        return answer.get("result")

    def message_from(self, update: dict) -> IncomingMessage | None:
        message = update.get("message")
        if message is None:
            return None
        if not isinstance(message, dict):
            raise BadUpdate("message is not an object")
        chat = message.get("chat")
        if not isinstance(chat, dict) or not isinstance(chat.get("id"), int):
            raise BadUpdate("message without a chat")
        if chat.get("type") != "private":
            return None  # the bot answers people, not groups it was added to
        text = str(message.get("text") or message.get("caption") or "")
        start = text.startswith("/start")
        return IncomingMessage(
            chat_id=chat["id"],
            title=_title(message.get("from") or chat),
            text=text,
            files=_files(message),
            is_start=start,
            start_code=text.removeprefix("/start").strip() if start else "",
        )

    def file_fetch(self, file: FileRef) -> FileIn:
        found = self.call("getFile", {"file_id": file.ref})
        path = (found or {}).get("file_path")
        if not path:
            raise BotApiError("getFile: no file_path")
        url = f"{settings.OKNO_TELEGRAM_API_URL}file/bot{self.bot.token}/{path}"
        limit = settings.OKNO_DESK_MAX_FILE_MB * 1024 * 1024
        try:
            with urllib.request.urlopen(url, timeout=settings.OKNO_TELEGRAM_TIMEOUT) as response:
                content = response.read(limit + 1)
        except OSError as error:
            raise BotApiError(f"file: {error}") from error
        return FileIn(name=file.name or PurePath(path).name, content=content)

    def send(self, chat_id: int, text: str) -> None:
        self.call("sendMessage", {"chat_id": chat_id, "text": text[:TEXT_LIMIT]})

    def send_file(self, chat_id: int, file: FileOut) -> None:
        """An image Telegram shows as a photo by sendPhoto, anything else (or a photo
        Telegram refuses as one) by sendDocument under its name."""
        params = {"chat_id": str(chat_id)}
        if file.content_type in PHOTO_TYPES and len(file.content) <= PHOTO_LIMIT:
            try:
                self.upload("sendPhoto", params, field="photo", file=file)
                return
            except BotApiError as error:
                if "PHOTO_" not in str(error):  # dimensions or format: send it as a file
                    raise
        self.upload("sendDocument", params, field="document", file=file)

    def updates(self, offset: int) -> list[dict]:
        """Updates from `offset` on (getUpdates without waiting: the worker asks again in a
        minute)."""
        result = self.call("getUpdates", {"offset": offset, "timeout": 0, "limit": 100})
        if not isinstance(result, list):
            raise BotApiError("getUpdates: not a list")
        return result


def _multipart(params: dict, field: str, file: FileOut) -> tuple[bytes, str]:
    """A multipart/form-data body: the call's parameters, then the file. The file's name
    goes in UTF-8 as browsers send it (RFC 7578), quotes and line breaks escaped."""
    boundary = f"okno-{secrets.token_hex(16)}"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in params.items()
    ]
    filename = file.name.replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; '
        f'filename="{filename or "file"}"\r\n'
        f"Content-Type: {file.content_type or 'application/octet-stream'}\r\n\r\n"
    )
    head = "".join(parts).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    return head + file.content + tail, f"multipart/form-data; boundary={boundary}"


def _error_answer(error: urllib.error.HTTPError) -> dict:
    try:
        return json.loads(error.read())
    except ValueError:
        return {"ok": False, "description": f"HTTP {error.code}"}


def _title(person: dict) -> str:
    name = " ".join(str(person.get(key) or "") for key in ("first_name", "last_name")).strip()
    username = person.get("username")
    if username:
        name = f"{name} (@{username})" if name else f"@{username}"
    return name[:200]


def _files(message: dict) -> list[FileRef]:
    """The largest size of a photo (Telegram sends several) and a document under its own
    name."""
    files = []
    photos = message.get("photo")
    if isinstance(photos, list) and photos:
        largest = max(photos, key=lambda size: size.get("file_size") or 0)
        unique = largest.get("file_unique_id") or largest["file_id"]
        files.append(FileRef(name=f"photo-{unique}.jpg", ref=largest["file_id"]))
    document = message.get("document")
    if isinstance(document, dict):
        files.append(
            FileRef(
                name=str(document.get("file_name") or ""),
                ref=document["file_id"],
                size=document.get("file_size") or 0,
            )
        )
    return files
