import pytest

from integritas.cases.testing import FAST_KDF


@pytest.fixture(autouse=True)
def _fast_case_kdf(settings):
    """Argon2id at its minimum cost: the wrapping is tested, not its cost."""
    settings.CASES_HANDLER_KDF = FAST_KDF


# The workspace tests' handlers with keys (cases_ws).
from integritas.cases.tests.ws_helpers import desk  # noqa: E402, F401


@pytest.fixture(autouse=True)
def _own_file_store(settings, tmp_path):
    """Each test stores evidence in its own folder inside the data dir (read by the dump test)."""
    settings.MEDIA_ROOT = settings.DATA_DIR / "test-media" / tmp_path.name
    yield
    import shutil

    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)
