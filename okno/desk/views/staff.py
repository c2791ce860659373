"""The operators' pages: the queue, manual entry of an appeal taken by phone, an
appeal's page with its order, thread, files, watchers, replies, notes, status,
assignment and the resolutions of its claim lines; the letters the e-mail channel kept
aside and any letter's raw source.

Every page with an id looks the appeal up through `visible_to` first (another client's is
a 404 for a manager of another client), then checks the desk permission (403).
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from okno.clients.models import Client
from okno.core.errors import DomainError
from okno.core.pagination import CappedPaginator
from okno.core.schemas import parse_id, search_term
from okno.core.views import form_error_from
from okno.desk import states
from okno.desk.forms import StaffAppealForm, StaffMessageForm, StatusForm
from okno.desk.models import (
    DEFAULT_COLUMNS,
    AppealKind,
    AppealStatus,
    AppealTopic,
    Availability,
    Channel,
    Priority,
    QueueColumn,
    QueueSort,
    RejectionReason,
    ResolutionKind,
    SlaState,
    Team,
)
from okno.desk.selectors.appeal import appeal_detail, appeal_get
from okno.desk.selectors.clients import desk_client_search
from okno.desk.selectors.lists import OPEN, appeals_listed, queue_ids
from okno.desk.selectors.mail import ASIDE, letter_get, letters_aside
from okno.desk.selectors.sla import appeal_sla_view, appeals_with_sla
from okno.desk.selectors.views import filter_params, queue_filters, saved_views
from okno.desk.services import (
    AppealIn,
    appeal_assign,
    appeal_create,
    appeal_message_add,
    appeal_move,
    appeal_watcher_set,
    claim_resolution_add,
    claim_resolution_cancel,
)
from okno.desk.services.assign import availability_of
from okno.desk.services.bulk import BULK_MAX, OPERATIONS
from okno.desk.services.pauses import appeal_pause, appeal_resume, pause_reasons
from okno.desk.services.resolutions import ResolutionIn
from okno.desk.services.rules import colleagues, desk_staff, supervises_desk
from okno.desk.services.views import may_change
from okno.desk.views.assign import lock_context
from okno.desk.views.common import desk_only, refused
from okno.desk.views.merge import merge_context
from okno.desk.views.presence import presence_context
from okno.desk.views.work import work_context
from okno.orders.models import Order

PAGE_SIZE = 50
# The queue counts no further than this (200 pages): the whole history is years of rows.
QUEUE_COUNT_CAP = 10_000


@login_required
def queue(request):
    """Appeals from every channel, newest first; search and filters; 50 a page. With
    `view`, a saved view's filters, sort and columns; the views are quick links with
    their counts."""
    desk_only(request)
    actor = request.actor
    views = saved_views(actor=actor)
    current = _current_view(request, views)
    # The filter form sends `status` always: then the view's filters are being changed.
    refiltered = current is not None and "status" in request.GET
    if current is not None and not refiltered:
        params = {**current.filters, "sort": current.sort}
    else:
        params = request.GET
    filters = queue_filters(params, actor)
    ids = queue_ids(actor=actor, filters=filters)
    page = CappedPaginator(ids, PAGE_SIZE, cap=QUEUE_COUNT_CAP).get_page(request.GET.get("page"))
    page.object_list = appeals_with_sla(appeals_listed(list(page.object_list)))
    context = {
        "page": page,
        "views": views,
        "current_view": current,
        "may_change_view": current is not None and may_change(actor, current),
        "refiltered": refiltered,
        "sort": filters.sort,
        "columns": _columns(request, current),
        "column_choices": QueueColumn.choices,
        "sorts": QueueSort.choices,
        "filter_params": filter_params(params),
        "filters": filters,
        "assignee": params.get("assignee", ""),
        **_queue_choices(),
        "my_availability": availability_of(request.actor.user_id),
        "availability_states": Availability.choices,
        "supervises": supervises_desk(request.actor),
    }
    return TemplateResponse(request, "desk/staff/queue.html", context)


def _queue_choices() -> dict:
    """What the queue's filters and its bulk form choose from."""
    return {
        "sla_states": SlaState.choices,
        "statuses": AppealStatus.choices,
        "priorities": Priority.choices,
        "open": OPEN,
        "kinds": list(AppealKind.objects.all()),
        "topics": list(AppealTopic.objects.filter(is_active=True)),
        "teams": list(Team.objects.all()),
        "channels": Channel.choices,
        "operators": desk_staff(),
        "operations": OPERATIONS.items(),
        "bulk_max": BULK_MAX,
    }


def _current_view(request, views):
    view_id = parse_id(request.GET.get("view"))
    if view_id is None:
        return None
    return next((view for view in views if view.pk == view_id), None)


def _columns(request, current) -> list[str]:
    if current is not None:
        return current.columns or list(DEFAULT_COLUMNS)
    chosen = [name for name in request.GET.getlist("col") if name in QueueColumn.values]
    return chosen or list(DEFAULT_COLUMNS)


@login_required
@require_http_methods(["GET", "POST"])
def appeal_new(request):
    """Manual entry: find the client by name, ИНН or phone, then take the appeal down, or
    go to the claim form of one of their orders by its number."""
    desk_only(request)
    actor = request.actor
    search = search_term(request.GET.get("q"))
    client = None
    client_id = parse_id(request.GET.get("client") or request.POST.get("client"))
    if client_id is not None:
        client = Client.objects.filter(pk=client_id, is_active=True).first()
    order_number = search_term(request.GET.get("order"))
    if client is not None and order_number:
        order = Order.objects.filter(client=client, number__iexact=order_number).first()
        if order is not None:
            return redirect("desk:claim_new", order_id=order.pk)
        messages.error(
            request, _("У клиента нет заказа с номером %(number)s.") % {"number": order_number}
        )
    form = None
    if client is not None:
        form = StaffAppealForm(request.POST or None, request.FILES or None, client=client)
        if request.method == "POST" and form.is_valid():
            created = _create(request, form, client)
            if created is not None:
                return redirect("desk:staff_appeal", pk=created.pk)
    context = {
        "search": search,
        "found": desk_client_search(actor=actor, term=search) if search and client is None else [],
        "client": client,
        "form": form,
    }
    return TemplateResponse(request, "desk/staff/new.html", context)


def _create(request, form, client):
    data = form.cleaned_data
    try:
        appeal, _created = appeal_create(
            actor=request.actor,
            data=AppealIn(
                kind=data["kind"].code,
                topic_id=data["topic"].pk if data["topic"] else None,
                subject=data["subject"],
                text=data["text"],
                priority=data["priority"],
                client_id=client.pk,
                legal_entity_id=data["legal_entity"],
                contact_id=data["contact"],
                files=data["files"],
            ),
            channel=data["channel"],
        )
    except DomainError as error:
        form_error_from(form, error)
        return None
    messages.success(request, _("Обращение %(number)s записано.") % {"number": appeal.number})
    return appeal


@login_required
def appeal(request, pk: int):
    """The appeal with its order and shipment, claim lines, thread, files and watchers."""
    detail = appeal_detail(actor=request.actor, appeal_id=pk)
    desk_only(request)
    moves = sorted(states.TRANSITIONS.get(detail.appeal.status, ()))
    context = {
        "detail": detail,
        "message_form": StaffMessageForm(),
        "status_form": StatusForm(),
        "moves": [(value, AppealStatus(value).label) for value in moves],
        "operators": desk_staff(),
        "teams": list(Team.objects.all()),
        "watchers": list(detail.appeal.watchers.all()),
        "colleagues": colleagues(),
        "staff_page": True,
        "resolution_kinds": ResolutionKind.choices,
        "rejection_reasons": list(RejectionReason.objects.filter(is_active=True)),
        **work_context(request, detail.appeal),
        "sla": appeal_sla_view(detail.appeal),
        "pause_reasons": pause_reasons(),
        **lock_context(request, detail.appeal),
        **merge_context(detail),
        **presence_context(request, detail.appeal, first=True),
    }
    if context["reply_text"]:
        context["message_form"] = StaffMessageForm(initial={"text": context["reply_text"]})
    return TemplateResponse(request, "desk/staff/appeal.html", context)


def _found(request, pk: int):
    found = appeal_get(actor=request.actor, appeal_id=pk)
    return found, reverse("desk:staff_appeal", args=[pk])


@login_required
@require_POST
def message(request, pk: int):
    found, back = _found(request, pk)
    form = StaffMessageForm(request.POST, request.FILES)
    if not form.is_valid():
        desk_only(request)
        messages.error(request, _("Напишите сообщение."))
        return redirect(back)
    data = form.cleaned_data
    try:
        event = appeal_message_add(
            actor=request.actor,
            appeal=found,
            text=data["text"],
            files=data["files"],
            internal=data["internal"],
            await_client=data["await_client"],
        )
    except DomainError as error:
        return refused(request, error, back=back)
    note = _("Заметка сохранена.") if not event.is_public else _("Ответ отправлен клиенту.")
    messages.success(request, note)
    return redirect(back)


@login_required
@require_POST
def status(request, pk: int):
    found, back = _found(request, pk)
    try:
        appeal_move(
            actor=request.actor,
            appeal=found,
            to=request.POST.get("status", ""),
            reason=request.POST.get("reason", ""),
        )
    except DomainError as error:
        return refused(request, error, back=back)
    messages.success(request, _("Статус изменён."))
    return redirect(back)


@login_required
@require_POST
def pause(request, pk: int):
    """Pause the appeal's SLA clocks for a named reason, or lift the pauses (`resume`)."""
    found, back = _found(request, pk)
    try:
        if request.POST.get("resume"):
            appeal_resume(actor=request.actor, appeal=found)
            messages.success(request, _("Пауза снята: сроки идут."))
        else:
            appeal_pause(actor=request.actor, appeal=found, reason=request.POST.get("reason", ""))
            messages.success(request, _("Сроки на паузе."))
    except DomainError as error:
        return refused(request, error, back=back)
    return redirect(back)


@login_required
@require_POST
def assign(request, pk: int):
    """Assign to an operator (and team), or take it oneself with `assignee=me`."""
    found, back = _found(request, pk)
    raw = request.POST.get("assignee", "")
    assignee_id = request.actor.user_id if raw == "me" else parse_id(raw)
    try:
        appeal_assign(
            actor=request.actor,
            appeal=found,
            assignee_id=assignee_id,
            team_id=parse_id(request.POST.get("team")),
        )
    except DomainError as error:
        return refused(request, error, back=back)
    messages.success(request, _("Ответственный назначен."))
    return redirect(back)


@login_required
@require_POST
def watchers(request, pk: int):
    found, back = _found(request, pk)
    user_id = parse_id(request.POST.get("user"))
    try:
        if user_id is None:
            desk_only(request)
            raise DomainError(_("Выберите сотрудника."), field="user")
        appeal_watcher_set(
            actor=request.actor,
            appeal=found,
            user_id=user_id,
            watching=request.POST.get("watching", "1") == "1",
        )
    except DomainError as error:
        return refused(request, error, back=back)
    return redirect(back)


@login_required
@require_POST
def resolve(request, pk: int):
    """Resolve (part of) a claim line: the kind, quantity and amount, and the kind's
    details (a rejection's reason, a pickup's date)."""
    found, back = _found(request, pk)
    post = request.POST
    try:
        claim_line_id = parse_id(post.get("claim_line"))
        if claim_line_id is None:
            desk_only(request)
            raise DomainError(_("Выберите строку претензии."), field="claim_line")
        claim_resolution_add(
            actor=request.actor,
            appeal=found,
            data=ResolutionIn(
                claim_line_id=claim_line_id,
                kind=post.get("kind", ""),
                quantity=post.get("quantity", ""),
                amount=post.get("amount") or None,
                rejection_reason_id=parse_id(post.get("rejection_reason")),
                comment=post.get("comment", ""),
                pickup_date=_date(post.get("pickup_date", "")),
            ),
        )
    except DomainError as error:
        return refused(request, error, back=back)
    messages.success(request, _("Решение записано."))
    return redirect(back)


@login_required
@require_POST
def resolution_cancel(request, pk: int, resolution_id: int):
    """Cancel a resolution of the appeal's claim line, naming why."""
    found, back = _found(request, pk)
    try:
        claim_resolution_cancel(
            actor=request.actor,
            appeal=found,
            resolution_id=resolution_id,
            reason=request.POST.get("reason", ""),
        )
    except DomainError as error:
        return refused(request, error, back=back)
    messages.success(request, _("Решение отменено."))
    return redirect(back)


def _date(raw: str) -> datetime.date | None:
    """A date from the form's date field (`гггг-мм-дд`) or typed as `дд.мм.гггг`."""
    text = (raw or "").strip()
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise DomainError(_("Дата «%(value)s» не распознана.") % {"value": text}, field="pickup_date")


@login_required
def mail_aside(request):
    """Letters the e-mail channel did not file: quarantined ones with the reason, and
    machines' letters (auto-replies, delivery reports); each with its raw source."""
    state = request.GET.get("state")
    rows = letters_aside(actor=request.actor, state=state)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "state": state if state in ASIDE else ""}
    return TemplateResponse(request, "desk/staff/mail.html", context)


@login_required
def mail_raw(request, pk: int):
    """A letter exactly as the mail server gave it, to open in a mail program."""
    letter = letter_get(actor=request.actor, letter_id=pk)
    response = FileResponse(
        letter.raw.open("rb"),
        as_attachment=True,
        filename=f"letter-{letter.pk}.eml",
        content_type="message/rfc822",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
