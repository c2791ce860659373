import re

from hypothesis import given
from hypothesis import strategies as st

from okno.catalog.search.keys import MAX_QUERY, article_key, fold, other_layout, search_text, terms

LATIN_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
CYRILLIC_LETTERS = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
# These Cyrillic letters sit on keys that carry punctuation, not letters, on the Latin layout.
ON_PUNCTUATION_KEYS = set("ёжхъэбюЁЖХЪЭБЮ")

articles = st.text(alphabet=st.characters(codec="utf-8"), max_size=60)
words = st.text(alphabet=CYRILLIC_LETTERS + LATIN_LETTERS + "0123456789", min_size=1, max_size=15)


@given(articles)
def test_article_key_is_idempotent(article):
    key = article_key(article)

    assert article_key(key) == key
    assert fold(key) == key


@given(articles)
def test_article_key_ignores_separators_and_case(article):
    assert article_key(f" {article.upper()} -./") == article_key(article.upper())
    assert not re.search(r"[\s\-./]", article_key(article))


@given(st.text(alphabet=LATIN_LETTERS, min_size=1))
def test_latin_letters_go_to_the_other_layout_and_back(text):
    assert other_layout(other_layout(text) or "") == text


@given(
    st.text(alphabet=CYRILLIC_LETTERS, min_size=1).filter(
        lambda text: not set(text) <= ON_PUNCTUATION_KEYS
    )
)
def test_cyrillic_letters_go_to_the_other_layout_and_back(text):
    assert other_layout(other_layout(text) or "") == text


@given(st.text(alphabet=st.characters(codec="utf-8")))
def test_text_without_letters_has_no_other_layout(text):
    if not re.search(r"[a-zа-яё]", text, re.IGNORECASE):
        assert other_layout(text) is None


@given(st.text())
def test_terms_are_never_empty_nor_repeated(query):
    found = terms(query)

    assert all(found)
    assert len(found) == len(set(found))
    assert all(term == fold(term) and " " not in term for term in found)
    assert len("".join(found)) <= MAX_QUERY


# An «х», «x» or «×» between two numbers is read as a size («4 х 40», «4х 40» are «4x40»),
# which a shuffled name need not contain: words that can make a size with a neighbour are
# sizes, not words in any order.
plain_words = words.filter(
    lambda word: word.lower() not in ("х", "x") and not re.search(r"[хx×*]$|^[хx×*]", word.lower())
)


@given(st.lists(plain_words, min_size=1, max_size=8), st.randoms(use_true_random=False))
def test_a_product_is_found_by_the_words_of_its_name_in_any_order(name_words, random):
    text = search_text(article="", name=" ".join(name_words))
    random.shuffle(name_words)

    assert all(term in text for term in terms(" ".join(name_words)))


def test_russian_word_forms_share_a_stem():
    assert terms("Болтами оцинкованными") == terms("болт оцинкованный")
    assert terms("ЁЛКИ") == terms("елка")
    assert terms("ab-12 AB-12 м8") == ["ab-12", "м8"]
