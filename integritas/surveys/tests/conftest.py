import datetime as dt

import pytest

from integritas.lke.testing import load_lke_library
from integritas.surveys import services
from integritas.surveys.testing import load_surveys_library

OPENS = dt.date(2027, 2, 1)
CLOSES = dt.date(2027, 3, 31)
TODAY = dt.date(2027, 2, 15)


@pytest.fixture
def libraries(db):
    load_lke_library()
    return load_surveys_library()


@pytest.fixture
def spak(world, libraries):
    return services.open_period(world.tenant, world.users["zi_coordinator"],
                                unit=world.units["dukcapil"], kind="spak", opens_on=OPENS,
                                closes_on=CLOSES)


@pytest.fixture
def spkp(world, libraries):
    return services.open_period(world.tenant, world.users["zi_coordinator"],
                                unit=world.units["dukcapil"], kind="spkp", opens_on=OPENS,
                                closes_on=CLOSES)
