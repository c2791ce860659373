"""Real mail servers for the e-mail channel's tests: Debian's dovecot as an IMAP server of
our own (a config in a temporary folder, passwd-file users, maildir, a port of its own, no
root needed — run as root it hands its processes to dovecot's users) and an SMTP sink
(aiosmtpd) that keeps every letter it is given."""

from __future__ import annotations

import contextlib
import email
import grp
import imaplib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
USER = "desk"
PASSWORD = "desk-secret"
# The ports these tests may take (override with OKNO_TEST_MAIL_PORTS="first-last").
PORTS = os.environ.get("OKNO_TEST_MAIL_PORTS", "14300-14399")


def free_ports() -> list[int]:
    """Ports of the range nothing listens on, in an order that differs per test worker so
    parallel workers rarely try the same one first."""
    first, last = (int(value) for value in PORTS.split("-"))
    worker = int("".join(ch for ch in os.environ.get("PYTEST_XDIST_WORKER", "0") if ch.isdigit()))
    ports = list(range(first, last + 1))
    shift = (worker * 10) % len(ports)
    found = []
    for port in ports[shift:] + ports[:shift]:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        found.append(port)
    return found


def _accounts() -> dict:
    """Who dovecot's processes run as: ourselves, or, run as root, dovecot's own users
    (it refuses to log people in as root)."""
    if os.geteuid() != 0:
        user = pwd.getpwuid(os.getuid()).pw_name
        group = grp.getgrgid(os.getgid()).gr_name
        return {
            "internal": user,
            "internal_group": group,
            "login": user,
            "uid": os.getuid(),
            "gid": os.getgid(),
        }
    internal = pwd.getpwnam("dovecot")
    return {
        "internal": internal.pw_name,
        "internal_group": grp.getgrgid(internal.pw_gid).gr_name,
        "login": pwd.getpwnam("dovenull").pw_name,
        "uid": internal.pw_uid,
        "gid": internal.pw_gid,
    }


_CONFIG = """protocols = imap
listen = 127.0.0.1
base_dir = {home}/run
state_dir = {home}/state
log_path = {home}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {internal}
default_internal_group = {internal_group}
default_login_user = {login}
first_valid_uid = 1
mail_location = maildir:{home}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {home}/users
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={home}/mail/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
}}
service anvil {{
  chroot =
}}
"""


@dataclass
class Dovecot:
    """A running dovecot with one user, `desk`."""

    home: Path
    port: int
    process: subprocess.Popen

    def connect(self) -> imaplib.IMAP4:
        connection = imaplib.IMAP4("127.0.0.1", self.port, timeout=10)
        connection.login(USER, PASSWORD)
        return connection

    @contextlib.contextmanager
    def session(self) -> Iterator[imaplib.IMAP4]:
        connection = self.connect()
        try:
            yield connection
        finally:
            connection.logout()

    def folder_create(self, folder: str) -> None:
        with self.session() as connection:
            status, answer = connection.create(folder)
            assert status == "OK", answer

    def folder_recreate(self, folder: str) -> None:
        """Delete the folder and make it anew: the server gives it a new UIDVALIDITY."""
        with self.session() as connection:
            connection.delete(folder)
            time.sleep(1.1)  # UIDVALIDITY is taken from the clock in seconds
            status, answer = connection.create(folder)
            assert status == "OK", answer

    def deliver(self, folder: str, raw: bytes) -> None:
        with self.session() as connection:
            status, answer = connection.append(folder, None, None, raw)
            assert status == "OK", answer

    def uidvalidity(self, folder: str) -> int:
        with self.session() as connection:
            connection.select(folder, readonly=True)
            return int(connection.response("UIDVALIDITY")[1][0])

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.home, ignore_errors=True)


def dovecot_start() -> Dovecot:
    """Start dovecot on a free port of the range; fails the test, with what to install,
    when dovecot is not there."""
    if not os.access(DOVECOT, os.X_OK):
        pytest.fail(
            "dovecot is not installed: the e-mail channel is tested against a real IMAP "
            "server — install it with `apt-get install dovecot-imapd` (.ci/run does)."
        )
    last_error = ""
    for port in free_ports()[:5]:
        server, last_error = _dovecot_on(port)
        if server is not None:
            return server
    pytest.fail(f"dovecot did not start: {last_error}")


def _dovecot_on(port: int) -> tuple[Dovecot | None, str]:
    home = Path(tempfile.mkdtemp(prefix="okno-dovecot-"))
    # dovecot's login process (another user when run as root) must reach its sockets here.
    home.chmod(0o755)
    accounts = _accounts()
    for folder in ("run", "state", "mail"):
        (home / folder).mkdir()
    if os.geteuid() == 0:
        os.chown(home / "mail", accounts["uid"], accounts["gid"])
    (home / "users").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
    (home / "dovecot.conf").write_text(_CONFIG.format(home=home, port=port, **accounts))
    process = subprocess.Popen(
        [DOVECOT, "-F", "-c", str(home / "dovecot.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    server = Dovecot(home=home, port=port, process=process)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            server.connect().logout()
            return server, ""
        except (OSError, imaplib.IMAP4.error):
            time.sleep(0.2)
    log = (home / "dovecot.log").read_text() if (home / "dovecot.log").exists() else ""
    error = (process.stderr.read().decode() if process.poll() is not None else "") + log
    server.stop()
    return None, error[-2000:]


@dataclass
class SmtpSink:
    """An SMTP server on a free port that keeps what it is sent."""

    port: int
    letters: list[EmailMessage] = field(default_factory=list)
    controller: Controller | None = None

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's handler hook
        message = email.message_from_bytes(envelope.original_content, policy=policy.default)
        self.letters.append(message)
        return "250 OK"


def smtp_sink_start() -> SmtpSink:
    last_error: Exception | None = None
    for port in free_ports()[:5]:
        sink = SmtpSink(port=port)
        controller = Controller(sink, hostname="127.0.0.1", port=port)
        try:
            controller.start()
        except (OSError, RuntimeError) as error:
            last_error = error
            continue
        sink.controller = controller
        return sink
    pytest.fail(f"the SMTP sink did not start: {last_error}")
