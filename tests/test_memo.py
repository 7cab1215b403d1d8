"""The run's memo (``Context.memo``): it changes how fast the boilerplate stage reads a line,
never what the stage decides; it stays bounded, and a worker gets an empty one."""

from __future__ import annotations

import pickle

from conftest import SEED_FILES
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import Config
from pipeline.corpus import build_index
from pipeline.document import Document, Source
from pipeline.ledger import Ledger
from pipeline.stages.base import Context, Memo
from pipeline.stages.boilerplate import remove_boilerplate

CONFIG = Config.load()
# Our own page: a menu, a share bar and a credit around two paragraphs, and a second page of the
# same site with the same chrome around other words.
PAGE = """Home | News | Reports | Contact
Skip to main content

The committee wrote to the ministry about the detention of three students last spring.

The ministry has not answered the letter, and the students are still held without charge.

Photo: A march in the capital. © 2021 Reuters
Share this
Related articles
"""
OTHER = PAGE.replace("three students", "two journalists").replace("spring", "winter")


def _doc(text: str, name: str = "d") -> Document:
    return Document(name, Source("-", "", "utf-8"), Ledger(text))


def _proposals(text: str, ctx: Context) -> tuple[object, ...]:
    return remove_boilerplate(_doc(text), ctx).proposals


def test_a_warm_memo_changes_nothing() -> None:
    seeds = [path.read_text("utf-8") for path in SEED_FILES]
    texts = [PAGE, OTHER, *seeds]
    corpus = build_index(texts, CONFIG.boilerplate.min_documents)
    warm = Context(CONFIG, corpus)
    for text in texts:  # every line read once through this memo
        remove_boilerplate(_doc(text), warm)
    assert len(_proposals(PAGE, warm)) >= 3  # the page's chrome is found from the memo too
    for text in reversed(texts):
        assert _proposals(text, warm) == _proposals(text, Context(CONFIG, corpus))


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(PAGE.splitlines() + OTHER.splitlines() + [""]), max_size=20))
def test_a_page_read_after_others_is_read_the_same(lines: list[str]) -> None:
    text = "\n".join(lines) + "\n"
    warm = Context(CONFIG)
    for other in (PAGE, OTHER, text[::-1]):
        remove_boilerplate(_doc(other), warm)
    assert _proposals(text, warm) == _proposals(text, Context(CONFIG))


def test_memo_tables_are_bounded() -> None:
    memo = Memo(limit=3, tables=2)
    table = memo.table("a")
    table.update(dict.fromkeys("wxyz", 0))
    assert memo.table("a") == {}  # past the limit: emptied when next asked for
    memo.table("a")["w"] = 1
    memo.table("b")
    memo.table("c")  # a third table: the others go
    assert memo.table("a") == {}


def test_a_tuple_key_finds_its_table_by_identity_or_by_value() -> None:
    options = ("rules", "of", "a", "stage")
    memo = Memo(limit=3, tables=2)
    memo.table(("stage", options))["line"] = 1
    assert memo.table(("stage", options)) == {"line": 1}  # the very objects: by identity
    assert memo.table(("stage", tuple(list(options)))) == {"line": 1}  # an equal key: by value
    assert memo.table(("stage", ("other", "rules"))) == {}  # another key under the same name
    memo.table(("stage", options))["more"] = 2
    assert memo.table(("stage", options)) == {"line": 1, "more": 2}
    memo.table(("third", 0))  # a third table: the others go, the identity shortcut with them
    assert memo.table(("stage", options)) == {}


def test_a_worker_gets_an_empty_memo() -> None:
    memo = Memo(limit=5)
    memo.table("a")["line"] = 1
    copy = pickle.loads(pickle.dumps(memo))
    assert copy.limit == 5 and copy.table("a") == {}
    ctx = pickle.loads(pickle.dumps(Context(CONFIG, memo=memo)))
    assert ctx.memo.table("a") == {}
