"""Saved views of the queue: an operator keeps the filters, sort and columns they use under
a name, for themself or shared with the desk. A view is changed by its owner; a shared one
also by a supervisor."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from okno.core.actor import Actor
from okno.core.errors import InvalidInput, NotAllowed
from okno.core.roles import Perm
from okno.desk.models import DEFAULT_COLUMNS, QueueColumn, QueueSort, SavedView
from okno.desk.selectors.views import filter_params
from okno.desk.services.rules import check_works_desk

# Each view's count is a subquery of the queue page's one count query: keep them few.
MAX_OWN = 30
MAX_SHARED = 30


@dataclass(frozen=True)
class ViewIn:
    """A view as the form or the API gives it; `filters` are the queue's parameters."""

    name: str
    is_shared: bool = False
    sort: str = QueueSort.NEWEST
    columns: tuple[str, ...] = DEFAULT_COLUMNS
    filters: Mapping[str, str] | None = None


def saved_view_create(*, actor: Actor, data: ViewIn) -> SavedView:
    """Keep the queue's current filters as a new view of the actor."""
    check_works_desk(actor)
    view = SavedView(owner=actor.user, filters=filter_params(data.filters or {}))
    _fill(view, data)
    with transaction.atomic():
        if SavedView.objects.filter(owner_id=actor.user_id).count() >= MAX_OWN:
            raise InvalidInput(
                _("Видов не может быть больше %(count)s: удалите ненужные.") % {"count": MAX_OWN},
                field="name",
            )
        _check_shared_room(view)
        view.save()
    return view


def saved_view_update(*, actor: Actor, view: SavedView, data: ViewIn) -> SavedView:
    """Rename the view, share or unshare it, change its sort and columns, and, when
    `data.filters` is given, its filters. Precondition: read through `visible_to(actor)`."""
    check_may_change(actor, view)
    _fill(view, data)
    if data.filters is not None:
        view.filters = filter_params(data.filters)
    with transaction.atomic():
        _check_shared_room(view)
        view.save()
    return view


def saved_view_delete(*, actor: Actor, view: SavedView) -> None:
    """Delete the view. Precondition: read through `visible_to(actor)`."""
    check_may_change(actor, view)
    view.delete()


def may_change(actor: Actor, view: SavedView) -> bool:
    return view.owner_id == actor.user_id or (view.is_shared and actor.can(Perm.DESK_SUPERVISE))


def check_may_change(actor: Actor, view: SavedView) -> None:
    check_works_desk(actor)
    if not may_change(actor, view):
        raise NotAllowed(_("Менять общий вид коллеги может только руководитель отдела."))


def _fill(view: SavedView, data: ViewIn) -> None:
    name = (data.name or "").strip()
    if not name:
        raise InvalidInput(_("Назовите вид."), field="name")
    if len(name) > 80:
        raise InvalidInput(_("Название не длиннее 80 знаков."), field="name")
    if data.sort not in QueueSort.values:
        raise InvalidInput(_("Нет такой сортировки."), field="sort")
    view.name = name
    view.is_shared = bool(data.is_shared)
    view.sort = data.sort
    view.columns = _columns(data.columns)


def _columns(chosen: Iterable[str]) -> list[str]:
    chosen = list(chosen)
    unknown = [name for name in chosen if name not in QueueColumn.values]
    if unknown:
        raise InvalidInput(
            _("Нет такой колонки: %(name)s.") % {"name": unknown[0]}, field="columns"
        )
    if not chosen:
        raise InvalidInput(_("Выберите хотя бы одну колонку."), field="columns")
    # Kept in the queue's own order, whatever order they came in.
    return [name for name in QueueColumn.values if name in chosen]


def _check_shared_room(view: SavedView) -> None:
    if not view.is_shared:
        return
    others = SavedView.objects.filter(is_shared=True).exclude(pk=view.pk).count()
    if others >= MAX_SHARED:
        raise InvalidInput(
            _("Общих видов не может быть больше %(count)s.") % {"count": MAX_SHARED},
            field="is_shared",
        )
