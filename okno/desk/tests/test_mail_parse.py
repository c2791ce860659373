"""Reading letters, alone (no server, no database): any bytes give a letter or a
`MalformedMail` with the reason, never another error; a charset Python does not know is
read as windows-1251 or UTF-8; the letters a letter answers, nearest first; an HTML body's
text keeps its blocks apart."""

from hypothesis import given, settings
from hypothesis import strategies as st

from okno.desk.mail.parse import MalformedMail, html_to_text, mail_parse


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_are_read_or_refused_with_a_reason(raw):
    assert _outcome(raw)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300), st.sampled_from(["utf-8", "windows-1251", "koi8-r"]))
def test_any_header_text_is_read_or_refused_with_a_reason(subject, charset):
    raw = (
        b"From: a@b.ru\r\nSubject: "
        + subject.encode(charset, errors="replace")
        + f"\r\nContent-Type: text/plain; charset={charset}\r\n\r\nТекст".encode(
            charset, errors="replace"
        )
    )
    assert _outcome(raw)


def _outcome(raw: bytes) -> str:
    """The sender of a letter read, or the reason it was refused (only `MalformedMail`
    may escape; anything else fails the test)."""
    try:
        return mail_parse(raw).from_address
    except MalformedMail as refusal:
        return str(refusal)


def test_an_unknown_charset_is_read_as_windows_1251():
    raw = (
        b"From: buh@romashka.ru\r\nSubject: x\r\n"
        b"Content-Type: text/plain; charset=x-cp1251-1c\r\n\r\n"
        + "Претензия по накладной".encode("cp1251")
    )
    assert mail_parse(raw).text == "Претензия по накладной"


def test_the_answered_letters_nearest_first():
    raw = (
        b"From: a@b.ru\r\nIn-Reply-To: <c@x>\r\nReferences: <a@x> <b@x>\r\n"
        b"Message-ID: <d@x>\r\n\r\ntext"
    )
    parsed = mail_parse(raw)
    assert parsed.thread_ids == ["<c@x>", "<b@x>", "<a@x>"]
    assert parsed.message_id == "<d@x>"


def test_html_read_as_text_keeps_its_lines():
    html = "<div>Строка 1</div><div>Строка&nbsp;2<br>Строка 3</div><script>x()</script>"
    assert html_to_text(html) == "Строка 1\n\nСтрока 2\nСтрока 3"
