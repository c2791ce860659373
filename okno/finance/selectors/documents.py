"""The document archive: a client's settlement documents with their files, searched and
narrowed; one document with its files; the files of several documents for a ZIP."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from okno.core.actor import Actor
from okno.core.errors import InvalidInput, NotAllowed
from okno.core.roles import Perm
from okno.core.schemas import parse_id, search_term
from okno.core.scoping import get_visible_or_404
from okno.finance.models import DocumentFile, DocumentKind, SettlementDocument

PER_PAGE = 50
MAX_ZIP_DOCUMENTS = 200
DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d")


def finance_require(actor: Actor) -> None:
    """Who reads settlements: a client's person allowed to see the finances (an accountant,
    a client admin, a buyer if allowed), or staff who see the client."""
    if actor.is_client and actor.can(Perm.FINANCE_VIEW):
        return
    if actor.is_staff and (actor.can(Perm.CLIENTS_MANAGE) or actor.can(Perm.CLIENTS_VIEW_ALL)):
        return
    raise NotAllowed(_("Взаиморасчёты вам не доступны."))


@dataclass(frozen=True)
class DocumentFilters:
    """`query` — a part of the document's number; dates inclusive, on the document's date."""

    query: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    kind: str | None = None
    legal_entity_id: int | None = None
    contract_id: int | None = None
    client_id: int | None = None

    @classmethod
    def parse(cls, data: Mapping[str, Any]) -> tuple[DocumentFilters, dict[str, str]]:
        """The filters of a query string, and a message for each field that was wrong (that
        filter is then left out)."""
        errors: dict[str, str] = {}
        values: dict[str, Any] = {"query": search_term(data.get("q"))}
        for name in ("date_from", "date_to"):
            raw = (data.get(name) or "").strip()
            if raw:
                values[name] = _date(raw)
                if values[name] is None:
                    errors[name] = _("Дата в виде дд.мм.гггг.")
        kind = data.get("kind") or ""
        if kind:
            if kind in DocumentKind.values:
                values["kind"] = kind
            else:
                errors["kind"] = _("Нет такого вида документа.")
        for name in ("legal_entity_id", "contract_id", "client_id"):
            raw = str(data.get(name) or "")
            if raw:
                values[name] = parse_id(raw)
                if values[name] is None:
                    errors[name] = _("Неверный номер.")
        return cls(**values), errors


def _date(raw: str) -> dt.date | None:
    for date_format in DATE_FORMATS:
        try:
            return dt.datetime.strptime(raw, date_format).date()
        except ValueError:
            continue
    return None


def documents_list(*, actor: Actor, filters: DocumentFilters) -> QuerySet[SettlementDocument]:
    """The documents the actor sees (not those 1C deleted), newest first, with their legal
    entity, contract and files (one query more for the files of a page)."""
    finance_require(actor)
    rows = (
        SettlementDocument.objects.visible_to(actor)
        .filter(is_deleted=False)
        .filter_given(
            kind=filters.kind,
            legal_entity_id=filters.legal_entity_id,
            contract_id=filters.contract_id,
            client_id=filters.client_id,
            date__gte=filters.date_from,
            date__lte=filters.date_to,
        )
        .select_related("legal_entity", "contract")
        .prefetch_related(Prefetch("files", queryset=DocumentFile.objects.order_by("pk")))
        .order_by("-date", "-pk")
    )
    if filters.query:
        rows = rows.filter(number__ucontains=filters.query)
    return rows


def documents_page(*, actor: Actor, filters: DocumentFilters, page: int) -> Page:
    return Paginator(documents_list(actor=actor, filters=filters), PER_PAGE).get_page(page)


def document_of(*, actor: Actor, document_id: int) -> SettlementDocument:
    """One document the actor sees, with its files; 404 for another client's."""
    queryset = SettlementDocument.objects.select_related(
        "legal_entity", "contract", "order", "shipment"
    ).prefetch_related(Prefetch("files", queryset=DocumentFile.objects.order_by("pk")))
    document = get_visible_or_404(queryset, actor, pk=document_id)
    finance_require(actor)
    return document


def document_file_of(*, actor: Actor, file_id: int) -> DocumentFile:
    found = get_visible_or_404(DocumentFile.objects.select_related("document"), actor, pk=file_id)
    finance_require(actor)
    return found


def document_main_file(
    *, actor: Actor, document_id: int, file_id: int | None = None
) -> DocumentFile:
    """The document's file `file_id`, or its first PDF, or its first file; 404 if none."""
    document = document_of(actor=actor, document_id=document_id)
    files = list(document.files.all())
    if file_id is not None:
        files = [f for f in files if f.pk == file_id]
    files.sort(key=lambda f: (f.format != "PDF", f.pk))
    if not files:
        raise Http404
    return files[0]


def files_for_zip(*, actor: Actor, document_ids: list[int]) -> list[DocumentFile]:
    """The files of the chosen documents the actor sees (others' ids are passed over)."""
    finance_require(actor)
    if len(document_ids) > MAX_ZIP_DOCUMENTS:
        raise InvalidInput(
            _("Не больше %(count)s документов в одном архиве.") % {"count": MAX_ZIP_DOCUMENTS},
            field="id",
        )
    return list(
        DocumentFile.objects.visible_to(actor)
        .filter(document_id__in=document_ids, document__is_deleted=False)
        .select_related("document")
        .order_by("document__date", "document_id", "pk")
    )
