"""The API reference at /api/v1/docs: Swagger UI from our own static files, under the strict CSP,
with nothing fetched from outside the site."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_api_docs_show_the_operations_offline_without_csp_violations(open_tab, site):
    tab = open_tab()
    page = tab.page
    foreign = []
    page.on("request", lambda request: None if request.url.startswith(site)
            else foreign.append(request.url))
    tab.go("/api/v1/docs")
    page.wait_for_selector(".opblock-summary-path")
    paths = set(page.locator(".opblock-summary-path").all_inner_texts())
    assert {"/api/v1/employees", "/api/v1/accounts/tokens", "/api/v1/tenant/logo",
            "/api/v1/employees/{employee_id}/user"} <= paths
    assert page.locator(".swagger-ui .info .title").inner_text().startswith("Integritas API")
    assert tab.csp_violations() == []
    assert tab.console_errors() == []
    assert foreign == []
    tab.screenshot("api_docs")
