import pytest


@pytest.fixture
def holidays(db):
    """National holidays and cuti bersama from `libraries/calendar/`, loaded by the command."""
    from integritas.core.libraries import load_libraries

    return load_libraries()
