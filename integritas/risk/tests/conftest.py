import pytest

from integritas.core.libraries import LIBRARIES_DIR, read_folder


@pytest.fixture
def risk_library(db):
    """The risk reference data of `libraries/risk/` (the BPKP matrix, vocabulary, SPIP)."""
    from integritas.risk.libraries import load_risk_library

    return load_risk_library(read_folder(LIBRARIES_DIR / "risk"))
