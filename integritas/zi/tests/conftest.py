import datetime as dt
import functools

import pytest
from django.utils.module_loading import autodiscover_modules
from django_scopes import scope

from integritas.core.libraries import LIBRARIES_DIR, LOADERS, read_folder


@functools.cache
def _documents(folder: str):
    # Reading and parsing the YAML of the frameworks is most of the cost of loading them.
    return read_folder(LIBRARIES_DIR / folder)


@pytest.fixture
def zi_libraries(db):
    """The LKE frameworks, the WBK/WBBM conditions and the evidence rules, as shipped."""
    autodiscover_modules("libraries")
    for folder in ("lke", "zi"):
        LOADERS[folder](_documents(folder))


@pytest.fixture
def programme(world, zi_libraries):
    """Dukcapil's ZI programme, declared on 9 July 2026."""
    from integritas.zi import services

    return services.declare_programme(
        world.tenant, world.users["inspektur"], unit=world.units["dukcapil"],
        declared_on=dt.date(2026, 7, 9), place="Ruang Pola Kantor Wali Kota",
        signers=[{"name": "Drs. H. Abdul Rahman", "position": "Kepala Dinas"}],
        witnesses=[{"name": "AKBP Eko Prasetyo", "position": "Kapolresta"},
                   {"name": "Dr. Siti Rahma, S.H.", "position": "Kajari"}])


@pytest.fixture
def assessment(world, programme):
    from integritas.zi import assessment as lke

    return lke.start_assessment(world.tenant, world.users["zi_coordinator"], programme,
                                year=2026)


@pytest.fixture
def in_scope(world):
    with scope(tenant=world.tenant.pk):
        yield
