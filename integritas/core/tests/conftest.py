import pytest


@pytest.fixture
def holidays(db):
    """The national holidays and cuti bersama of `libraries/calendar/`, as the command loads them."""
    from integritas.core.libraries import load_libraries

    return load_libraries()
