"""For tests of any app that scores an LKE: load `libraries/lke/` into the test database."""

from integritas.core.libraries import LIBRARIES_DIR, read_folder
from integritas.lke.libraries import load_lke


def load_lke_library():
    return load_lke(read_folder(LIBRARIES_DIR / "lke"))
