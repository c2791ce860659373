"""Finding products by what a buyer types: an article (whole, its start or any part), words
of the name in any form and order, a barcode, the client's own article; in either keyboard
layout.

A product matches when every term of the query (or of the query in the other layout) is a
substring of its `search_text`. SQLite looks terms of three characters and more up in the
FTS5 trigram table and checks shorter ones with LIKE, since a trigram index cannot find
what is shorter than a trigram; PostgreSQL checks every term with LIKE, which the pg_trgm
index serves. Matches are ranked: the article, barcode or the client's own article typed
exactly, then an article's start, then names starting with the first word, then the rest.
"""

from __future__ import annotations

from django.db import connections
from django.db.models import Case, F, Func, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.lookups import In, StartsWith

from okno.catalog.models import Barcode, ClientArticle
from okno.catalog.search.index import FTS_TABLE
from okno.catalog.search.keys import MAX_QUERY, article_key, other_layout, terms

EXACT, ARTICLE_PREFIX, NAME_START, OTHER = 0, 1, 2, 3
# FTS5's trigram tokenizer finds nothing for a string shorter than one trigram.
FTS_MIN_TERM = 3
LAST_CODE_POINT = "\U0010ffff"


def search_products(queryset: QuerySet, query: str, *, client_id: int | None = None) -> QuerySet:
    """The products of `queryset` that `query` finds, annotated with `search_rank`
    (0 exact article, article key, client's own article or barcode; 1 article or the
    client's own article starting with the query; 2 name starting with the first word;
    3 the rest) and ordered by it, then by name. A blank query leaves the queryset
    unchanged, every row ranked 0. `client_id` (the asking person's client, never one
    taken from input) adds that client's own articles."""
    text = _clean(query)
    if not text.strip():
        return queryset.annotate(search_rank=Value(EXACT, output_field=IntegerField()))
    variants = [text]
    if (other := other_layout(text)) is not None:
        variants.append(other)
    vendor = connections[queryset.db].vendor
    keys = list(dict.fromkeys(key for key in map(article_key, variants) if key))
    exact, prefix = _article_conditions(keys, text.strip(), client_id, vendor)
    words, name_start = Q(), Q()
    for found in filter(None, map(terms, variants)):
        words |= _all_terms(found, vendor)
        name_start |= Q(StartsWith(_Folded("name"), found[0]))
    ranks = [(exact, EXACT), (prefix, ARTICLE_PREFIX), (name_start, NAME_START)]
    rank = Case(
        *(When(condition, then=Value(value)) for condition, value in ranks if condition),
        default=Value(OTHER),
        output_field=IntegerField(),
    )
    return (
        queryset.filter(words | exact | prefix)
        .annotate(search_rank=rank)
        .order_by("search_rank", "name", "pk")
    )


def _clean(query: str) -> str:
    # Neither database takes a NUL in a string, nor UTF-8 a lone surrogate.
    text = query[:MAX_QUERY].replace("\x00", "")
    return text.encode("utf-8", "replace").decode("utf-8")


def _article_conditions(
    keys: list[str], code: str, client_id: int | None, vendor: str
) -> tuple[Q, Q]:
    """(exact, prefix): the article key, or the client's own article, equal to or starting
    with one of `keys`; a barcode equal to `code`."""
    exact = _product_among(Barcode.objects.filter(code=code))
    prefix = Q()
    for key in keys:
        exact |= Q(article_key=key)
        prefix |= _starts_with(key, vendor)
    if client_id is not None:
        own = ClientArticle.objects.filter(client_id=client_id)
        for key in keys:
            exact |= _product_among(own.filter(article_key=key))
            prefix |= _product_among(own.filter(_starts_with(key, vendor)))
    return exact, prefix


def _product_among(rows: QuerySet) -> Q:
    """The product one of `rows` (with a `product_id`) refers to."""
    return Q(_InArray(F("pk"), rows.values("product_id")))


def _starts_with(key: str, vendor: str) -> Q:
    """`article_key` starting with `key`, in the form the database's index serves."""
    if vendor == "sqlite":
        # SQLite uses no index for LIKE (it ignores ASCII case), but one for a range; it
        # compares strings by code point, so every key starting with `key` lies between
        # `key` and `key` followed by the last code point.
        return Q(article_key__gte=key, article_key__lt=key + LAST_CODE_POINT)
    return Q(article_key__startswith=key)


def _all_terms(found: list[str], vendor: str) -> Q:
    """Every term a substring of `search_text`."""
    condition = Q()
    if vendor == "sqlite":
        long_terms = [term for term in found if len(term) >= FTS_MIN_TERM]
        if long_terms:
            condition &= Q(_InArray(F("pk"), _fts_match(long_terms)))
        found = [term for term in found if len(term) < FTS_MIN_TERM]
    for term in found:
        condition &= Q(search_text__contains=term)
    return condition


def _fts_match(found: list[str]) -> RawSQL:
    # Each term as an FTS5 string (quotes doubled), so nothing in it is query syntax; with
    # the trigram tokenizer a string matches wherever it occurs as a substring.
    strings = " AND ".join('"' + term.replace('"', '""') + '"' for term in found)
    return RawSQL(
        f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",
        [strings],
        output_field=IntegerField(),
    )


class _InArray(In):
    """`id IN (subquery)` in a form each database combines with other indexed conditions
    by OR: SQLite as it is; PostgreSQL as `id = ANY(ARRAY(subquery))`, which runs the
    subquery once and looks the ids up in the index, where `IN` would scan the table."""

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY(ARRAY{rhs})", (*lhs_params, *rhs_params)


class _Folded(Func):
    """A column lower-cased in every alphabet with ё as е, as `keys.fold` does."""

    template = "REPLACE(LOWER(%(expressions)s), 'ё', 'е')"

    def as_sqlite(self, compiler, connection, **extra):
        # SQLite's own LOWER folds ASCII only; okno_lower is registered by okno.core.lookups.
        return self.as_sql(
            compiler, connection, template="REPLACE(okno_lower(%(expressions)s), 'ё', 'е')"
        )
