"""The API reference: a public schema, and a docs page our strict CSP lets run."""

import re

import pytest

NEW_OPERATIONS = {
    ("patch", "/api/v1/tenant"), ("post", "/api/v1/tenant/logo"),
    ("get", "/api/v1/imports/"), ("get", "/api/v1/imports/{job_id}/errors.xlsx"),
    ("post", "/api/v1/accounts/tokens"), ("put", "/api/v1/employees/{employee_id}/user"),
}


@pytest.mark.django_db
def test_openapi_schema_is_public_and_lists_every_operation(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    operations = {(method, path) for path, item in paths.items() for method in item}
    assert NEW_OPERATIONS <= operations


@pytest.mark.django_db
def test_docs_page_loads_only_local_scripts_under_the_csp(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    html = response.content.decode()
    scripts = re.findall(r"<script([^>]*)>", html)
    sources = [re.search(r'src="([^"]+)"', attrs) for attrs in scripts]
    runnable = [attrs for attrs, src in zip(scripts, sources, strict=True)
                if src is None and 'type="application/json"' not in attrs]
    assert runnable == []  # a JSON data block is fine: the browser never runs it
    assert all(src.group(1).startswith("/static/") for src in sources if src)
    assert "http" not in "".join(re.findall(r'(?:src|href)="([^"]+)"', html))
