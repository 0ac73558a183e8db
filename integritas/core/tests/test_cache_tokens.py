"""Per-process caches checked against database tokens (`integritas.core.cache_tokens`)."""

import pytest
from django.db import transaction

from integritas.core.cache_tokens import ProcessCache, bump, current
from integritas.core.models import CacheToken

pytestmark = pytest.mark.django_db


class Builds:
    def __init__(self):
        self.count = 0

    def __call__(self):
        self.count += 1
        return f"value {self.count}"


def test_a_value_is_built_once_while_its_tokens_hold():
    cache, build = ProcessCache(), Builds()
    assert [cache.get("k", ("a", "b"), build) for _ in range(3)] == ["value 1"] * 3


def test_bumping_a_scope_rebuilds_only_the_values_built_under_it():
    cache, build_a, build_b = ProcessCache(), Builds(), Builds()
    cache.get("under a", ("a",), build_a)
    cache.get("under b", ("b",), build_b)
    bump("a")
    assert cache.get("under a", ("a",), build_a) == "value 2"
    assert cache.get("under b", ("b",), build_b) == "value 1"


def test_a_bump_that_is_rolled_back_keeps_the_value():
    cache, build = ProcessCache(), Builds()
    cache.get("k", ("a",), build)
    with pytest.raises(RuntimeError), transaction.atomic():
        bump("a")
        raise RuntimeError("the writer failed")
    assert cache.get("k", ("a",), build) == "value 1"


def test_a_scope_without_a_token_gets_one_before_anything_is_cached():
    assert not CacheToken.objects.filter(scope="fresh").exists()
    token = current(("fresh",))
    assert CacheToken.objects.get(scope="fresh").token == token[0] != ""
    assert current(("fresh",)) == token
