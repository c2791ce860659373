"""1C's side of the catalog exchange, as «обмен с сайтом» runs it, over one keep-alive
HTTP connection (1C reuses its `HTTPСоединение` for the whole exchange): `checkauth` with
Basic auth, `init`, each file POSTed raw in parts of `file_limit` bytes, `import` repeated
while the portal answers `progress`, and for the package exchange `deactivate` and
`complete`. Every answer's first line must be `success`, `progress` or `failure`."""

from __future__ import annotations

import base64
import http.client
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ENDPOINT = "/exchange/1c/"
USER_AGENT = "1C+Enterprise/8.3"
TIMEOUT_S = 300.0
STATUSES = ("success", "progress", "failure")


class ExchangeFailed(Exception):
    """The portal answered `failure` (or something 1C would not understand)."""


@dataclass
class Answer:
    status: str
    lines: list[str]
    seconds: float


@dataclass
class ImportRun:
    """One file's import: how long from the first `import` to `success`, in how many
    requests, and the last answer's message."""

    name: str
    seconds: float = 0.0
    requests: int = 0
    message: str = ""


@dataclass
class OneC:
    host: str
    port: int
    login: str
    password: str
    kind: str = "catalog"
    cookie: str = ""
    sessid: str = ""
    timestamp: str = ""
    requests: int = 0
    log: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT_S)

    def close(self) -> None:
        self.connection.close()

    def call(
        self, mode: str, body: bytes | None = None, *, settings: bool = False, **params: str
    ) -> Answer:
        """One request; `settings` for `init`, whose answer is `key=value` lines only."""
        query = urlencode({"type": self.kind, "mode": mode, **params})
        headers = {"User-Agent": USER_AGENT, "Host": f"{self.host}:{self.port}"}
        if mode == "checkauth":
            token = base64.b64encode(f"{self.login}:{self.password}".encode()).decode()
            headers["Authorization"] = f"Basic {token}"
        elif self.cookie:
            headers["Cookie"] = self.cookie
        if body is not None:
            headers["Content-Type"] = "application/octet-stream"
        started = time.perf_counter()
        method = "POST" if body is not None else "GET"
        try:
            response, raw = self._send(method, f"{ENDPOINT}?{query}", body, headers)
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError) as error:
            # The server closed the kept-alive connection as the request went out; a new
            # connection and the request again, once, as an HTTP client library does.
            self.log.append(f"{mode}: {type(error).__name__}, sent again")
            self.connection.close()
            self.connection = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT_S)
            response, raw = self._send(method, f"{ENDPOINT}?{query}", body, headers)
        self.requests += 1
        text = raw.decode("utf-8", errors="replace").lstrip("\ufeff")
        lines = [line.rstrip("\r") for line in text.split("\n")]
        answer = Answer(lines[0].strip(), lines[1:], time.perf_counter() - started)
        understood = answer.status in STATUSES or (settings and "=" in answer.status)
        if response.status != 200 or not understood:
            raise ExchangeFailed(f"{mode}: HTTP {response.status}, answered {text[:300]!r}")
        if answer.status == "failure":
            raise ExchangeFailed(f"{mode} {params.get('filename', '')}: {' '.join(lines[1:])}")
        return answer

    def _send(self, method: str, url: str, body: bytes | None, headers: dict[str, str]):
        self.connection.request(method, url, body, headers)
        response = self.connection.getresponse()
        return response, response.read()

    def checkauth(self) -> None:
        answer = self.call("checkauth")
        name, value = answer.lines[0].strip(), answer.lines[1].strip()
        self.cookie = f"{name}={value}"
        for line in answer.lines[2:]:
            key, _, found = line.partition("=")
            if key == "sessid":
                self.sessid = found.strip()
            elif key == "timestamp":
                self.timestamp = found.strip()

    def init(self) -> tuple[bool, int]:
        """Whether the portal takes archives, and its part size."""
        answer = self.call("init", settings=True, sessid=self.sessid)
        pairs = [line.split("=", 1) for line in [answer.status, *answer.lines] if "=" in line]
        found = {key.strip(): value.strip() for key, value in pairs}
        return found.get("zip") == "yes", int(found["file_limit"])

    def upload(self, path: Path, name: str, file_limit: int) -> int:
        """POST the file in parts of `file_limit` bytes; returns how many parts."""
        parts = 0
        with path.open("rb") as source:
            while True:
                part = source.read(file_limit)
                if not part and parts:
                    return parts
                self.call("file", part, filename=name)
                parts += 1
                if len(part) < file_limit:
                    return parts

    def import_file(self, name: str) -> ImportRun:
        """`import` of the file, repeated while the portal answers `progress`."""
        run = ImportRun(name)
        started = time.perf_counter()
        while True:
            answer = self.call("import", filename=name)
            run.requests += 1
            run.message = " ".join(answer.lines).strip()
            if answer.status == "success":
                run.seconds = time.perf_counter() - started
                return run

    def finish_package(self) -> float:
        """`deactivate` since this exchange's start, then `complete`; the seconds taken."""
        started = time.perf_counter()
        self.call("deactivate", timestamp=self.timestamp)
        self.call("complete")
        return time.perf_counter() - started
