"""The pause of cyclic garbage collection around one document's work
(pipeline.machinery.gcpause)."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from pipeline.machinery.gcpause import collection_paused


@pytest.fixture(autouse=True)
def _collection_restored() -> Iterator[None]:
    """Each test starts with collection on and leaves it as it found it."""
    was = gc.isenabled()
    gc.enable()
    yield
    (gc.enable if was else gc.disable)()


def test_off_inside_and_on_after() -> None:
    with collection_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_on_again_after_an_error() -> None:
    with pytest.raises(ValueError), collection_paused():
        raise ValueError("a stage failed")
    assert gc.isenabled()


def test_nested_pauses_resume_only_at_the_outermost() -> None:
    with collection_paused():
        with collection_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_collection_turned_off_by_the_program_stays_off() -> None:
    gc.disable()
    with collection_paused():
        pass
    assert not gc.isenabled()


def test_overlapping_pauses_of_two_threads_resume_when_the_last_ends() -> None:
    entered, release = threading.Event(), threading.Event()

    def other() -> None:
        with collection_paused():
            entered.set()
            release.wait(10)

    thread = threading.Thread(target=other)
    with collection_paused():
        thread.start()
        assert entered.wait(10)
    assert not gc.isenabled()  # the other thread's document is still being cleaned
    release.set()
    thread.join(10)
    assert gc.isenabled()


def test_what_was_made_meanwhile_is_collected_when_the_pause_ends() -> None:
    with collection_paused():
        made = [[] for _ in range(5000)]  # containers the collector tracks
        assert gc.get_count()[0] >= len(made)
    assert gc.get_count()[0] < len(made)
