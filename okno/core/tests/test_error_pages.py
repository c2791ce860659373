def test_missing_page_is_a_friendly_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Страница не найдена" in response.content.decode()


def test_page_beyond_the_role_is_a_friendly_403(client, world):
    client.force_login(world.a_buyer)
    response = client.get("/audit/")
    assert response.status_code == 403
    assert "Недостаточно прав" in response.content.decode()
