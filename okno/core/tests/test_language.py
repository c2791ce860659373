def test_russian_whatever_the_browser_asks(client):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "ru"
    assert 'lang="ru"' in response.content.decode()


def test_the_switch_chooses_english_and_it_sticks(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    page = client.get("/accounts/login/")
    assert page["Content-Language"] == "en"
    assert 'lang="en"' in page.content.decode()


def test_an_unknown_language_cookie_falls_back_to_russian(client):
    client.cookies["django_language"] = "xx"
    assert client.get("/accounts/login/")["Content-Language"] == "ru"
