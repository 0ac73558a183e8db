import pytest

from integritas.conflicts.tests.helpers import build_org


@pytest.fixture
def org(world, tmp_path, settings):
    """The `world` with a reporting chain, linked users, and the calendar and COI libraries."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_org(world)
