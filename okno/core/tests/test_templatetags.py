import datetime

from django.template import Context, Template

from okno.core.templatetags.okno import ru_date, ru_datetime


def test_datetimes_are_shown_in_moscow_time():
    late_evening_utc = datetime.datetime(2026, 12, 31, 22, 30, tzinfo=datetime.UTC)
    assert ru_datetime(late_evening_utc) == "01.01.2027 01:30"
    assert ru_date(late_evening_utc) == "01.01.2027"


def test_plain_dates_and_empty_values():
    assert ru_date(datetime.date(2026, 3, 8)) == "08.03.2026"
    assert ru_date(None) == ""
    assert ru_datetime(None) == ""


def test_money_filter_is_available_in_every_template():
    rendered = Template("{{ amount|money }}").render(Context({"amount": "1234.5"}))
    assert rendered == "1\u00a0234,50\u00a0₽"
