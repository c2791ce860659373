"""The client's pages: their appeals by topic, a new appeal, a claim from the order page,
and an appeal's thread with reply, close and reopen."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from okno.core.errors import DomainError, NotAllowed
from okno.core.schemas import parse_id, search_term
from okno.core.views import client_page, form_error_from
from okno.desk.forms import AppealForm, MessageForm, ReasonForm
from okno.desk.models import Channel, ClaimType, Resolution
from okno.desk.selectors.appeal import appeal_detail, appeal_get
from okno.desk.selectors.claims import claim_order, claim_rules, claimable_shipments
from okno.desk.selectors.lists import client_appeals, group_by_topic
from okno.desk.services import (
    AppealIn,
    ClaimLineIn,
    FileIn,
    appeal_close,
    appeal_create,
    appeal_message_add,
    appeal_rate,
    appeal_reopen,
    claim_create,
)
from okno.desk.services.rules import works_desk
from okno.desk.views.common import refused

PAGE_SIZE = 50


@client_page
def appeal_list(request):
    """The client's appeals grouped by topic; those awaiting their answer stand out."""
    finished = request.GET.get("show") == "finished"
    search = search_term(request.GET.get("q"))
    rows = client_appeals(actor=request.actor, search=search, finished=finished)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    groups = group_by_topic(page.object_list)
    context = {"page": page, "groups": groups, "finished": finished, "search": search}
    return TemplateResponse(request, "desk/client/list.html", context)


@client_page
@require_http_methods(["GET", "POST"])
def appeal_new(request):
    form = AppealForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = AppealIn(
            kind=form.cleaned_data["kind"].code,
            topic_id=form.cleaned_data["topic"].pk if form.cleaned_data["topic"] else None,
            subject=form.cleaned_data["subject"],
            text=form.cleaned_data["text"],
            files=form.cleaned_data["files"],
        )
        try:
            appeal, _created = appeal_create(actor=request.actor, data=data, channel=Channel.PORTAL)
        except DomainError as error:
            form_error_from(form, error)
        else:
            messages.success(
                request, _("Обращение %(number)s принято.") % {"number": appeal.number}
            )
            return redirect("desk:appeal", pk=appeal.pk)
    return TemplateResponse(request, "desk/client/new.html", {"form": form})


@require_http_methods(["GET", "POST"])
def claim_new(request, order_id: int):
    """A claim on one shipment of an order: the shipment's lines as a table; each ticked
    row is a claim line. Clients file their own; desk staff file one taken by phone."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('accounts:login')}?next={request.path}")
    actor = request.actor
    order = claim_order(actor=actor, order_id=order_id)
    if not (actor.is_client or works_desk(actor)):
        raise PermissionDenied(_("Подать претензию может клиент или оператор."))
    shipments = claimable_shipments(order=order)
    chosen_id = parse_id(request.POST.get("shipment") or request.GET.get("shipment"))
    chosen = next((s for s in shipments if s.shipment.pk == chosen_id), None)
    chosen = chosen or (shipments[0] if shipments else None)
    error = None
    values = request.POST if request.method == "POST" else {}
    if request.method == "POST" and chosen is not None:
        try:
            appeal, _created = claim_create(
                actor=actor,
                data=AppealIn(
                    kind="claim",
                    subject=request.POST.get("subject", ""),
                    text=request.POST.get("text", ""),
                    client_id=order.client_id,
                    order_id=order.pk,
                    files=_files(request, "files"),
                ),
                shipment_id=chosen.shipment.pk,
                lines=_claim_lines(request, chosen),
                channel=Channel.PORTAL if actor.is_client else Channel.PHONE,
            )
        except NotAllowed as refusal:
            raise PermissionDenied(refusal.message) from refusal
        except DomainError as refusal:
            error = refusal
        else:
            messages.success(
                request, _("Претензия %(number)s принята.") % {"number": appeal.number}
            )
            if appeal.late:
                messages.warning(
                    request,
                    _("Претензия подана после срока приёмки: %(reason)s")
                    % {"reason": appeal.late_reason},
                )
            target = "desk:staff_appeal" if works_desk(actor) else "desk:appeal"
            return redirect(target, pk=appeal.pk)
    context = {
        "order": order,
        "shipments": shipments,
        "chosen": chosen,
        "error": error,
        "values": values,
        "claim_types": ClaimType.choices,
        "resolutions": Resolution.choices,
        "rules": claim_rules(),
    }
    return TemplateResponse(request, "desk/client/claim.html", context)


def _client_only(request) -> None:
    """After the lookup (another client's appeal is a 404 to anyone): a client's page."""
    if not request.actor.is_client:
        raise PermissionDenied(_("Это страница клиента."))


def _files(request, name: str) -> list[FileIn]:
    return [FileIn(name=item.name, content=item.read()) for item in request.FILES.getlist(name)]


def _claim_lines(request, chosen) -> list[ClaimLineIn]:
    """The ticked rows of the claim table, in the table's order."""
    post = request.POST
    lines = []
    for item in chosen.lines:
        key = item.row.pk
        if not post.get(f"line-{key}"):
            continue
        lines.append(
            ClaimLineIn(
                shipment_line_id=key,
                claim_type=post.get(f"type-{key}", ""),
                quantity=post.get(f"quantity-{key}", "") or Decimal(0),
                resolution=post.get(f"resolution-{key}") or Resolution.REFUND,
                expected_article=post.get(f"expected-{key}", ""),
                received_article=post.get(f"received-{key}", ""),
                batch=post.get(f"batch-{key}", ""),
                expiry_date=_date(post.get(f"expiry-{key}", "")),
                comment=post.get(f"comment-{key}", ""),
                photos=_files(request, f"photos-{key}"),
            )
        )
    return lines


def _date(raw: str):
    import datetime

    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(raw.strip(), pattern).date()
        except ValueError:
            continue
    return None


def appeal(request, pk: int):
    """The appeal's thread for the client; desk staff go to their own page of it."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('accounts:login')}?next={request.path}")
    detail = appeal_detail(actor=request.actor, appeal_id=pk)
    if request.actor.is_staff:
        return redirect("desk:staff_appeal", pk=pk)
    context = {"detail": detail, "form": MessageForm(), "reason_form": ReasonForm()}
    return TemplateResponse(request, "desk/client/appeal.html", context)


@login_required
@require_POST
def appeal_reply(request, pk: int):
    found = appeal_get(actor=request.actor, appeal_id=pk)
    _client_only(request)
    back = reverse("desk:appeal", args=[pk])
    form = MessageForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Напишите сообщение."))
        return redirect(back)
    try:
        appeal_message_add(
            actor=request.actor,
            appeal=found,
            text=form.cleaned_data["text"],
            files=form.cleaned_data["files"],
        )
    except DomainError as error:
        return refused(request, error, back=back)
    messages.success(request, _("Сообщение отправлено."))
    return redirect(back)


@login_required
@require_POST
def appeal_finish(request, pk: int, action: str):
    """Close the appeal, or open it again naming why."""
    found = appeal_get(actor=request.actor, appeal_id=pk)
    _client_only(request)
    back = reverse("desk:appeal", args=[pk])
    reason = request.POST.get("reason", "")
    try:
        if action == "close":
            appeal_close(actor=request.actor, appeal=found, reason=reason)
            messages.success(request, _("Обращение закрыто."))
        else:
            appeal_reopen(actor=request.actor, appeal=found, reason=reason)
            messages.success(request, _("Обращение открыто снова."))
    except DomainError as error:
        return refused(request, error, back=back)
    return redirect(back)


@login_required
@require_POST
def appeal_rating(request, pk: int):
    """The client rates how a finished appeal was resolved (1–5, a comment)."""
    found = appeal_get(actor=request.actor, appeal_id=pk)
    _client_only(request)
    back = reverse("desk:appeal", args=[pk])
    raw = request.POST.get("score", "")
    try:
        appeal_rate(
            actor=request.actor,
            appeal=found,
            score=int(raw) if raw.isdigit() else 0,
            comment=request.POST.get("comment", ""),
        )
    except DomainError as error:
        return refused(request, error, back=back)
    messages.success(request, _("Спасибо за оценку."))
    return redirect(back)
