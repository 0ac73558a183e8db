"""Rate-limit counters (`integritas.core.throttle`): per window, shared between processes."""

import multiprocessing
import time

from integritas.core.throttle import count_in_window


def count_times(path: str, key: str, times: int) -> None:
    from django.conf import settings

    settings.THROTTLE_COUNTERS_PATH = path
    for _ in range(times):
        count_in_window(key, 60)


def test_a_counter_counts_within_its_window_and_starts_again_after_it(settings, tmp_path):
    assert [count_in_window("k", 1) for _ in range(3)] == [1, 2, 3]
    assert count_in_window("other", 1) == 1
    time.sleep(2.1)  # the window (plus its second of grace) is over
    assert count_in_window("k", 1) == 1


def test_counts_from_several_processes_add_up(settings, tmp_path):
    path = settings.THROTTLE_COUNTERS_PATH
    workers = [multiprocessing.get_context("fork").Process(target=count_times,
                                                           args=(path, "shared", 200))
               for _ in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
    assert count_in_window("shared", 60) == 601


def test_without_a_counter_file_the_cache_counts(settings):
    settings.THROTTLE_COUNTERS_PATH = ""
    assert [count_in_window("k", 60) for _ in range(3)] == [1, 2, 3]
