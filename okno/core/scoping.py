"""Tenancy: every model holding client data is read through `visible_to(actor)`.

A model declares where its client is (`client_path`) and, when the data belongs
to one legal entity, where that is (`legal_entity_path`). A client's person sees
rows of their client and of the legal entities they may act for; staff see rows
of the clients their role allows. `get_visible_or_404` answers 404 for another
client's object exactly as for a missing one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.db import models
from django.http import Http404

from okno.core.actor import Actor
from okno.core.roles import Perm

M = TypeVar("M", bound=models.Model)


class ScopedQuerySet(models.QuerySet):
    """QuerySet of client data. Subclasses' models set `client_path` on the model."""

    def visible_to(self, actor: Actor) -> ScopedQuerySet:
        model = self.model
        client_path: str = model.client_path  # type: ignore[attr-defined]
        if actor.is_client:
            rows = self.filter(**{_lookup(client_path, "id"): actor.client_id})
            entity_path = getattr(model, "legal_entity_path", None)
            if entity_path is not None:
                rows = rows.filter(**{_lookup(entity_path, "id__in"): actor.legal_entity_ids})
            return rows
        if actor.is_staff:
            if actor.can(Perm.CLIENTS_VIEW_ALL):
                return self.all()
            if actor.can(Perm.CLIENTS_MANAGE):
                return self.filter(**{_lookup(client_path, "manager_id"): actor.user_id})
        return self.none()

    def filter_given(self, **lookups) -> ScopedQuerySet:
        """Filter by the lookups that have a value; `None` means any (a filter left out)."""
        return self.filter(**{name: value for name, value in lookups.items() if value is not None})


def _lookup(path: str, field: str) -> str:
    return f"{path}__{field}" if path else field


ScopedManager = models.Manager.from_queryset(ScopedQuerySet)


def get_visible_or_404(model_or_queryset, actor: Actor, **lookup):
    """The object if the actor may see it; 404 whether it is another client's or missing."""
    queryset = (
        model_or_queryset
        if isinstance(model_or_queryset, ScopedQuerySet)
        else model_or_queryset.objects.all()
    )
    try:
        return queryset.visible_to(actor).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as missing:
        raise Http404 from missing


def get_visible_and_allowed(
    model_or_queryset, actor: Actor, *, require: Callable[[Actor], None], **lookup
):
    """The object if the actor may see it (else 404), and only then `require(actor)`, which
    refuses the action (403): whoever may not see an object learns nothing about it."""
    found = get_visible_or_404(model_or_queryset, actor, **lookup)
    require(actor)
    return found
