"""The library: both frameworks load and validate; a broken file fails the load, listing all."""

import shutil

import pytest
import yaml

from integritas.core.libraries import LIBRARIES_DIR, LibraryError, read_folder
from integritas.lke.libraries import load_lke
from integritas.lke.models import EligibilityRuleSet, LkeFramework
from integritas.lke.testing import load_lke_library


def test_the_library_loads_both_frameworks_and_the_rules_once(db):
    first = load_lke_library()
    assert (first.created, first.updated) == (4, 0)
    assert load_lke_library().unchanged == 4
    current = LkeFramework.objects.get(code="permenpanrb-90-2021", tenant=None)
    assert current.items_count == 136
    assert set(EligibilityRuleSet.objects.values_list("code", flat=True)) == {
        "permenpanrb-90-2021", "permenpanrb-52-2014-jo-10-2019"}


def test_a_broken_library_file_fails_the_load_with_every_problem(db, tmp_path):
    folder = tmp_path / "lke"
    shutil.copytree(LIBRARIES_DIR / "lke", folder)
    path = folder / "permenpanrb-90-2021.yaml"
    document = yaml.safe_load(path.read_text())
    area1 = document["nodes"][0]["children"][0]["children"][0]
    area1["weight"] = 5
    area1["children"][0]["items"][0]["answer_type"] = "ya"
    path.write_text(yaml.safe_dump(document))
    with pytest.raises(LibraryError) as caught:
        load_lke(read_folder(folder))
    message = str(caught.value)
    assert "3 problem(s)" in message
    assert "pemenuhan: the weights of the children add up to 31" in message
    assert "pemenuhan.1: the weights of the children add up to 4" in message
    assert "pemenuhan.1.i.a: unknown answer type 'ya'" in message
    assert not LkeFramework.objects.exists()
