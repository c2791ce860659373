"""`init` and `file`: parts appended, archives unpacked with their folders, unsafe names
and oversized uploads refused."""

import io
import os
import stat
import zipfile

import pytest

from okno.exchange.models import ExchangeFile, ExchangeRequest, ExchangeSession, Integration
from okno.exchange.protocol.answers import ProtocolFailure
from okno.exchange.protocol.files import safe_name
from okno.exchange.storage import session_folder
from okno.exchange.tests.conftest import OneC, text

pytestmark = pytest.mark.django_db


def test_init_answers_zip_and_file_limit_of_the_integration(one_c, one_c_user):
    Integration.objects.create(user=one_c_user, name="УТ", allow_zip=False, file_limit=1024)
    one_c.checkauth()
    assert text(one_c.get("init", version="2.09")) == "zip=no\nfile_limit=1024"


def test_sale_init_with_a_version_answers_sessid_and_the_sale_version(client, one_c_user):
    one_c = OneC(client, "sale")
    one_c.checkauth()
    session = ExchangeSession.objects.get()
    lines = text(one_c.get("init", version="3.1", sessid=session.sessid)).split("\n")
    assert lines == [
        "zip=yes",
        f"file_limit={50 * 1024 * 1024}",
        f"sessid={session.sessid}",
        "version=2.09",
    ]
    session.refresh_from_db()
    assert session.version == "3.1"


def test_sale_init_without_a_version_is_the_old_protocol(client, one_c_user):
    one_c = OneC(client, "sale")
    one_c.checkauth()
    assert text(one_c.get("init")).count("\n") == 1


def test_parts_of_one_name_are_appended(one_c):
    one_c.checkauth()
    for part in (b"<a>", b"12345", b"</a>"):
        assert text(one_c.file("import0_1.xml", part)) == "success"
    session = ExchangeSession.objects.get()
    stored = ExchangeFile.objects.get()
    assert (stored.name, stored.size, stored.parts) == ("import0_1.xml", 12, 3)
    assert (session_folder(session) / "import0_1.xml").read_bytes() == b"<a>12345</a>"
    log = ExchangeRequest.objects.filter(mode="file")
    assert [row.bytes_in for row in log] == [3, 5, 4]
    assert {row.status for row in log} == {"success"}


def test_a_new_session_starts_the_file_anew(one_c):
    one_c.checkauth()
    one_c.file("import.xml", b"old")
    one_c.checkauth()
    one_c.file("import.xml", b"new")
    first, second = ExchangeSession.objects.order_by("pk")
    assert (session_folder(first) / "import.xml").read_bytes() == b"old"
    assert (session_folder(second) / "import.xml").read_bytes() == b"new"


def test_sub_folders_are_kept(one_c):
    one_c.checkauth()
    one_c.file("import_files/9d/9d1e_ab.jpg", b"\xff\xd8jpeg")
    session = ExchangeSession.objects.get()
    assert (session_folder(session) / "import_files/9d/9d1e_ab.jpg").read_bytes() == b"\xff\xd8jpeg"


@pytest.mark.parametrize(
    "name",
    [
        "",
        "/etc/passwd",
        "../../settings.py",
        "import_files/../../x.xml",
        "import_files\\x.jpg",
        "C:evil.xml",
        "c:/windows/x.xml",
        "a\x00.xml",
        "import_files//x.jpg",
        ".htaccess",
        "x" * 501,
    ],
)
def test_unsafe_names_are_refused(one_c, exchange_dir, name):
    one_c.checkauth()
    response = one_c.file(name, b"<x/>")
    assert text(response).startswith("failure\nНедопустимое имя файла")
    assert not ExchangeFile.objects.exists()
    assert [p.name for p in exchange_dir.rglob("*") if p.is_file()] == []
    logged = ExchangeRequest.objects.get(mode="file")
    assert logged.status == "failure"
    assert "\x00" not in logged.filename


def test_safe_names_pass_as_they_are():
    assert safe_name("import_files/9d/a b.jpg") == "import_files/9d/a b.jpg"
    assert safe_name("offers___7f30.xml") == "offers___7f30.xml"
    with pytest.raises(ProtocolFailure):
        safe_name("import_files/")


def test_an_upload_over_the_limit_fails_and_keeps_the_earlier_parts(one_c, settings):
    settings.OKNO_EXCHANGE_MAX_FILE_MB = 1
    one_c.checkauth()
    assert text(one_c.file("offers.xml", b"a" * 600_000)) == "success"
    response = one_c.file("offers.xml", b"b" * 600_000)
    assert text(response) == "failure\nФайл offers.xml больше допустимых 1 МБ."
    session = ExchangeSession.objects.get()
    assert (session_folder(session) / "offers.xml").read_bytes() == b"a" * 600_000
    assert ExchangeFile.objects.get().parts == 1
    # The declared length told enough: nothing of the refused body was read.
    assert ExchangeRequest.objects.filter(status="failure").get().bytes_in == 0


def test_an_undeclared_body_over_the_limit_is_cut_off_while_read(one_c, settings):
    from okno.exchange.protocol.body import BodyReader
    from okno.exchange.protocol.files import file_receive

    settings.OKNO_EXCHANGE_MAX_FILE_MB = 1
    one_c.checkauth()
    session = ExchangeSession.objects.get()
    body = BodyReader(io.BytesIO(b"z" * 5_000_000))
    with pytest.raises(ProtocolFailure):
        file_receive(session=session, name="big.xml", body=body, length=None)
    assert body.bytes_read <= 2 * 1024 * 1024
    assert (session_folder(session) / "big.xml").stat().st_size == 0


def zip_of(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_an_archive_in_parts_is_unpacked_at_the_first_import_with_its_folders(one_c, importer):
    archive = zip_of(
        {
            "import0_1.xml": b"<import/>",
            "offers0_1.xml": b"<offers/>",
            "import_files/9d/9d1e.jpg": b"jpeg",
        }
    )
    one_c.checkauth()
    one_c.file("v8_2C7E_125d5b.zip", archive[:100])
    one_c.file("v8_2C7E_125d5b.zip", archive[100:])
    assert text(one_c.get("import", filename="import0_1.xml")).startswith("progress\n")
    session = ExchangeSession.objects.get()
    folder = session_folder(session)
    assert (folder / "import0_1.xml").read_bytes() == b"<import/>"
    assert (folder / "import_files/9d/9d1e.jpg").read_bytes() == b"jpeg"
    unpacked = ExchangeFile.objects.filter(from_archive="v8_2C7E_125d5b.zip")
    assert sorted(unpacked.values_list("name", flat=True)) == [
        "import0_1.xml",
        "import_files/9d/9d1e.jpg",
        "offers0_1.xml",
    ]
    assert importer.steps == ["import0_1.xml"]


def test_unpacking_stops_at_the_slice_and_goes_on_at_the_next_request(one_c, importer, settings):
    settings.OKNO_EXCHANGE_SLICE_SECONDS = 0
    one_c.checkauth()
    one_c.file(
        "goods.zip",
        zip_of({f"import_files/{n}.jpg": b"x" for n in range(3)} | {"import.xml": b"<i/>"}),
    )
    answers = [text(one_c.get("import", filename="import.xml")) for _ in range(4)]
    assert answers[:3] == [
        "progress\nРаспаковка архива: осталось файлов: 3.",
        "progress\nРаспаковка архива: осталось файлов: 2.",
        "progress\nРаспаковка архива: осталось файлов: 1.",
    ]
    assert answers[3].startswith("progress\n")
    assert ExchangeFile.objects.filter(from_archive="goods.zip").count() == 4


@pytest.mark.parametrize(
    ("entry", "reason"),
    [("../evil.xml", "Недопустимое имя файла"), ("/abs.xml", "Недопустимое имя файла")],
)
def test_an_archive_with_unsafe_names_is_refused_whole(one_c, importer, entry, reason):
    one_c.checkauth()
    one_c.file("a.zip", zip_of({"import.xml": b"<i/>", entry: b"x"}))
    assert reason in text(one_c.get("import", filename="import.xml"))
    assert not ExchangeFile.objects.filter(from_archive="a.zip").exists()
    assert importer.steps == []


def test_a_zip_bomb_is_refused_from_its_directory(one_c, importer, settings):
    settings.OKNO_EXCHANGE_MAX_FILE_MB = 1
    one_c.checkauth()
    one_c.file("bomb.zip", zip_of({"import.xml": b"\0" * (3 * 1024 * 1024)}))
    answer = text(one_c.get("import", filename="import.xml"))
    assert answer == "failure\nАрхив bomb.zip, файл import.xml: больше допустимого размера"
    assert not ExchangeFile.objects.filter(from_archive="bomb.zip").exists()


def test_an_archive_unpacking_past_its_limit_is_refused_from_its_directory(
    one_c, importer, settings
):
    settings.OKNO_EXCHANGE_MAX_ARCHIVE_MB = 1
    files = {"import.xml": os.urandom(600_000), "offers.xml": os.urandom(600_000)}
    one_c.checkauth()
    one_c.file("big.zip", zip_of(files))
    answer = text(one_c.get("import", filename="import.xml"))
    assert answer == "failure\nАрхив big.zip после распаковки больше 1 МБ."
    assert not ExchangeFile.objects.filter(from_archive="big.zip").exists()


def test_a_ratio_no_exchange_file_has_is_refused(one_c, importer):
    one_c.checkauth()
    one_c.file("bomb.zip", zip_of({"import.xml": b"\0" * (20 * 1024 * 1024)}))
    answer = text(one_c.get("import", filename="import.xml"))
    assert answer.startswith("failure\nАрхив bomb.zip, файл import.xml: сжат в ")


def test_links_in_an_archive_are_refused(one_c, importer):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        link = zipfile.ZipInfo("import_files/link.jpg")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
    one_c.checkauth()
    one_c.file("a.zip", buffer.getvalue())
    assert "ссылки не принимаются" in text(one_c.get("import", filename="import.xml"))


def test_a_damaged_archive_fails(one_c, importer):
    one_c.checkauth()
    one_c.file("a.zip", b"PK\x03\x04 not really")
    assert text(one_c.get("import", filename="import.xml")).startswith(
        "failure\nАрхив a.zip повреждён"
    )


def test_an_archive_unpacked_whole_is_not_read_again(one_c, importer):
    one_c.checkauth()
    one_c.file("a.zip", zip_of({"import.xml": b"<i/>", "offers.xml": b"<o/>"}))
    assert text(one_c.get("import", filename="import.xml")).startswith("progress\n")
    archive = ExchangeFile.objects.get(name="a.zip")
    (session_folder(archive.session) / "a.zip").write_bytes(b"no longer a zip")
    assert text(one_c.get("import", filename="offers.xml")).startswith("progress\n")
    assert importer.steps == ["import.xml", "offers.xml"]


def test_a_refused_file_ends_the_session_with_its_reason(one_c, settings):
    settings.OKNO_EXCHANGE_MAX_FILE_MB = 1
    one_c.checkauth()
    one_c.file("offers.xml", b"b" * 1_200_000)
    session = ExchangeSession.objects.get()
    assert session.status == ExchangeSession.Status.FAILURE
    assert session.message == "Файл offers.xml больше допустимых 1 МБ."
