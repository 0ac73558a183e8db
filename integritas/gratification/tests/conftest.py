import pytest


@pytest.fixture
def libraries(db):
    """The gratification rules and the holidays, loaded from `libraries/` as by the command
    (only these two folders: the test does not depend on other apps' reference data)."""
    from integritas.core.libraries import LIBRARIES_DIR, load_holidays, read_folder
    from integritas.gratification.libraries import load_rule_sets

    return [load_holidays(read_folder(LIBRARIES_DIR / "calendar")),
            load_rule_sets(read_folder(LIBRARIES_DIR / "gratification"))]


@pytest.fixture
def reporter(world, libraries):
    """The `employee` persona, linked to the Dukcapil staff member: reports for themselves."""
    from integritas.people.services import link_user

    link_user(world.tenant, None, world.employees["dukcapil_staff"], world.users["employee"])
    return world.users["employee"]
