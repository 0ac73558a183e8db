"""Fixtures shared by the organisation tests: persona API clients and a private media root."""

import pytest
from django_scopes import scopes_disabled

from integritas.accounts.models import ApiToken


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploaded logos land in the test's own directory."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def api(world, client):
    """`api("auditor").get("/units")`: a client carrying that persona's bearer token.

    Tokens are written directly (set-up, like the factories): only some roles may issue one,
    but a token keeps working with whatever roles its user holds now, and that is under test.
    """

    def for_persona(persona):
        tenant = world.other_tenant if persona == "outsider" else world.tenant
        secret = ApiToken.new_secret(tenant.slug)
        with scopes_disabled():
            ApiToken.objects.create(tenant=tenant, user=world.users[persona], name="test",
                                    key_hash=ApiToken.digest(secret), hint=secret[-4:])
        return ApiClient(client, secret)

    return for_persona


class ApiClient:
    def __init__(self, client, secret):
        self.client, self.headers = client, {"HTTP_AUTHORIZATION": f"Bearer {secret}"}

    def get(self, path, **params):
        return self.client.get(f"/api/v1{path}", params, **self.headers)

    def post(self, path, body):
        return self.client.post(f"/api/v1{path}", body, content_type="application/json",
                                **self.headers)

    def patch(self, path, body):
        return self.client.patch(f"/api/v1{path}", body, content_type="application/json",
                                 **self.headers)

    def upload(self, path, **files):
        return self.client.post(f"/api/v1{path}", files, **self.headers)
