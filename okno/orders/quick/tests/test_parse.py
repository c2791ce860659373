import pytest
from hypothesis import given
from hypothesis import strategies as st

from okno.orders.quick.parse import join_cells, line_text, parse_text, split_line


@pytest.mark.parametrize(
    ("line", "cells"),
    [
        ("АБ-12;5", ["АБ-12", "5"]),
        # A semicolon is the separator, so the comma is a decimal comma.
        ("АБ-12;5,5", ["АБ-12", "5,5"]),
        ("АБ-12\t10\tуп", ["АБ-12", "10", "уп"]),
        ('"АБ;12";5', ["АБ;12", "5"]),
        # A lone comma between an article and a number separates them…
        ("АБ-12,5", ["АБ-12", "5"]),
        ("АБ-12,5,шт", ["АБ-12", "5", "шт"]),
        ('"12,5",3', ["12,5", "3"]),
        # …but not between two numbers (a decimal) nor in a list of articles.
        ("12,5", ["12,5"]),
        ("A1, A2, A3", ["A1, A2, A3"]),
        ("АБ-12    1 000", ["АБ-12", "1 000"]),
        ("Болт М8 10 шт", ["Болт М8", "10", "шт"]),
        ("АБ-12 10шт", ["АБ-12", "10", "шт"]),
        ("АБ-12", ["АБ-12"]),
    ],
)
def test_a_line_is_split_by_the_documented_rules(line, cells):
    assert split_line(line) == cells


def test_quantities_keep_their_number_and_lose_a_stuck_unit():
    paste = parse_text("A;10шт\nB;1 000,5\nC;7 уп.\nD;2\u00a0500\nE;10м2\nF;десять")
    read = [(line.article, line.quantity, line.unit) for line in paste.lines]
    assert read == [
        ("A", "10", "шт"),
        ("B", "1 000,5", ""),
        ("C", "7", "уп."),
        ("D", "2\u00a0500", ""),
        ("E", "10", "м2"),
        ("F", "десять", ""),
    ]


def test_a_unit_of_its_own_wins_over_one_stuck_to_the_quantity():
    (line,) = parse_text("A;10шт;уп").lines
    assert (line.quantity, line.unit) == ("10", "уп")


def test_empty_lines_are_counted_and_line_numbers_kept():
    paste = parse_text("\nA;1\n   \n\nB;2\n\n\n")
    assert [(line.line, line.article) for line in paste.lines] == [(2, "A"), (5, "B")]
    # The empty lines after the last one are not counted.
    assert paste.empty_lines == 3


def test_a_header_row_is_kept_as_skipped_and_names_the_columns():
    paste = parse_text("Наименование;Артикул;Ед.;Кол-во\nБолт;АБ-12;уп;5\nАртикул;3")
    header, bolt, repeated = paste.lines
    assert header.is_header
    assert (bolt.article, bolt.quantity, bolt.unit) == ("АБ-12", "5", "уп")
    # Only a row before the data is a header.
    assert not repeated.is_header


def test_a_row_with_a_number_for_quantity_is_data_not_a_header():
    (line,) = parse_text("Код-7;5").lines
    assert not line.is_header
    assert (line.article, line.quantity) == ("Код-7", "5")


def test_an_english_header_works_too():
    header, line = parse_text("SKU,Qty\nAB-1,4").lines
    assert header.is_header
    assert (line.article, line.quantity) == ("AB-1", "4")


def test_a_nul_stays_a_character_so_the_line_is_kept():
    (line,) = parse_text("\x00").lines
    assert line.raw == "\ufffd"


def test_a_line_reads_back_the_same_after_its_fixes_are_written_out():
    (line,) = parse_text('"АБ;12";5;уп').lines
    assert line_text(line) == '"АБ;12";5;уп'
    assert split_line(join_cells(["a", "", ""])) == ["a"]


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_every_non_empty_line_is_read_exactly_once(text):
    paste = parse_text(text)
    lines = text.splitlines()
    expected = [number for number, line in enumerate(lines, start=1) if line.strip()]
    assert [line.line for line in paste.lines] == expected
    last = expected[-1] if expected else 0
    assert paste.empty_lines == last - len(expected)
