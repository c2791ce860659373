"""The operators' workspace at the desk's full size, as `python -m bench --only desk` runs
it: years of appeals with their threads (1,000,000 appeals and 5,000,000 messages on
PostgreSQL, a tenth of that on SQLite), 2,000 clients, 20 operators and 40 saved views,
on a database created fresh for each run (SQLite under `var/bench/`, PostgreSQL
`<bench database>_desk`).

The history is written set-based (`okno.core.bulk`: COPY on PostgreSQL); the claims whose
pages are read are filed through the desk's services on real orders and shipments. Then,
as an operator through the pages and the API: the queue (its default, with the 40 views'
counts, and narrowed by assignee, SLA state, kind, channel, and searched by number, ИНН,
order, client and words), a deep page of the whole history, the appeal page of a claim
and of a long thread; and the e-mail channel taking letters in from a real IMAP server
(Debian's dovecot, started as the tests start it): new appeals, replies threaded by our
token and by the subject's tag, letters of strangers, some with files.

    python -m bench.desk --out FILE [--appeals N] [--letters 500]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from bench.exchange import figure_row, rate_row

APPEALS = {"postgresql": 1_000_000, "sqlite": 100_000}
MESSAGES_PER_APPEAL = 5
LONG_THREAD = 60
CLIENTS = 2_000
OPERATORS = 20
VIEWS = 40
OPEN_SHARE = 0.02  # of the history still open: 20,000 of a million
YEARS = 3
CHUNK = 20_000
LETTERS = 500
PAGE_GOAL_MS = 100
INTAKE_GOAL = 50
# The views' counts are taken every minute: a small share of the minute, on one connection.
REFRESH_GOAL_S = 5
RUNS = 30
PASSWORD = "Bench2026pass"
OPEN_STATUSES = ("new", "in_progress", "awaiting_client", "reopened")
SLA_STATES = ("ok", "ok", "ok", "warning", "breached", "paused")
CHANNELS = ("portal", "portal", "email", "email", "phone", "api", "telegram")
WORDS = (
    "поставка",
    "накладная",
    "счёт-фактура",
    "паллета",
    "недовложение",
    "пересорт",
    "упаковка",
    "доверенность",
    "сверка",
    "возврат",
    "маркировка",
    "сертификат",
)


# --- in the measuring process --------------------------------------------------------------


def measure(appeals: int | None, letters: int) -> dict:
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", "--no-input", "-v", "0")
    call_command("collectstatic", "--no-input", "-v", "0")
    count = appeals or APPEALS[connection.vendor]
    started = time.perf_counter()
    world = _world()
    claims = _claims(world)
    _history(world, count)
    _long_thread(claims[1].pk)
    _views(world)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    written = time.perf_counter() - started
    rows = _reads(world, claims)
    rows.append(_intake(world, letters))
    rows.append(figure_row("history written, s", count, round(written, 1)))
    return {"database": _database(), "results": rows}


class World:
    """Who the history belongs to: the staff, the clients with their legal entities and
    contacts, the desk's kinds and topics."""

    def __init__(self, operators, supervisor, clients, entities, contacts, kinds, topics):
        self.operators = operators
        self.supervisor = supervisor
        self.clients = clients
        self.entities = entities  # client id → its legal entity
        self.contacts = contacts  # client id → its contact's e-mail
        self.kinds = kinds
        self.topics = topics


def _world() -> World:
    from okno.accounts.models import User
    from okno.core.roles import StaffRole
    from okno.desk.defaults import desk_defaults_ensure
    from okno.desk.models import AppealKind, AppealTopic

    desk_defaults_ensure()
    operators = [
        User.objects.create_user(
            email=f"operator{index}@bench.okno",
            password=PASSWORD,
            full_name=f"Оператор {index:02d}",
            staff_role=StaffRole.OPERATOR,
        )
        for index in range(OPERATORS)
    ]
    supervisor = User.objects.create_user(
        email="supervisor@bench.okno", password=PASSWORD, staff_role=StaffRole.SUPERVISOR
    )
    clients, entities, contacts = _clients()
    return World(
        operators,
        supervisor,
        clients,
        entities,
        contacts,
        kinds=list(AppealKind.objects.filter(is_claim=False)),
        topics=list(AppealTopic.objects.all()),
    )


def _clients():
    from okno.clients.models import Client, Contact, LegalEntity

    clients = Client.objects.bulk_create(
        Client(name=f"{_company(index)} №{index:04d}", support_hours=10 + index % 30)
        for index in range(CLIENTS)
    )
    entities = LegalEntity.objects.bulk_create(
        LegalEntity(
            client=client,
            name=f"ООО «{client.name}»",
            inn=f"77{index:08d}",
            kpp="770101001",
        )
        for index, client in enumerate(clients)
    )
    Contact.objects.bulk_create(
        Contact(client=client, full_name=f"Контакт {index}", email=f"buyer{index}@client.example")
        for index, client in enumerate(clients)
    )
    by_client = {entity.client_id: entity for entity in entities}
    contacts = {client.pk: f"buyer{index}@client.example" for index, client in enumerate(clients)}
    return clients, by_client, contacts


def _company(index: int) -> str:
    names = ("Стройторг", "Агроснаб", "Техмаркет", "Оптима", "Северный двор", "Продукт-Юг")
    return names[index % len(names)]


def _claims(world: World) -> list:
    """Three claims filed by a client's person on delivered orders, with a reply and a
    credit note, so their pages show order, shipment, lines and resolutions."""
    from okno.clients.tests.factories import ContractFactory, MembershipFactory
    from okno.core.roles import ClientRole
    from okno.desk.tests.helpers import claim_on, resolve, shipped_order

    client = world.clients[0]
    entity = world.entities[client.pk]
    contract = ContractFactory(legal_entity=entity)
    buyer = MembershipFactory(client=client, role=ClientRole.ADMIN).user
    lines = [(f"{100 + 7 * n}.00", "10") for n in range(12)]
    claims = []
    for _number in range(3):
        order, shipment = shipped_order(legal_entity=entity, contract=contract, lines=lines)
        claim = claim_on(buyer, order, shipment, *(["2"] * len(lines)))
        resolve(world.operators[0], claim)
        claims.append(claim)
    return claims


# --- the history, written set-based ----------------------------------------------------------


def _history(world: World, count: int) -> None:
    """`count` appeals over `YEARS` years, numbered after the claims, each with its log
    (creation, messages in and out, notes, the status moves) and stored SLA clocks."""
    from django.core.management.color import no_style
    from django.db import connection, transaction

    from okno.desk.models import Appeal, AppealEvent, AppealSla

    first = (Appeal.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    rng = random.Random(2026)
    now = dt.datetime.now(dt.UTC)
    for start in range(first, first + count, CHUNK):
        ids = range(start, min(start + CHUNK, first + count))
        with transaction.atomic():
            _chunk(world, ids, first, count, now, rng)
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(
            no_style(), [Appeal, AppealEvent, AppealSla]
        ):
            cursor.execute(statement)


def _chunk(world: World, ids: range, first: int, count: int, now, rng: random.Random) -> None:
    from okno.core.bulk import rows_insert
    from okno.desk.models import Appeal, AppealEvent, AppealSla

    appeals, events, clocks = [], [], []
    for pk in ids:
        appeal = _appeal_row(world, pk, (pk - first) / count, now, rng)
        appeals.append(appeal)
        events.extend(_events(appeal, world, rng))
        clocks.append(_clock(appeal, now, rng))
    rows_insert(Appeal, APPEAL_FIELDS, [[row[name] for name in APPEAL_FIELDS] for row in appeals])
    rows_insert(AppealEvent, EVENT_FIELDS, events)
    rows_insert(AppealSla, SLA_FIELDS, clocks)


APPEAL_FIELDS = (
    "id",
    "number",
    "kind",
    "topic",
    "subject",
    "status",
    "priority",
    "channel",
    "client",
    "legal_entity",
    "assignee",
    "late",
    "duplicate_reason",
    "late_reason",
    "csat_comment",
    "created_at",
    "updated_at",
    "finished_at",
    "csat_score",
)
EVENT_FIELDS = (
    "appeal",
    "kind",
    "author",
    "at",
    "is_public",
    "direction",
    "channel",
    "body",
    "from_status",
    "to_status",
    "reason",
    "pause_reason",
)
SLA_FIELDS = (
    "appeal",
    "state",
    "paused_for",
    "due",
    "resolution_due",
    "first_response_due",
    "computed_at",
)


def _appeal_row(world: World, pk: int, age: float, now, rng: random.Random) -> dict:
    """One appeal; `age` runs from 0 (the oldest) to 1 (the newest). The newest
    `OPEN_SHARE` of the history is still open; the rest is resolved or closed."""
    kind = world.kinds[pk % len(world.kinds)]
    client = world.clients[rng.randrange(len(world.clients))]
    is_open = age > 1 - OPEN_SHARE
    created = now - dt.timedelta(days=YEARS * 365 * (1 - age), minutes=rng.randrange(600))
    status = OPEN_STATUSES[pk % 4] if is_open else ("closed" if pk % 3 else "resolved")
    finished = None if is_open else created + dt.timedelta(hours=rng.randrange(1, 120))
    return {
        "id": pk,
        "number": f"{kind.prefix}-{pk:06d}",
        "kind": kind.pk,
        "topic": world.topics[pk % len(world.topics)].pk if world.topics else None,
        "subject": _subject(pk, rng),
        "status": status,
        "priority": ("normal", "normal", "high", "low", "urgent")[pk % 5],
        "channel": CHANNELS[pk % len(CHANNELS)],
        "client": client.pk,
        "legal_entity": world.entities[client.pk].pk,
        "assignee": None if is_open and pk % 5 == 0 else world.operators[pk % OPERATORS].pk,
        "late": False,
        "duplicate_reason": "",
        "late_reason": "",
        "csat_comment": "",
        "created_at": created,
        "updated_at": finished or created,
        "finished_at": finished,
        "csat_score": 1 + pk % 5 if finished and pk % 2 else None,
    }


def _subject(pk: int, rng: random.Random) -> str:
    return f"{WORDS[pk % len(WORDS)].capitalize()} по заказу {rng.randrange(10_000, 99_999)}"


def _events(appeal: dict, world: World, rng: random.Random) -> list[list]:
    """Creation, `MESSAGES_PER_APPEAL` messages on average (in, out, now and then an
    internal note), and the moves to the final status."""
    at = appeal["created_at"]
    pk, operator = appeal["id"], appeal["assignee"]
    rows = [[pk, "created", None, at, True, "", appeal["channel"], "", "", "new", "", ""]]
    for number in range(rng.randrange(1, 2 * MESSAGES_PER_APPEAL)):
        at += dt.timedelta(minutes=rng.randrange(5, 600))
        incoming = number % 2 == 0
        note = not incoming and number % 7 == 5
        rows.append(
            [
                pk,
                "note" if note else "message",
                None if incoming else operator,
                at,
                not note,
                "in" if incoming else ("" if note else "out"),
                appeal["channel"],
                _body(rng),
                "",
                "",
                "",
                "",
            ]
        )
    if appeal["finished_at"] is not None:
        finished = appeal["finished_at"]
        moved = ["in_progress", appeal["status"], "Решено", ""]
        rows.append([pk, "status", operator, finished, True, "", "", "", *moved])
    return rows


def _body(rng: random.Random) -> str:
    words = rng.sample(WORDS, 4)
    return f"Добрый день! Вопрос: {', '.join(words)}. Просим ответить до конца недели."


def _clock(appeal: dict, now, rng: random.Random) -> list:
    from okno.core.bulk import db_value

    if appeal["finished_at"] is not None:
        state, due = ("met" if rng.random() < 0.9 else "breached"), None
    else:
        state = SLA_STATES[appeal["id"] % len(SLA_STATES)]
        due = now + dt.timedelta(minutes=rng.randrange(-600, 2880))
    created = appeal["created_at"]
    resolution = created + dt.timedelta(days=3)
    # Converted here: the bulk writer judges a column's type by its first row, and a
    # chunk's first clock may have no `due`.
    first_response = created + dt.timedelta(hours=4)
    return [appeal["id"], state, "", db_value(due), resolution, first_response, now]


def _long_thread(appeal_id: int) -> None:
    """A claim argued at length: `LONG_THREAD` messages in and out over two weeks."""
    from okno.core.bulk import rows_insert
    from okno.desk.models import AppealEvent

    rng = random.Random(appeal_id)
    at = dt.datetime.now(dt.UTC) - dt.timedelta(days=14)
    rows = []
    for number in range(LONG_THREAD):
        at += dt.timedelta(minutes=rng.randrange(30, 300))
        direction = "out" if number % 2 else "in"
        message = [appeal_id, "message", None, at, True, direction, "portal", _body(rng)]
        rows.append([*message, "", "", "", ""])
    rows_insert(AppealEvent, EVENT_FIELDS, rows)


def _views(world: World) -> None:
    """`VIEWS` saved views: half the operator's own, half shared, over every filter."""
    from okno.desk.models import SavedView

    kinds = [kind.pk for kind in world.kinds]
    shapes = [
        {"assignee": "me"},
        {"assignee": "none"},
        {"sla": "breached"},
        {"sla": "warning"},
        {"status": "awaiting_client"},
        {"status": "new", "channel": "email"},
        {"kind": str(kinds[0])},
        {"status": "", "csat": "1"},
        {"status": "closed", "assignee": "me"},
        {"channel": "telegram", "assignee": "me"},
    ]
    SavedView.objects.bulk_create(
        SavedView(
            name=f"Вид {index + 1}",
            owner=world.operators[0] if index % 2 else world.supervisor,
            is_shared=index % 2 == 0,
            filters={**shapes[index % len(shapes)], "kind": str(kinds[index % len(kinds)])}
            if index >= len(shapes)
            else shapes[index],
            sort=("newest", "due", "priority", "oldest")[index % 4],
        )
        for index in range(VIEWS)
    )


# --- what is measured ------------------------------------------------------------------------


def _reads(world: World, claims: list) -> list[dict]:
    from django.test import Client as Browser

    from bench.orders import result, timed

    browser = Browser()
    browser.force_login(world.operators[0])

    def get(url: str) -> bytes:
        response = browser.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}")
        return response.content

    refresh = _CountsRefresh()
    refresh.start()  # as the worker does every minute, from the moment the operator signed in
    try:
        refresh.first.wait()
        rows = [
            result(name, timed(lambda url=url: get(url), RUNS), PAGE_GOAL_MS)
            for name, url in _urls(world, claims)
        ]
    finally:
        refresh.stop()
    slowest = round(max(refresh.took) / 1000, 2)
    name = f"the worker's count of {VIEWS} views, s (slowest of {len(refresh.took)})"
    rows.append(
        figure_row(name, VIEWS, slowest, f"≤ {REFRESH_GOAL_S} s", slowest <= REFRESH_GOAL_S)
    )
    return rows


class _CountsRefresh(threading.Thread):
    """The worker's minute task that counts the saved views into the cache, run beside
    the measured pages on a connection of its own; `took` — how long each run took, ms."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.first = threading.Event()
        self.done = threading.Event()
        self.took: list[float] = []

    def run(self) -> None:
        from django.db import connection

        from okno.desk.selectors.views import view_counts_refresh

        try:
            while not self.done.is_set():
                started = time.perf_counter()
                view_counts_refresh()
                self.took.append((time.perf_counter() - started) * 1000)
                self.first.set()
                self.done.wait(60)
        finally:
            self.first.set()
            connection.close()

    def stop(self) -> None:
        self.done.set()
        self.join()


def _urls(world: World, claims: list) -> list[tuple[str, str]]:
    from django.db.models import Count

    from okno.desk.models import Appeal

    newest = Appeal.objects.order_by("-pk").first()
    oldest = Appeal.objects.filter(number__isnull=False).order_by("pk")[100]
    entity = world.entities[world.clients[7].pk]
    thread = Appeal.objects.annotate(messages=Count("events")).get(pk=claims[1].pk)
    everything = {"status": ""}
    queue = "/staff/desk/"
    searches = [
        ("number", newest.number),
        ("number, old", oldest.number),
        ("digits of a number", str(oldest.pk)),
        ("ИНН", entity.inn),
        ("order", claims[0].order.number),
        ("client", world.clients[7].name),
        ("a common word", "маркировка"),
        ("words of one subject", "по заказу 45678"),
    ]
    one_kind = urlencode({**everything, "kind": world.kinds[0].pk})
    urls = [
        ("queue: open, newest, 40 views counted", queue),
        ("queue: mine", f"{queue}?assignee=me"),
        ("queue: SLA breached, by due", f"{queue}?sla=breached&sort=due"),
        ("queue: all statuses, one kind", f"{queue}?{one_kind}"),
        ("queue: all statuses, page 200", f"{queue}?{urlencode({**everything, 'page': 200})}"),
        ("queue: e-mail, unassigned", f"{queue}?channel=email&assignee=none"),
    ]
    for label, term in searches:
        searched = urlencode({**everything, "q": term})
        urls.append((f"queue: search by {label}", f"{queue}?{searched}"))
    urls += [
        ("GET /api/v1/appeals (every status)", "/api/v1/appeals"),
        ("GET /api/v1/desk/views", "/api/v1/desk/views"),
        ("appeal page: claim of 12 lines", f"/staff/desk/{claims[0].pk}/"),
        (f"appeal page: claim, a thread of {thread.messages} entries", f"/staff/desk/{thread.pk}/"),
        ("GET /api/v1/appeals/{id}: claim", f"/api/v1/appeals/{claims[0].pk}"),
    ]
    return urls


def _intake(world: World, letters: int) -> dict:
    """Letters delivered to a real IMAP server, then one poll of the mailbox as the
    worker runs it: read, kept raw, parsed, threaded and filed."""
    from okno.desk.tests.mailservers import DOVECOT

    if not os.access(DOVECOT, os.X_OK):
        return figure_row("e-mail intake", 0, "no dovecot", f"≥ {INTAKE_GOAL} letters/s", None)
    from okno.desk.mail.imap import mailbox_poll
    from okno.desk.models import IncomingMail
    from okno.desk.tests.mailservers import dovecot_start

    server = dovecot_start()
    try:
        mailbox = _mailbox(server)
        for raw in _letters(world, letters):
            server.deliver("INBOX", raw)
        started = time.perf_counter()
        polled = mailbox_poll(mailbox)
        seconds = time.perf_counter() - started
    finally:
        server.stop()
    filed = IncomingMail.objects.filter(mailbox=mailbox, appeal__isnull=False).count()
    if polled.read != letters or filed < letters * 0.9:
        raise RuntimeError(f"e-mail intake: {polled} of {letters} letters, {filed} filed")
    return rate_row("e-mail intake over IMAP", letters, seconds, INTAKE_GOAL, "letters")


def _mailbox(server):
    from okno.desk.models import AppealKind, Mailbox
    from okno.desk.tests.mailservers import PASSWORD as IMAP_PASSWORD
    from okno.desk.tests.mailservers import USER

    return Mailbox.objects.create(
        name="Претензии",
        address="claims@okno.local",
        imap_host="127.0.0.1",
        imap_port=server.port,
        imap_ssl=False,
        imap_user=USER,
        imap_password=IMAP_PASSWORD,
        kind=AppealKind.objects.get(code="question"),
    )


def _letters(world: World, count: int) -> list[bytes]:
    """New appeals of clients' contacts (half), replies by our token (a fifth), by the
    subject's tag (a fifth) and letters of strangers; every fourth with a PDF."""
    from okno.desk.mail.outgoing import appeal_token
    from okno.desk.models import Appeal
    from okno.desk.tests.helpers import PDF
    from okno.desk.tests.mailhelpers import letter

    appeals = Appeal.objects.filter(client__isnull=False).order_by("-pk")
    recent = list(appeals.values("pk", "number", "client_id")[:count])
    made = []
    for index in range(count):
        appeal = recent[index % len(recent)]
        sender = world.contacts[appeal["client_id"]]
        files = (("акт.pdf", "application/pdf", PDF * 50),) if index % 4 == 0 else ()
        text = f"Добрый день! Письмо {index}: {_body(random.Random(index))}"
        shape = index % 10
        if shape < 5:
            sender = world.contacts[world.clients[index % CLIENTS].pk]
            made.append(letter(sender=sender, subject=f"Вопрос {index}", text=text, files=files))
        elif shape < 7:
            token = f"<{appeal_token(appeal['pk'])}@okno.local>"
            made.append(letter(sender=sender, subject="Re: ответ", text=text, in_reply_to=token))
        elif shape < 9:
            subject = f"Re: [№ {appeal['number']}] ответ"
            made.append(letter(sender=sender, subject=subject, text=text, files=files))
        else:
            made.append(letter(sender=f"stranger{index}@mail.example", text=text, files=files))
    return made


def _database() -> dict:
    from django.db import connection

    from okno.desk.models import Appeal, AppealEvent

    return {
        "vendor": connection.vendor,
        "appeals": Appeal.objects.count(),
        "messages": AppealEvent.objects.filter(kind__in=("message", "note")).count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.desk")
    parser.add_argument("--appeals", type=int, help="default: 1,000,000 (PostgreSQL), 100,000")
    parser.add_argument("--letters", type=int, default=LETTERS)
    parser.add_argument("--out", required=True)
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "okno.settings")
    import django

    django.setup()
    measured = measure(options.appeals, options.letters)
    Path(options.out).write_text(json.dumps(measured, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
