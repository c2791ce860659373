"""Finding products by what a buyer types: an article (whole, its start or any part), words
of the name in any form and order, a barcode, the client's own article; in either keyboard
layout.

A product matches when every term of the query (or of the query in the other layout) is a
substring of its `search_text`, when its article key or the client's own article starts
with the query's key, or when the query is one of its barcodes. SQLite looks terms of three
characters and more up in the FTS5 trigram table and checks shorter ones with LIKE, since
a trigram index cannot find what is shorter than a trigram; PostgreSQL checks every term
with LIKE, which the pg_trgm index serves. Matches are ranked: the article, barcode or the
client's own article typed exactly, then an article's start, then names starting with the
first word, then the rest.

The query is one condition on the product table whose every part an index serves: the
words on `search_text` (trigrams), the article key's start (its prefix index), OR the
product's id among the ids found in the other tables — barcodes and the client's own
articles, looked up first, each in its own index, and joined by UNION. (Subqueries on other
tables inside the OR made PostgreSQL combine a bitmap for each of them, or read the whole
table when it misjudged them.)

The SQL is written here rather than built from querysets: a search runs on every key
press, and building its dozen subqueries with the ORM took about as long as the database
took to answer a selective one.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, replace

from django.db.models import BooleanField, F, Func, IntegerField, QuerySet, Value

from okno.catalog.models import Barcode, ClientArticle, Product
from okno.catalog.search.index import FTS_TABLE
from okno.catalog.search.keys import MAX_QUERY, article_key, other_layout, terms
from okno.core.fts import FTS_MIN_TERM, fts_match

EXACT, ARTICLE_PREFIX, NAME_START, OTHER = 0, 1, 2, 3
LAST_CODE_POINT = "\U0010ffff"
MAX_RUN_IDS = 20_000

_BARCODE = Barcode._meta.db_table
_CLIENT_ARTICLE = ClientArticle._meta.db_table

Sql = tuple[str, list]


def search_products(queryset: QuerySet, query: str, *, client_id: int | None = None) -> QuerySet:
    """The products of `queryset` that `query` finds, annotated with `search_rank`
    (0 exact article, article key, client's own article or barcode; 1 article or the
    client's own article starting with the query; 2 name starting with the first word;
    3 the rest) and ordered by it, then by name. A blank query leaves the queryset
    unchanged, every row ranked 0. `client_id` (the asking person's client, never one
    taken from input) adds that client's own articles. One query."""
    search = product_search(query, client_id=client_id)
    if search is None:
        return queryset.annotate(search_rank=Value(EXACT, output_field=IntegerField()))
    return search.ranked(queryset)


def product_search(query: str, *, client_id: int | None = None) -> ProductSearch | None:
    """`query` read once into what it looks for; None for a blank query. See
    `search_products` for what matches and how it ranks."""
    text = _clean(query)
    if not text.strip():
        return None
    variants = [text]
    if (other := other_layout(text)) is not None:
        variants.append(other)
    return ProductSearch(
        code=text.strip(),
        keys=tuple(dict.fromkeys(key for key in map(article_key, variants) if key)),
        terms=tuple(tuple(found) for found in map(terms, variants) if found),
        client_id=client_id,
    )


@dataclass(frozen=True)
class ProductSearch:
    """A query as search uses it: the text as typed (for barcodes), the article keys and
    the substring terms of the query in each keyboard layout, and whose own articles
    count. `matched_ids` holds what the query matched once `run()` has looked it up, so
    a page that counts, lists and draws its filters from the matches searches once."""

    code: str
    keys: tuple[str, ...]
    terms: tuple[tuple[str, ...], ...]
    client_id: int | None
    matched_ids: tuple[int, ...] | None = None

    def run(self, using: str = "default") -> ProductSearch:
        """The search with the ids of every product the query matches (in the whole
        catalog, archived ones too), looked up in one query; unchanged when it matches
        more than MAX_RUN_IDS (a letter or two), whose ids would cost more to send back
        with every query than searching again."""
        products = Product.objects.using(using).filter(
            _Matches(self, F("pk"), F("search_text"), F("article_key"))
        )
        ids = tuple(products.values_list("pk", flat=True)[: MAX_RUN_IDS + 1])
        return self if len(ids) > MAX_RUN_IDS else replace(self, matched_ids=ids)

    def filtered(self, queryset: QuerySet) -> QuerySet:
        """The products of `queryset` the query matches, unranked."""
        if self.matched_ids is not None:
            return queryset.filter(AmongIds(F("pk"), self.matched_ids))
        return queryset.filter(_Matches(self, F("pk"), F("search_text"), F("article_key")))

    def ranked(self, queryset: QuerySet) -> QuerySet:
        """The products of `queryset` the query matches, annotated with `search_rank` and
        ordered by it, then by name."""
        rank = _Rank(self, F("pk"), F("article_key"), F("search_text"))
        return (
            self.filtered(queryset).annotate(search_rank=rank).order_by("search_rank", "name", "pk")
        )


def _clean(query: str) -> str:
    # Neither database takes a NUL in a string, nor UTF-8 a lone surrogate.
    text = query[:MAX_QUERY].replace("\x00", "")
    return text.encode("utf-8", "replace").decode("utf-8")


class _SearchSql(Func, ABC):
    """An expression over product columns (compiled by Django, so they follow the table's
    alias in any query) that writes the rest of its SQL itself."""

    def __init__(self, search: ProductSearch, *columns) -> None:
        super().__init__(*columns)
        self.search = search

    def as_sql(self, compiler, connection, function=None, template=None, arg_joiner=None, **extra):
        columns, params = [], []
        for column in self.source_expressions:
            sql, column_params = compiler.compile(column)
            columns.append(sql)
            params += column_params
        if params:  # plain columns take none; anything else would be misplaced below
            raise ValueError("search columns must be plain columns")
        return self.write(_Writer(connection), *columns)

    @abstractmethod
    def write(self, writer: _Writer, *columns: str) -> Sql:
        """The SQL of the expression over the compiled `columns`."""


class _Matches(_SearchSql):
    """The search's condition on a product (`id`, `search_text`, `article_key`): each part
    served by an index of the product table, the other tables' part by the primary key."""

    output_field = BooleanField()

    def write(self, writer: _Writer, *columns: str) -> Sql:
        pk, text, key = columns
        search = self.search
        parts = [writer.all_terms(pk, text, found) for found in search.terms]
        if search.keys:
            parts.append(writer.any_prefix(key, search.keys))
        ids, params = writer.found_elsewhere(search)
        parts.append((writer.among(pk, ids), params))
        return writer.join(" OR ", parts)


class _Rank(_SearchSql):
    """The rank of a product (`id`, `article_key`, `search_text`) the search matched."""

    output_field = IntegerField()

    def write(self, writer: _Writer, *columns: str) -> Sql:
        pk, key, text = columns
        search = self.search
        exact: list[Sql] = [writer.among_barcodes(pk, search.code)]
        prefix: list[Sql] = []
        if search.keys:
            marks = ", ".join(["%s"] * len(search.keys))
            exact.append((f"{key} IN ({marks})", list(search.keys)))
            prefix.append(writer.any_prefix(key, search.keys))
            if search.client_id is not None:
                exact.append(writer.among_own(pk, search.client_id, search.keys, exact=True))
                prefix.append(writer.among_own(pk, search.client_id, search.keys, exact=False))
        # `search_text` starts with the name, folded as the terms are: a prefix comparison,
        # not a LOWER() of every matched name.
        name_start = [writer.starts(text, found[0]) for found in search.terms]
        whens, params = [], []
        for conditions, rank in (
            (exact, EXACT),
            (prefix, ARTICLE_PREFIX),
            (name_start, NAME_START),
        ):
            if conditions:
                sql, condition_params = writer.join(" OR ", conditions)
                whens.append(f"WHEN {sql} THEN {rank}")
                params += condition_params
        return f"CASE {' '.join(whens)} ELSE {OTHER} END", params


class _Writer:
    """SQL fragments of a search in one database's dialect."""

    def __init__(self, connection) -> None:
        self.connection = connection
        self.sqlite = connection.vendor == "sqlite"
        # SQLite's LIKE needs its escape character named; PostgreSQL's is the backslash.
        self.like = "LIKE %s ESCAPE '\\'" if self.sqlite else "LIKE %s"

    def table(self, name: str) -> str:
        return self.connection.ops.quote_name(name)

    def join(self, operator: str, parts: Sequence[Sql]) -> Sql:
        sql = operator.join(f"({part})" for part, _ in parts)
        return f"({sql})", [param for _, part_params in parts for param in part_params]

    def among(self, pk: str, subquery: str) -> str:
        """`pk` among the ids a subquery answers. PostgreSQL runs `= ANY(ARRAY(…))` once and
        looks the ids up in the primary key's index, where `IN` may scan the table."""
        if self.sqlite:
            return f"{pk} IN ({subquery})"
        return f"{pk} = ANY(ARRAY({subquery}))"

    def contains(self, column: str, term: str) -> Sql:
        pattern = "%" + self.connection.ops.prep_for_like_query(term) + "%"
        return f"{column} {self.like}", [pattern]

    def starts(self, column: str, start: str) -> Sql:
        return f"{column} {self.like}", [self.connection.ops.prep_for_like_query(start) + "%"]

    def prefix(self, column: str, key: str) -> Sql:
        """`column` (an article key) starting with `key`, in the form its index serves."""
        if self.sqlite:
            # SQLite uses no index for LIKE (it ignores ASCII case), but one for a range; it
            # compares strings by code point, so every key starting with `key` lies between
            # `key` and `key` followed by the last code point.
            return f"{column} >= %s AND {column} < %s", [key, key + LAST_CODE_POINT]
        return self.starts(column, key)

    def any_prefix(self, column: str, keys: Sequence[str]) -> Sql:
        return self.join(" OR ", [self.prefix(column, key) for key in keys])

    def all_terms(self, pk: str, text: str, found: Sequence[str]) -> Sql:
        """Every term a substring of `text` (the product's `search_text`)."""
        parts: list[Sql] = []
        if self.sqlite:
            long_terms = [term for term in found if len(term) >= FTS_MIN_TERM]
            if long_terms:
                strings = " AND ".join(fts_match(term) for term in long_terms)
                fts = self.table(FTS_TABLE)
                parts.append((f"{pk} IN (SELECT rowid FROM {fts} WHERE {fts} MATCH %s)", [strings]))
            found = [term for term in found if len(term) < FTS_MIN_TERM]
        parts += [self.contains(text, term) for term in found]
        return self.join(" AND ", parts)

    def found_elsewhere(self, search: ProductSearch) -> Sql:
        """A UNION of the ids of products that have the barcode typed or whose own article
        (for the client) starts with one of the keys; each part one index lookup."""
        parts = [(f"SELECT product_id FROM {self.table(_BARCODE)} WHERE code = %s", [search.code])]
        if search.keys and search.client_id is not None:
            parts.append(self._own(search.client_id, search.keys, exact=False))
        return " UNION ".join(sql for sql, _ in parts), [p for _, params in parts for p in params]

    def among_barcodes(self, pk: str, code: str) -> Sql:
        barcodes = f"SELECT product_id FROM {self.table(_BARCODE)} WHERE code = %s"
        return self.among(pk, barcodes), [code]

    def among_own(self, pk: str, client_id: int, keys: Sequence[str], *, exact: bool) -> Sql:
        sql, params = self._own(client_id, keys, exact=exact)
        return self.among(pk, sql), params

    def _own(self, client_id: int, keys: Sequence[str], *, exact: bool) -> Sql:
        """The products whose own article (for the client) is, or starts with, a key."""
        if exact:
            keys_sql, params = f"article_key IN ({', '.join(['%s'] * len(keys))})", list(keys)
        else:
            keys_sql, params = self.any_prefix("article_key", keys)
        table = self.table(_CLIENT_ARTICLE)
        return (
            f"SELECT product_id FROM {table} WHERE client_id = %s AND {keys_sql}",
            [client_id, *params],
        )


class AmongIds(Func):
    """An id among a list of ids sent as one parameter however many there are (a PostgreSQL
    array, a JSON array SQLite's json_each reads), not one placeholder per id."""

    output_field = BooleanField()

    def __init__(self, expression, ids: Sequence[int]) -> None:
        super().__init__(expression)
        self.ids = [int(pk) for pk in ids]

    def as_sql(self, compiler, connection, function=None, template=None, arg_joiner=None, **extra):
        column, params = compiler.compile(self.source_expressions[0])
        return f"{column} = ANY(%s::bigint[])", (*params, self.ids)

    def as_sqlite(self, compiler, connection, **extra):
        column, params = compiler.compile(self.source_expressions[0])
        return f"{column} IN (SELECT value FROM json_each(%s))", (*params, json.dumps(self.ids))
