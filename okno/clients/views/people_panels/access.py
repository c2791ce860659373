"""The people panel: who of the client has portal access, connecting a person, changing
their role, legal entities and access, and re-sending the invitation."""

from __future__ import annotations

from django.utils.translation import gettext as _

from okno.accounts.models import User
from okno.clients.forms.people import MembershipForm, PersonConnectForm
from okno.clients.models import ClientMembership
from okno.clients.selectors.people import legal_entities_to_act_for, people_list
from okno.clients.services.people import invitation_resend, membership_update, person_connect
from okno.clients.views.people_panels.base import PageScope, PanelView, require


def _people(request, scope: PageScope) -> dict:
    rows = [
        {
            "membership": membership,
            "user": membership.user,
            "is_self": membership.user_id == request.actor.user_id,
            "edit_url": scope.url("person_edit", membership_id=membership.pk),
            "resend_url": scope.url("person_resend", membership_id=membership.pk),
        }
        for membership in people_list(actor=request.actor, client_id=scope.client.pk)
    ]
    add_url = scope.url("person_connect") if scope.can_manage_people else ""
    return {"rows": rows, "add_url": add_url}


people_panel = PanelView(
    "clients/people/people.html", _people, route="people", right="can_manage_people"
)


def person_connect_form(request, scope: PageScope):
    """Connect a person to the portal on behalf of the client."""
    require(scope.can_manage_people)
    form = PersonConnectForm(
        request.POST if request.method == "POST" else None,
        legal_entities=legal_entities_to_act_for(actor=request.actor, client_id=scope.client.pk),
    )
    return people_panel.form(
        request,
        scope,
        form,
        save=lambda data: _connect(request, scope, data),
        template="clients/people/person_connect_form.html",
        context={"action_url": scope.url("person_connect"), "form_id": "person-connect-form"},
    )


def _connect(request, scope: PageScope, data: dict) -> str:
    user = person_connect(
        actor=request.actor,
        client=scope.client,
        full_name=data["full_name"],
        email=data["email"],
        phone=data["phone"],
        position=data["position"],
        role=data["role"],
        legal_entity_ids=[entity.pk for entity in data["legal_entities"]],
        access_allowed=data["access_allowed"],
        allow_multiple_sessions=data["allow_multiple_sessions"],
        request=request,
    )
    return _connected_notice(user)


def _connected_notice(user: User) -> str:
    name = {"name": user.full_name, "email": user.email}
    if not user.is_active:
        return _("%(name)s подключён(а). Доступ пока выключен, приглашение не отправлено.") % name
    if user.email:
        return _("%(name)s подключён(а). Приглашение отправлено на %(email)s.") % name
    return (
        _(
            "%(name)s подключён(а). E-mail не указан: войти можно по номеру телефона "
            "через восстановление пароля."
        )
        % name
    )


def person_edit_form(request, scope: PageScope, membership: ClientMembership):
    """Change a connected person's role, legal entities, rights and access."""
    require(scope.can_manage_people)
    form = MembershipForm(
        request.POST if request.method == "POST" else None,
        initial=MembershipForm.initial_for(membership),
        legal_entities=legal_entities_to_act_for(actor=request.actor, client_id=scope.client.pk),
        is_self=membership.user_id == request.actor.user_id,
    )
    return people_panel.form(
        request,
        scope,
        form,
        save=lambda data: _update(request, membership, data),
        template="clients/people/person_edit_form.html",
        context={
            "membership": membership,
            "action_url": scope.url("person_edit", membership_id=membership.pk),
            "form_id": "person-edit-form",
        },
    )


def _update(request, membership: ClientMembership, data: dict) -> str:
    membership_update(
        actor=request.actor,
        membership=membership,
        role=data["role"],
        legal_entity_ids=[entity.pk for entity in data["legal_entities"]],
        may_order=data["may_order"],
        may_view_finance=data["may_view_finance"],
        may_approve_orders=data["may_approve_orders"],
        access_allowed=data["access_allowed"],
        allow_multiple_sessions=data["allow_multiple_sessions"],
        request=request,
    )
    return _("Доступ %(name)s сохранён.") % {"name": membership.user.full_name}


def person_resend_invitation(request, scope: PageScope, membership: ClientMembership):
    """Send the person a new invitation link; the previous one stops working."""
    require(scope.can_manage_people)
    notice = _("Новое приглашение отправлено на %(email)s; прежняя ссылка больше не действует.")
    return people_panel.act(
        request,
        scope,
        lambda: invitation_resend(actor=request.actor, membership=membership, request=request),
        notice=notice % {"email": membership.user.email},
    )
