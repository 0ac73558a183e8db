import pytest

from integritas.lke.testing import load_lke_library


@pytest.fixture
def lke_library(db):
    """The frameworks and eligibility rules of `libraries/lke/`, loaded as in production."""
    return load_lke_library()
