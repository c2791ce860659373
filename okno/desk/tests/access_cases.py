"""Cross-client cases for every desk route with an id: appeals of client A (a question with
a file, a claim on A's delivered order). The client's pages belong to A's admin, the
operators' pages to the operator; client B's admin and B's manager must get 404 and
change nothing."""

from django.utils import timezone

from okno.core.testing.access import AccessCase, ExemptRoute
from okno.desk.mail.intake import mail_store, mail_take
from okno.desk.models import AppealKind, Attachment, Mailbox, SavedView, TimeEntry
from okno.desk.tests.helpers import (
    claim_on,
    finish,
    question,
    resolve,
    shipped_order,
    with_file,
)
from okno.desk.tests.mailhelpers import letter


def _appeal(w):
    return {"pk": question(w.a_admin).pk}


def _api_appeal(w):
    return {"appeal_id": question(w.a_admin).pk}


def _file(w):
    appeal = with_file(w.a_admin)
    return {"pk": Attachment.objects.filter(appeal=appeal).get().pk}


def _order(w):
    order, _shipment = shipped_order(legal_entity=w.entity_a1, contract=w.contract_a1)
    return {"order_id": order.pk}


def _claim(w):
    order, shipment = shipped_order(legal_entity=w.entity_a1, contract=w.contract_a1)
    return claim_on(w.a_admin, order, shipment)


def _claim_page(w):
    return {"pk": _claim(w).pk}


def _api_claim(w):
    return {"appeal_id": _claim(w).pk}


def _resolution(w):
    appeal = _claim(w)
    return {"pk": appeal.pk, "resolution_id": resolve(w.operator, appeal).pk}


def _api_resolution(w):
    found = _resolution(w)
    return {"appeal_id": found["pk"], "resolution_id": found["resolution_id"]}


def _letter(w):
    """A letter of A's admin taken in from a mailbox (no server needed: stored and filed
    as the poll does)."""
    mailbox = Mailbox.objects.create(
        name="Претензии",
        address="claims@okno.local",
        imap_host="127.0.0.1",
        imap_user="desk",
        imap_password="-",
        kind=AppealKind.objects.get(code="question"),
    )
    raw = letter(sender=w.a_admin.email)
    stored = mail_store(mailbox=mailbox, uidvalidity=1, uid=1, raw=raw)
    return {"pk": mail_take(stored).pk}


def _finished(w):
    return {"pk": finish(w.operator, question(w.a_admin)).pk}


def _time_entry(w):
    appeal = question(w.a_admin)
    entry = TimeEntry.objects.create(
        appeal=appeal, user=w.operator, day=timezone.localdate(), minutes=30
    )
    return {"pk": appeal.pk, "entry_id": entry.pk}


def _saved_view(w):
    """A view of the operator's own: not client data, but nobody outside the desk (nor a
    colleague, unless shared) reaches it."""
    view = SavedView.objects.create(name="Мои", owner=w.operator, filters={"assignee": "me"})
    return {"pk": view.pk}


def _operator(w):
    return {"user_id": w.operator.pk}


def _api_finished(w):
    return {"appeal_id": _finished(w)["pk"]}


CASES = [
    AccessCase("desk:appeal", _appeal),
    AccessCase("desk:appeal_reply", _appeal, methods=("POST",), data={"text": "Ещё вопрос"}),
    AccessCase("desk:appeal_close", _appeal, methods=("POST",)),
    AccessCase("desk:appeal_reopen", _appeal, methods=("POST",), data={"reason": "Снова"}),
    AccessCase("desk:attachment", _file),
    AccessCase("desk:attachment", _file, owner="operator"),
    AccessCase("desk:claim_new", _order, methods=("GET", "POST"), data={"subject": "x"}),
    AccessCase("desk:claim_new", _order, owner="operator"),
    AccessCase("desk:staff_appeal", _appeal, owner="operator"),
    AccessCase("desk:mail_raw", _letter, owner="operator"),
    AccessCase(
        "desk:staff_message", _appeal, owner="operator", methods=("POST",), data={"text": "Ответ"}
    ),
    AccessCase(
        "desk:staff_status",
        _appeal,
        owner="operator",
        methods=("POST",),
        data={"status": "in_progress", "reason": "Взяли"},
    ),
    AccessCase(
        "desk:staff_assign", _appeal, owner="operator", methods=("POST",), data={"assignee": "me"}
    ),
    AccessCase("desk:staff_watchers", _appeal, owner="operator", methods=("POST",)),
    # Merge and split refuse the empty choice (a message and back to the page), after the
    # appeal is found: another client's answers 404 first.
    AccessCase("desk:staff_merge", _appeal, owner="operator", methods=("POST",), data={"into": ""}),
    AccessCase("desk:staff_split", _claim_page, owner="operator", methods=("POST",)),
    AccessCase(
        "desk:staff_lock", _appeal, owner="operator", methods=("POST",), data={"action": "take"}
    ),
    AccessCase("desk:staff_lock_renew", _appeal, owner="operator", methods=("POST",)),
    AccessCase(
        "desk:staff_presence", _appeal, owner="operator", methods=("POST",), data={"typing": "1"}
    ),
    AccessCase(
        "desk:operator_availability",
        _operator,
        owner="admin",
        methods=("POST",),
        data={"state": "on_leave"},
    ),
    AccessCase(
        "desk:operator_reassign", _operator, owner="admin", methods=("POST",), data={"to": "rules"}
    ),
    AccessCase(
        "desk:staff_time_add", _appeal, owner="operator", methods=("POST",), data={"minutes": "5"}
    ),
    AccessCase("desk:staff_time_remove", _time_entry, owner="operator", methods=("POST",)),
    AccessCase(
        "desk:staff_pause",
        _appeal,
        owner="operator",
        methods=("POST",),
        data={"reason": "awaiting_warehouse"},
    ),
    AccessCase(
        "desk:staff_resolve",
        _claim_page,
        owner="operator",
        methods=("POST",),
        data={"kind": "refund", "quantity": "1"},
    ),
    AccessCase(
        "desk:staff_resolution_cancel",
        _resolution,
        owner="operator",
        methods=("POST",),
        data={"reason": "Ошибка"},
    ),
    AccessCase("desk:view_edit", _saved_view, owner="operator"),
    AccessCase(
        "desk:view_edit",
        _saved_view,
        owner="operator",
        methods=("POST",),
        data={"name": "Чужой", "sort": "newest", "shown": ["client"]},
    ),
    AccessCase("desk:view_delete", _saved_view, owner="operator", methods=("POST",)),
    AccessCase("desk:appeal_rating", _finished, methods=("POST",), data={"score": "5"}),
    AccessCase("api:appeal_detail", _api_appeal),
    AccessCase(
        "api:appeal_resolution_add",
        _api_claim,
        owner="operator",
        data={"claim_line_id": 1, "kind": "refund", "quantity": "1"},
    ),
    AccessCase(
        "api:appeal_resolution_cancel", _api_resolution, owner="operator", data={"reason": "x"}
    ),
    AccessCase("api:appeal_rating", _api_finished, data={"score": 5}),
    AccessCase("api:appeal_assign", _api_appeal, owner="operator", data={"auto": False}),
    AccessCase("api:appeal_message", _api_appeal, data={"text": "Ещё вопрос"}),
    AccessCase(
        "api:appeal_status",
        _api_appeal,
        owner="operator",
        data={"status": "in_progress", "reason": "Взяли"},
    ),
    AccessCase("api:appeal_resolve", _api_appeal, owner="operator", data={"reason": "Ответили"}),
    # Neither `into` nor `appeals`, and a line that is not the claim's: 422 once found.
    AccessCase("api:appeal_merge", _api_appeal, owner="operator", owner_status=(422,)),
    AccessCase(
        "api:appeal_split",
        _api_claim,
        owner="operator",
        data={"lines": [999999]},
        owner_status=(422,),
    ),
]

EXEMPT = [
    ExemptRoute(
        "desk:telegram_webhook",
        "a bot's public name; Telegram's calls, refused without the bot's secret",
    ),
]
