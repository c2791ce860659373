import pytest

from okno.accounts.user_agents import describe_user_agent


@pytest.mark.parametrize(
    ("agent", "described"),
    [
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/126.0 Safari/537.36",
            "Chrome, Windows",
        ),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
            "Safari, iOS",
        ),
        (
            "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/126.0 YaBrowser/24.6 Mobile Safari/537.36",
            "Яндекс Браузер, Android",
        ),
        (
            "Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0",
            "Firefox, Linux",
        ),
        ("", "Неизвестное устройство"),
        ("curl/8.5.0", "curl/8.5.0"),
    ],
)
def test_describe_user_agent(agent, described):
    assert describe_user_agent(agent) == described
