import pytest


@pytest.fixture(autouse=True)
def _isolated_cache(settings):
    """allauth remembers used TOTP codes and rate limits in the cache; a test starts clean."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    from django.core.cache import cache

    cache.clear()
