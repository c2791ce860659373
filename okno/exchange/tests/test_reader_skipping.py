"""Resuming deep in a long list: the reader leaves out the lines of the products or offers
to be skipped instead of parsing them, and yields exactly what a full read yields after
them — the same records with the same positions."""

from __future__ import annotations

from pathlib import Path

import pytest

from okno.exchange.cml import skipping
from okno.exchange.cml.reader import records_read
from okno.exchange.cml.records import FileHeader, Owner, SectionStart
from okno.exchange.tests.generated_files import (
    catalog_write,
    offers_write,
    prefixed_in_windows_1251,
)
from okno.exchange.tests.importing import LONG_LISTS


def _read(path: Path, skip: int = 0) -> list:
    with path.open("rb") as source:
        return list(records_read(source, name=path.name, skip=skip))


def _objects(records: list) -> list:
    return [r for r in records if not isinstance(r, FileHeader | SectionStart | Owner)]


@pytest.fixture
def splices(monkeypatch: pytest.MonkeyPatch) -> list:
    """Skipping leaves lines out from a few objects on; the splices made are recorded."""
    monkeypatch.setattr(skipping, "FAST_SKIP_MIN", 8)
    made: list = []
    splice = skipping.SplicedStream.splice

    def recorded(self: skipping.SplicedStream, **kwargs: object) -> skipping.Splice | None:
        result = splice(self, **kwargs)  # type: ignore[arg-type]
        made.append(result)
        return result

    monkeypatch.setattr(skipping.SplicedStream, "splice", recorded)
    return made


def _assert_resumes_like_a_full_read(path: Path, skips: list[int]) -> None:
    full = _read(path)
    objects = _objects(full)
    others = [record for record in full if record not in objects]
    for skip in skips:
        resumed = _read(path, skip)
        assert _objects(resumed) == objects[skip:], skip
        assert [record for record in resumed if record not in objects] == others


def test_offers_past_line_65535_resume_by_leaving_lines_out(tmp_path: Path, splices: list) -> None:
    path = offers_write(tmp_path / "offers.xml", offers=400)
    _assert_resumes_like_a_full_read(path, [40, 150, 333, 399, 400, 405])
    # Past the list's end nothing is left out: those offers are parsed and passed over.
    assert [splice is not None for splice in splices] == [True] * 5 + [False]


def test_products_resume_by_leaving_lines_out(tmp_path: Path, splices: list) -> None:
    path = catalog_write(tmp_path / "import.xml", products=2_000)
    _assert_resumes_like_a_full_read(path, [30, 1_000, 1_999])
    # 30 products lie within what lxml reads first: they are parsed and passed over.
    assert [splice is not None for splice in splices] == [False, True, True]


@pytest.mark.parametrize("path", LONG_LISTS.values(), ids=LONG_LISTS.keys())
def test_real_files_resume_by_leaving_lines_out(path: Path, splices: list) -> None:
    _assert_resumes_like_a_full_read(path, [100, 1_000])
    assert all(splice is not None for splice in splices)


def test_a_comment_in_the_part_to_leave_out_makes_it_parsed(tmp_path: Path, splices: list) -> None:
    path = offers_write(tmp_path / "offers.xml", offers=200)
    text = path.read_text(encoding="utf-8")
    middle = text.index("<Предложение>", len(text) // 2)
    path.write_text(text[:middle] + "<!-- <Предложение> -->" + text[middle:], encoding="utf-8")
    _assert_resumes_like_a_full_read(path, [150])
    assert splices == [None]


def test_prefixed_tags_in_windows_1251_resume_by_leaving_lines_out(
    tmp_path: Path, splices: list
) -> None:
    text = prefixed_in_windows_1251(catalog_write(tmp_path / "utf8.xml", products=500))
    path = tmp_path / "import.xml"
    path.write_bytes(text.encode("cp1251"))
    _assert_resumes_like_a_full_read(path, [50, 499])
    assert [splice is not None for splice in splices] == [False, True]


def test_windows_line_ends_resume_by_leaving_lines_out(tmp_path: Path, splices: list) -> None:
    path = offers_write(tmp_path / "offers.xml", offers=150)
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    _assert_resumes_like_a_full_read(path, [100])
    assert [splice is not None for splice in splices] == [True]
