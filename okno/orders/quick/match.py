"""Finding the products a quick order's articles mean, for thousands of lines in a few
queries: by our article (compared by `article_key`, so «AB-12.5» finds «ab 12,5»), by a
barcode, and by the client's own article numbers. An article that leads to several
products is ambiguous; the person picks one of the candidates."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from okno.catalog.models import Barcode, ClientArticle, Product
from okno.catalog.search.keys import article_key

# Values per `IN (…)`: well under SQLite's limit on query parameters; 1,000 pasted lines
# take one query per source.
CHUNK = 2000


class MatchedBy:
    ARTICLE = "article"
    BARCODE = "barcode"
    OWN_ARTICLE = "own_article"


_LABELS = {
    MatchedBy.ARTICLE: lambda: _("артикул"),
    MatchedBy.BARCODE: lambda: _("штрихкод"),
    MatchedBy.OWN_ARTICLE: lambda: _("ваш артикул"),
}


@dataclass(frozen=True)
class Candidate:
    """A product an article may mean, and what it was found by."""

    product: Product
    matched_by: str

    @property
    def matched_by_label(self) -> str:
        return _LABELS[self.matched_by]()


@dataclass(frozen=True)
class Matches:
    """Per article as pasted: the products in sale it may mean; `archived` — articles
    that lead only to products no longer sold."""

    candidates: dict[str, list[Candidate]]
    archived: set[str]

    def of(self, article: str) -> list[Candidate]:
        return self.candidates.get(article, [])


def match_articles(articles: Iterable[str], *, client_id: int | None) -> Matches:
    """The candidates of each article (stripped, non-empty), in four queries (five with
    the client's own articles) per `CHUNK` of distinct articles. Products come with their
    base unit."""
    texts = sorted({text for text in articles if text})
    keys = {text: article_key(text) for text in texts}
    by_key = _pairs(
        Product.objects.values_list("article_key", "pk"), "article_key", set(keys.values())
    )
    by_code = _pairs(Barcode.objects.values_list("code", "product_id"), "code", set(texts))
    own: dict[str, list[int]] = {}
    if client_id is not None:
        own = _pairs(
            ClientArticle.objects.filter(client_id=client_id).values_list(
                "article_key", "product_id"
            ),
            "article_key",
            set(keys.values()),
        )
    found_ids = {pk for ids in (*by_key.values(), *by_code.values(), *own.values()) for pk in ids}
    products = _active_products(found_ids)
    candidates: dict[str, list[Candidate]] = {}
    archived: set[str] = set()
    for text in texts:
        key = keys[text]
        sources = (
            (MatchedBy.OWN_ARTICLE, own.get(key, [])),
            (MatchedBy.ARTICLE, by_key.get(key, [])),
            (MatchedBy.BARCODE, by_code.get(text, [])),
        )
        found = _candidates(sources, products)
        if found:
            candidates[text] = found
        elif any(ids for _source, ids in sources):
            archived.add(text)
    return Matches(candidates=candidates, archived=archived)


def _candidates(sources, products: dict[int, Product]) -> list[Candidate]:
    """Distinct products in sale, in the order of the sources (the client's own article
    first), each with the first source that found it."""
    seen: dict[int, Candidate] = {}
    for matched_by, ids in sources:
        for pk in sorted(ids):
            if pk in products and pk not in seen:
                seen[pk] = Candidate(products[pk], matched_by)
    return list(seen.values())


def _pairs(rows: Any, field: str, values: set[str]) -> dict[str, list[int]]:
    """`{value: [product ids]}` of (value, product id) rows whose `field` is in `values`."""
    found: dict[str, list[int]] = defaultdict(list)
    for chunk in _chunks(sorted(value for value in values if value)):
        for value, product_id in rows.filter(**{f"{field}__in": chunk}):
            found[value].append(product_id)
    return found


def _active_products(ids: set[int]) -> dict[int, Product]:
    products: dict[int, Product] = {}
    for chunk in _chunks(sorted(ids)):
        rows = Product.objects.filter(pk__in=chunk, is_active=True).select_related("base_unit")
        products.update((product.pk, product) for product in rows)
    return products


def _chunks(values: Sequence) -> Iterator[Sequence]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]
