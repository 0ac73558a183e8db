"""`integritas load_libraries`: idempotent upserts, removals, refusal of a broken file."""

import datetime as dt
import io
import shutil

import pytest
import yaml
from django.core.management import CommandError, call_command

from integritas.core.calendar import is_working_day
from integritas.core.libraries import LIBRARIES_DIR, LibraryError, load_libraries
from integritas.core.models import Holiday

HOLIDAY_FILE = "calendar/id-holidays.yaml"


@pytest.fixture
def library(tmp_path):
    """A copy of the repository's libraries that a test may edit."""
    shutil.copytree(LIBRARIES_DIR, tmp_path / "libraries")
    root = tmp_path / "libraries"

    def edit(change):
        path = root / HOLIDAY_FILE
        content = yaml.safe_load(path.read_text())
        change(content)
        path.write_text(yaml.safe_dump(content, allow_unicode=True))

    return root, edit


def test_loading_twice_changes_nothing_the_second_time(db):
    first = load_libraries()[0]
    second = load_libraries()[0]
    assert first.created == Holiday.objects.count() > 60 and first.deleted == 0
    assert (second.created, second.updated, second.deleted) == (0, 0, 0)
    assert second.unchanged == first.created


def test_entry_removed_from_the_library_is_removed_from_the_table(db, library):
    root, edit = library
    load_libraries(root)
    edit(lambda c: c["years"][0]["entries"].pop(0))
    result = load_libraries(root)[0]
    assert result.deleted == 1
    assert not Holiday.objects.filter(date=dt.date(2025, 1, 1)).exists()


def test_corrected_source_updates_the_rows_of_that_year(db, library):
    root, edit = library
    load_libraries(root)

    def correct(content):
        content["years"][1]["source"] = "SKB 3 Menteri 2026 (corrected)"

    edit(correct)
    result = load_libraries(root)[0]
    assert result.updated == Holiday.objects.filter(date__year=2026).count()
    assert Holiday.objects.filter(date__year=2026, source__contains="corrected").exists()


def test_loading_makes_the_calendar_see_the_holidays_at_once(world):
    assert is_working_day(world.tenant, dt.date(2025, 1, 1))
    load_libraries()
    assert not is_working_day(world.tenant, dt.date(2025, 1, 1))


@pytest.mark.parametrize("change, message", [
    (lambda c: c["years"][0]["entries"][0].update(kind="regional"), "entry 1"),
    (lambda c: c["years"][0]["entries"][0].update(date=dt.date(2024, 1, 1)), "not in 2025"),
    (lambda c: c["years"][0].pop("source"), "`source`"),
    (lambda c: c["years"][0]["entries"].append(dict(c["years"][0]["entries"][0])), "twice"),
])
def test_broken_library_is_refused_whole(db, library, change, message):
    root, edit = library
    load_libraries(root)
    before = set(Holiday.objects.values_list("pk", "updated_at"))
    edit(lambda c: (c["years"][0]["entries"].pop(), change(c)))
    with pytest.raises(LibraryError, match=message):
        load_libraries(root)
    assert set(Holiday.objects.values_list("pk", "updated_at")) == before


def test_missing_library_folder_is_an_error_not_an_empty_calendar(db, tmp_path):
    load_libraries()
    with pytest.raises(LibraryError, match="not found"):
        load_libraries(tmp_path)
    assert Holiday.objects.exists()


def test_holiday_library_years_carry_source_and_confidence():
    content = yaml.safe_load((LIBRARIES_DIR / HOLIDAY_FILE).read_text())
    years = {block["year"]: block for block in content["years"]}
    assert set(years) == {2025, 2026, 2027}
    assert all(block["source"] and block["confidence"] for block in years.values())
    assert years[2027]["confidence"].startswith("estimated")
    dates = {(e["date"], e["kind"]) for e in years[2026]["entries"]}
    assert (dt.date(2026, 3, 21), "national") in dates
    assert (dt.date(2026, 3, 24), "collective_leave") in dates


def test_command_prints_counts(db):
    out = io.StringIO()
    call_command("load_libraries", stdout=out)
    assert "calendar:" in out.getvalue() and "created" in out.getvalue()


def test_command_reports_a_broken_library(db, tmp_path):
    with pytest.raises(CommandError, match="not found"):
        call_command("load_libraries", "--path", str(tmp_path))
