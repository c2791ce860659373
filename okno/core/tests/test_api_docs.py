"""The API is described by OpenAPI and its docs page loads nothing from a CDN."""


def test_openapi_schema_is_served(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Okno API"


def test_docs_page_uses_local_assets(admin_client):
    response = admin_client.get("/api/v1/docs")
    assert response.status_code == 200
    body = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in body
    assert "cdn." not in body
    assert "unpkg" not in body
