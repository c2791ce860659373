import re

import pytest

from okno.accounts import sms


@pytest.fixture(autouse=True)
def sms_outbox():
    """Texts sent by the memory gateway during the test."""
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


def last_code(outbox, phone: str) -> str:
    """The six-digit code of the newest SMS to `phone`."""
    texts = [m.text for m in outbox if m.phone == phone]
    assert texts, f"no SMS was sent to {phone}"
    return re.search(r"\d{6}", texts[-1]).group()
