"""The unquoted-reuse scan: the count by key and the join on the roots' keys, shard by shard,
give what looking at every document against every root gives, however the corpus is cut."""

from __future__ import annotations

import itertools
from array import array
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import Config, clean_text
from pipeline.consistency import check_quotes
from pipeline.consistency.reuse import (
    BodyShard,
    Reuse,
    Roots,
    count_documents,
    densest_run,
    find_reuse,
    keys_of,
)
from pipeline.consistency.tokens import keys as shingle_keys
from pipeline.consistency.tokens import text_keys, words_of

SIZE = 2  # shingle size: holes of up to 2 positions keep a run going
CONTAINMENT = 0.6


def packed(keys: list[int]) -> bytes:
    return array("q", keys).tobytes()


def shards(bodies: list[list[int]], cuts: list[int]) -> list[BodyShard]:
    """``bodies`` cut into consecutive shards at the positions ``cuts``."""
    edges = sorted({0, len(bodies), *(c % (len(bodies) + 1) for c in cuts)})
    return [
        BodyShard(start, tuple(packed(b) for b in bodies[start:end]))
        for start, end in itertools.pairwise(edges)
        if end > start
    ]


def roots_for(
    root_keys: list[set[int]],
    counts: Counter[int],
    limit: int,
    quoting: dict[int, frozenset[int]] | None = None,
) -> Roots:
    usable = [{k for k in keys if counts[k] <= limit} for keys in root_keys]
    by_key: dict[int, list[int]] = {}
    for root, keys in enumerate(usable):
        for key in sorted(keys):
            by_key.setdefault(key, []).append(root)
    return Roots(
        {k: tuple(v) for k, v in by_key.items()},
        frozenset(by_key),
        tuple(CONTAINMENT * len(keys) for keys in usable),
        SIZE,
        quoting or {},
    )


def every_pair(
    root_keys: list[set[int]],
    bodies: list[list[int]],
    limit: int,
    quoting: dict[int, frozenset[int]],
) -> set[Reuse]:
    """The definition: every root against every document that does not quote it (``quoting``:
    document -> the roots it quotes), with the keys found in more than ``limit`` documents left
    out."""
    counts = Counter(k for body in bodies for k in set(body))
    found = set()
    for root, keys in enumerate(root_keys):
        wanted = {k for k in keys if counts[k] <= limit}
        for number, body in enumerate(bodies):
            if root in quoting.get(number, ()):
                continue
            positions = [p for p, k in enumerate(body) if k in wanted]
            if not positions:
                continue
            # the longest stretch with no hole wider than SIZE (the first of equals)
            runs: list[list[int]] = [[positions[0]]]
            for p in positions[1:]:
                if p - runs[-1][-1] > SIZE:
                    runs.append([])
                runs[-1].append(p)
            best = max(runs, key=len)
            if len(best) >= CONTAINMENT * len(wanted):
                found.add(Reuse(root, number, best[0], best[-1] + SIZE - 1))
    return found


KEYS = st.integers(0, 12)  # few distinct keys: they recur across roots and documents


@settings(max_examples=300, deadline=None)
@given(
    root_keys=st.lists(st.sets(KEYS, min_size=1, max_size=6), min_size=1, max_size=5),
    bodies=st.lists(st.lists(KEYS, max_size=25), min_size=1, max_size=8),
    cuts=st.lists(st.integers(0, 20), max_size=4),
    limit=st.integers(1, 8),
    quoting=st.dictionaries(st.integers(0, 7), st.frozensets(st.integers(0, 4))),
)
def test_the_scan_finds_what_every_pair_finds(
    root_keys: list[set[int]],
    bodies: list[list[int]],
    cuts: list[int],
    limit: int,
    quoting: dict[int, frozenset[int]],
) -> None:
    wanted = frozenset().union(*root_keys)
    counts: Counter[int] = Counter()
    for shard in shards(bodies, cuts):
        counts.update(count_documents(wanted, shard))
    assert counts == Counter(k for body in bodies for k in set(body) if k in wanted)

    roots = roots_for(root_keys, counts, limit, quoting)
    found = [r for shard in shards(bodies, cuts) for r in find_reuse(roots, shard)]
    assert set(found) == every_pair(root_keys, bodies, limit, quoting)
    assert len(found) == len(set(found))  # each root at most once per document
    assert [r.document for r in found] == sorted(r.document for r in found)
    # the same whatever the cut
    assert found == [r for shard in shards(bodies, []) for r in find_reuse(roots, shard)]


def test_a_reuse_spans_from_its_first_hit_to_the_end_of_its_last_shingle() -> None:
    # root keys 1, 2, 3; the body has them at 4, 5 and (after a hole of 2) 7: one run
    roots = roots_for([{1, 2, 3}], Counter(), limit=5)
    body = [9, 9, 9, 9, 1, 2, 9, 3, 9, 9, 9, 9]
    assert find_reuse(roots, BodyShard(7, (packed(body),))) == [Reuse(0, 7, 4, 8)]
    # too far apart, and each hit alone is less than 60 % of the root's keys
    body = [1, 9, 9, 9, 2, 9, 9, 9, 3]
    assert find_reuse(roots, BodyShard(0, (packed(body),))) == []


def test_a_document_is_not_searched_for_the_roots_it_quotes() -> None:
    body = [1, 2, 3]
    roots = roots_for([{1, 2, 3}, {1, 2, 3}], Counter(), limit=5, quoting={7: frozenset({0})})
    assert find_reuse(roots, BodyShard(7, (packed(body),))) == [Reuse(1, 7, 0, 3)]
    assert find_reuse(roots, BodyShard(6, (packed(body),))) == [
        Reuse(0, 6, 0, 3),
        Reuse(1, 6, 0, 3),
    ]


def test_too_common_keys_do_not_count() -> None:
    counts = Counter({1: 10, 2: 1, 3: 1})
    roots = roots_for([{1, 2, 3}], counts, limit=5)
    assert roots.keys == {2, 3} and roots.needed == (CONTAINMENT * 2,)
    assert find_reuse(roots, BodyShard(0, (packed([2, 3]), packed([1, 1, 1])))) == [
        Reuse(0, 0, 0, 2)
    ]


def test_densest_run() -> None:
    assert densest_run([], 2) == (0, 0, 0)
    assert densest_run([5], 2) == (5, 5, 1)
    assert densest_run([1, 2, 10, 11, 12, 30], 2) == (10, 12, 3)
    assert densest_run([1, 3, 10, 12], 2) == (1, 3, 2)  # the first of equals
    assert densest_run([1, 4], 2) == (1, 1, 1)  # a hole of 3 > 2 breaks the run


def test_keys_round_trip() -> None:
    keys = array("q", [0, -1, 2**63 - 1, -(2**63)])
    assert keys_of(keys.tobytes()) == keys


def test_unquoted_reuse_is_reported_for_distinctive_passages_only() -> None:
    # A common phrase, quoted once, in the body text of most letters: no reuse. A distinctive
    # passage, quoted once and repeated without quotation marks in one other letter: a reuse.
    common = "the situation of human rights in the northern republic of the peninsula"
    rare = "the granary and the mill were carried away by the river in a single night"
    docs = [
        clean_text(f"Dear Sir,\n\nWe wrote that “{common}” and that “{rare}”.\n", id="q"),
        clean_text(f"Dear Sir,\n\nWe recall that {rare}, as you know.\n", id="r"),
    ]
    docs += [
        clean_text(f"Dear Sir,\n\nWe are worried about {common}, letter {i}.\n", id=f"c{i:02}")
        for i in range(15)  # a third of the corpus: common, though under any fixed count of 20
    ]
    report, _ = check_quotes(docs, Config.load().consistency)
    reused = {
        (c["canonical"][:9], m["document"])
        for c in report["clusters"]
        for m in c["members"]
        if m["variant"] == "unquoted"
    }
    assert reused == {("the grana", "r")}
    assert all(len({m["document"] for m in c["members"]}) > 1 for c in report["clusters"])


BODY_PIECES = [
    "The",
    "state’s",
    "[t]he",
    "DPRK's",
    " ",
    "  ",
    "—",
    "“",
    "”",
    ".",
    "\n",
    "camps",
    "é",
]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(BODY_PIECES), max_size=30).map("".join),
    st.lists(st.integers(0, 40), max_size=6),
    st.integers(1, 4),
)
def test_body_keys_are_the_keys_of_the_body_words(text: str, cuts: list[int], size: int) -> None:
    """text_keys, which codes each word as it finds it, gives the keys of the words listed."""
    bounds = sorted({min(cut, len(text)) for cut in cuts} | {0, len(text)})
    spans = list(itertools.pairwise(bounds))[::2]  # every other stretch: gaps between quotes
    words = [word for start, end in spans for word in words_of(text, start, end)]
    assert text_keys(text, spans, size) == shingle_keys(words, size)
