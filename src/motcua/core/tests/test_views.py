import pytest


@pytest.mark.django_db
def test_an_unknown_api_path_is_a_json_404(client):
    response = client.get("/api/v1/khong-co/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Không tìm thấy."}


@pytest.mark.django_db
def test_an_unknown_page_is_an_html_404(client):
    response = client.get("/khong-co/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.django_db
def test_the_api_docs_page_loads_no_inline_style(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert b"<style>" not in response.content
    assert b"swagger-page" in response.content
