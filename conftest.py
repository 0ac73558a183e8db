import pytest
from django_scopes import scopes_disabled


@pytest.fixture
def world(db):
    """Two Pemda (`contoh`, `lain`), their units, and one person per role (see personas.py)."""
    from integritas.core.testing.personas import build_world

    return build_world()


@pytest.fixture
def unscoped():
    """For assertions that read rows directly, outside any tenant scope."""
    with scopes_disabled():
        yield


@pytest.fixture
def client(client, settings):
    """Test clients read English, the source language tests assert on; Indonesian, the default,
    is covered by integritas/tests/test_language.py and the catalogue tests."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def client_for(client):
    """A logged-in test client for a persona: `client_for(world.users["auditor"])`."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture(autouse=True)
def _fast_tests(settings):
    """Jobs run at once; a cheap hasher keeps persona set-up fast (Argon2 is tested separately)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = True
    yield


@pytest.fixture(autouse=True)
def _private_cache(settings, request, tmp_path):
    """An empty in-memory cache and rate-limit counter file per test. allauth remembers used TOTP
    codes by user id, and ids repeat across tests and across xdist workers that share one data
    directory."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": request.node.nodeid}}
    settings.THROTTLE_COUNTERS_PATH = str(tmp_path / "counters.sqlite3")
