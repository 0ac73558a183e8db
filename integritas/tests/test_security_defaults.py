"""Production defaults are the safe ones; the local demo has to opt out explicitly."""

import importlib
import os

import pytest
from django.urls import reverse


@pytest.fixture
def production_settings(monkeypatch):
    for name in ("DEBUG", "SECURE_TLS", "SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    import integritas.settings as module

    yield importlib.reload(module)
    importlib.reload(module)


def test_production_defaults_are_safe(production_settings):
    s = production_settings
    assert s.DEBUG is False
    assert s.SESSION_COOKIE_SECURE and s.CSRF_COOKIE_SECURE
    assert s.SECURE_HSTS_SECONDS >= 31536000
    assert s.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert s.X_FRAME_OPTIONS == "DENY"


def test_secret_key_is_generated_once_and_kept_private(production_settings):
    secret_file = production_settings.DATA_DIR / "secret_key"
    assert secret_file.read_text().strip() == production_settings.SECRET_KEY
    assert os.stat(secret_file).st_mode & 0o077 == 0


def test_every_page_carries_a_strict_content_security_policy(client, db):
    response = client.get(reverse("account_login"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"


def test_pages_load_no_asset_from_another_host(client, db):
    html = client.get(reverse("account_login")).content.decode()
    assert "http://" not in html.replace("http://www.w3.org", "")
    assert "https://" not in html
