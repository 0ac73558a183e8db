import pytest


@pytest.fixture
def references(db):
    """The oversight libraries as `integritas load_libraries` loads them."""
    from integritas.core.libraries import LIBRARIES_DIR, read_folder
    from integritas.oversight.libraries import load_oversight_references

    return load_oversight_references(read_folder(LIBRARIES_DIR / "oversight"))
