"""The PDF is rendered offline: its fetcher serves `data:` URIs and refuses anything else,
so a template can neither reach the network nor read the server's files."""

import pytest

from okno.finance.invoice.pdf import offline_fetcher


@pytest.mark.parametrize(
    "url",
    ["http://example.com/logo.png", "https://cdn.example.com/font.woff2", "file:///etc/passwd"],
)
def test_remote_and_local_files_are_refused(url):
    with pytest.raises(ValueError, match="disallowed protocol"):
        offline_fetcher()(url)


def test_data_uris_are_served():
    response = offline_fetcher()("data:text/plain;base64,0J7QutC90L4=")
    assert response.read().decode() == "Окно"
