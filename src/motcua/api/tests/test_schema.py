import re

from django.contrib.staticfiles import finders

import pytest
from drf_spectacular.validation import validate_schema

PATHS = {
    "/api/v1/procedures": {"search", "level", "field", "agency", "online_level"},
    "/api/v1/procedures/{code}": {"code", "on"},
    "/api/v1/fields": {"on"},
    "/api/v1/units": {"search", "level", "parent"},
    "/api/v1/units/{code}": {"code"},
    "/api/v1/agencies": {"search", "kind", "unit"},
    "/api/v1/agencies/{code}": {"code"},
}
PAGINATED = {"/api/v1/procedures", "/api/v1/units", "/api/v1/agencies"}


@pytest.fixture
def schema(client):
    response = client.get(
        "/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    )
    assert response.status_code == 200
    return response.json()


def test_schema_is_valid_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)  # raises on any breach of the OpenAPI 3 JSON schema
    try:
        from openapi_spec_validator import validate
    except ImportError:
        return
    validate(schema)


@pytest.mark.parametrize("path", sorted(PATHS))
def test_schema_documents_every_endpoint_with_its_parameters(schema, path):
    operation = schema["paths"][path]["get"]
    names = {parameter["name"] for parameter in operation.get("parameters", [])}

    assert PATHS[path] <= names
    if path in PAGINATED:
        assert {"page", "page_size"} <= names
    assert operation["summary"]
    assert "200" in operation["responses"]


@pytest.mark.parametrize("path", sorted(PATHS))
def test_schema_documents_the_error_shapes(schema, path):
    responses = schema["paths"][path]["get"]["responses"]
    components = schema["components"]["schemas"]

    if "{code}" in path:
        assert responses["404"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Error"
        }
    if path != "/api/v1/units/{code}" and path != "/api/v1/agencies/{code}":
        assert responses["400"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/BadRequest"
        }
    assert set(components["Error"]["properties"]) == {"detail"}
    assert set(components["BadRequest"]["properties"]) == {"detail", "errors"}


def test_schema_lists_each_operation_once_without_trailing_slash(schema):
    assert not [path for path in schema["paths"] if path.endswith("/")]
    operation_ids = [
        operation["operationId"]
        for item in schema["paths"].values()
        for operation in item.values()
    ]
    assert len(operation_ids) == len(set(operation_ids))


def test_public_endpoints_ask_for_no_credentials(schema):
    for path in PATHS:
        assert not schema["paths"][path]["get"].get("security")


def test_schema_speaks_the_clients_language(client):
    accept = "application/vnd.oai.openapi+json"
    vietnamese = client.get("/api/schema/", HTTP_ACCEPT=accept).json()
    english = client.get(
        "/api/schema/", HTTP_ACCEPT=accept, HTTP_ACCEPT_LANGUAGE="en"
    ).json()

    path = "/api/v1/procedures"
    assert vietnamese["paths"][path]["get"]["summary"] == (
        "Tìm trong danh mục thủ tục hành chính"
    )
    assert english["paths"][path]["get"]["summary"] == (
        "Search the catalog of procedures"
    )


def test_docs_page_loads_swagger_ui_from_our_static_files(client):
    response = client.get("/api/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    scripts = re.findall(r"<script([^>]*)>", html)
    sources = [re.search(r'src="([^"]+)"', tag).group(1) for tag in scripts]
    stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert len(sources) == len(scripts) == 3  # no inline script
    assert stylesheets
    static = [url for url in sources + stylesheets if url.startswith("/static/")]
    assert len(static) == 4
    assert sum("swagger-ui-dist" in url for url in static) == 3
    assert any("core/swagger-page" in url for url in static)
    for url in static:
        assert finders.find(url.removeprefix("/static/")), url
    assert "<style" not in html  # the CSP allows no inline style
    assert "//" not in "".join(sources + stylesheets)  # nothing from a CDN
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_docs_initialiser_is_a_same_origin_script(client):
    html = client.get("/api/docs/").content.decode()
    initialiser = next(
        url.replace("&amp;", "&")
        for url in re.findall(r'<script src="([^"]+)"', html)
        if url.startswith("/api/docs/")
    )

    response = client.get(initialiser)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    script = response.content.decode()
    assert "SwaggerUIBundle" in script
    assert "/api/schema/" in script
