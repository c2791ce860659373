"""Telling the client a proposal came: an e-mail to each person who may order for its
legal entity, sent after the transaction commits. The proposal also shows at once in
their cabinet («Коммерческие предложения»)."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from okno.accounts import tasks
from okno.clients.models import ClientMembership
from okno.core.money import format_money
from okno.core.roles import ClientRole


def proposal_recipients(proposal) -> list[str]:
    """E-mails of the client's active people who may order for the proposal's legal entity
    (a client admin acts for every legal entity)."""
    people = ClientMembership.objects.filter(
        client_id=proposal.client_id,
        may_order=True,
        user__is_active=True,
        user__email__isnull=False,
    ).filter(Q(role=ClientRole.ADMIN) | Q(legal_entities=proposal.legal_entity_id))
    return sorted({email for email in people.values_list("user__email", flat=True) if email})


def proposal_sent_notify(*, proposal) -> None:
    """Enqueue the letter about a sent proposal, one per recipient."""
    recipients = proposal_recipients(proposal)
    if not recipients:
        return
    subject = _("Коммерческое предложение %(number)s") % {"number": proposal.number}
    text = "\n\n".join(
        [
            _(
                "Для %(entity)s подготовлено коммерческое предложение %(number)s "
                "на сумму %(total)s. Оно действует до %(date)s."
            )
            % {
                "entity": proposal.legal_entity.name,
                "number": proposal.number,
                "total": format_money(proposal.total),
                "date": proposal.valid_until.strftime("%d.%m.%Y"),
            },
            _("Посмотреть, принять или отклонить: %(url)s")
            % {"url": settings.OKNO_BASE_URL + reverse("proposals:proposal", args=[proposal.pk])},
        ]
    )
    for to in recipients:
        transaction.on_commit(lambda to=to: tasks.send_email(to=[to], subject=subject, text=text))
