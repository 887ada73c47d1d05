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


@pytest.mark.django_db
def test_pages_are_vietnamese_whatever_the_browser_language(client):
    response = client.get("/khong-co/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "vi"


@pytest.mark.django_db
def test_the_language_switch_chooses_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/khong-co/", HTTP_ACCEPT_LANGUAGE="vi")
    assert response["Content-Language"] == "en"


@pytest.mark.django_db
def test_api_clients_negotiate_their_language(client):
    response = client.get("/api/v1/khong-co/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json() == {"detail": "Not found."}


@pytest.mark.django_db
def test_the_health_check_answers_without_the_database(
    client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get("/healthz/")
    assert response.json() == {"status": "ok"}
