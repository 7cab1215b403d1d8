"""The spill: records kept in a temporary file come back as they went in, by number and in key
order, however adds and reads are interleaved (reads map the file; a later add must be seen)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.machinery.spill import Spill

RECORDS = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(),
    lambda inner: st.lists(inner, max_size=4),
    max_leaves=8,
)
STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.integers(0, 5), RECORDS),
        st.tuples(st.just("get"), st.integers(0, 10**6), st.none()),
    ),
    max_size=60,
)


@settings(max_examples=60, deadline=None)
@given(steps=STEPS, on_disk=st.booleans())
def test_records_come_back_by_number_and_in_key_order(
    steps: list[tuple[str, int, object]], on_disk: bool
) -> None:
    with tempfile.TemporaryDirectory() as directory:
        spill = Spill(Path(directory) if on_disk else None)
        kept: list[tuple[int, object]] = []
        for action, number, record in steps:
            if action == "add":
                assert spill.add(number, record) == len(kept)
                kept.append((number, record))
            elif kept:
                at = number % len(kept)
                assert spill.get(at) == kept[at][1]
        assert len(spill) == len(kept)
        assert list(spill.sorted()) == [r for _, r in sorted(kept, key=lambda kr: kr[0])]
        spill.close()
        if on_disk:
            assert list(Path(directory).iterdir()) == []  # anonymous: nothing left behind
