"""Each stage on its catalogue of cases (``cases/*.json``), then properties of a run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SEED_FILES, clean_upto
from hypothesis import given
from hypothesis import strategies as st

from pipeline import Config, clean_text, replay
from pipeline.compiled import COMPILED
from pipeline.document import Document, Source
from pipeline.ledger import Ledger, Proposal
from pipeline.stages import STAGES, Context, Stage, StageOutput, compile_stages
from pipeline.stages.base import ContractBroken

CASES = [
    case
    for path in sorted((Path(__file__).parent / "cases").glob("*.json"))
    for case in json.loads(path.read_text("utf-8"))
]
CONFIG = Config.load()
BY_ID = {stage.id: stage for stage in STAGES}
# The ledger kinds of a stage whose edits are not all of the kind named after it.
EDIT_KINDS = {"footnotes": {"footnote-marker", "footnote-body"}}


def run_stage(stage_id: str, text: str) -> Ledger:
    doc = Document("case", Source("<case>", "0" * 64, "utf-8"), Ledger(text))
    return doc.ledger.apply(BY_ID[stage_id].run(doc, Context(CONFIG)).proposals)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_stage_case(case: dict) -> None:  # type: ignore[type-arg]
    ledger = run_stage(case["stage"], case["input"])
    assert ledger.text == case["output"]
    assert replay(case["input"], ledger.edits) == case["output"]
    assert {e.kind for e in ledger.edits} <= EDIT_KINDS.get(case["stage"], {case["stage"]})
    if "edits" in case:
        assert [[e.raw, e.clean] for e in ledger.edits] == case["edits"]
    assert run_stage(case["stage"], ledger.text).edits == ()


def test_unicode_rules_name_ftfys_plan() -> None:
    ledger = run_stage("unicode", "People\u00e2\u20ac\u2122s")
    assert [e.rule for e in ledger.edits] == ["encode:sloppy-windows-1252+decode:utf-8"]


def test_stages_can_be_skipped_by_config(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('[stages]\nskip = ["unicode"]\n')
    doc = clean_text("People\u00e2\u20ac\u2122s \r\n", config=path)
    assert doc.text == "People\u00e2\u20ac\u2122s\n"


# -- properties of the per-document pipeline -----------------------------------------------------

PIECES = [*"ab .,\n\r\t\f-", "\u00a0", "\u200b", "\u00ad", "\ufeff", "’", "“", "”", "é",
          "\u00e2\u20ac\u2122", "ﬁ", "\u0301", "&amp;", "\x00", "\u202f"]  # fmt: skip
TEXT = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)
# Prose-like text without mojibake: ftfy judges mojibake by its context, and lines joined into a
# paragraph give it a new context, so the whole pipeline is idempotent on text ftfy leaves alone.
PROSE = st.lists(
    st.sampled_from(
        ["Word", "word", " ", "  ", "\n", "\n\n", "\n \n", ".", ",", "“", "”", "’", "é", "-",
         "1", "ii", "\u00a0", "\u200b", "\t", "\r\n", "Dear Sir,", "Sincerely,", "(3)"]
    ),
    max_size=80,
).map("".join)  # fmt: skip


@given(TEXT)
def test_edits_replay_raw_into_text(text: str) -> None:
    doc = clean_text(text)
    assert replay(doc.raw, doc.edits) == doc.text
    assert doc.raw == text


@given(PROSE)
def test_cleaning_clean_text_changes_nothing(text: str) -> None:
    once = clean_text(text).text
    again = clean_text(once)
    assert again.text == once
    assert again.edits == ()


@given(TEXT)
def test_character_repair_is_idempotent_even_on_mojibake(text: str) -> None:
    once = clean_upto(text, "whitespace").text
    again = clean_upto(once, "whitespace")
    assert again.text == once
    assert again.edits == ()


@given(st.text(max_size=80))
def test_any_unicode_text_keeps_the_invariant(text: str) -> None:
    doc = clean_text(text)
    assert replay(doc.raw, doc.edits) == doc.text
    assert all(e.raw_start < e.raw_end or e.clean for e in doc.edits)


@given(TEXT)
def test_cleaning_is_deterministic(text: str) -> None:
    assert clean_text(text).to_json() == clean_text(text).to_json()


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.stem[:3])
def test_seeds_clean_idempotently(seed: Path) -> None:
    once = clean_text(seed.read_text(encoding="utf-8"))
    assert replay(once.raw, once.edits) == once.text
    assert clean_text(once.text).edits == ()


def _checked(output: StageOutput) -> StageOutput:
    """``output`` checked as the hyphenation stage's (it assigns no annotation)."""
    stage = Stage("hyphenation", lambda doc, ctx: output)
    doc = Document("d", Source("-", "", "utf-8"), Ledger("x"))
    return stage.check(stage.run(doc, Context(CONFIG)))


def test_a_stage_that_sets_an_annotation_it_does_not_assign_is_refused() -> None:
    with pytest.raises(ContractBroken, match="'hyphenation' set the annotation 'quotes'"):
        _checked(StageOutput(quotes=()))


def test_a_stage_that_proposes_an_edit_kind_not_its_own_is_refused() -> None:
    with pytest.raises(ContractBroken, match="'hyphenation' proposed an edit of kind 'caption'"):
        _checked(StageOutput((Proposal(0, 1, "", "caption", "pictured"),)))


def test_a_stage_may_propose_its_own_kinds_and_leave_annotations_alone() -> None:
    output = StageOutput((Proposal(0, 1, "", "hyphenation", "join"),))
    assert _checked(output) is output


@pytest.mark.parametrize("stage", [s for s in STAGES if s.assigns], ids=lambda s: s.id)
def test_a_stage_sets_every_annotation_it_assigns(stage: Stage) -> None:
    # (a declaration that promises more than the stage does is as wrong as one that says less;
    # a stage may leave an annotation alone where a document gives it nothing to set)
    before = STAGES[STAGES.index(stage) - 1].id
    set_on_some_seed = set()
    for seed in SEED_FILES:
        doc = clean_upto(seed.read_text(encoding="utf-8"), before)
        output = stage.run(doc, Context(CONFIG))
        set_on_some_seed |= {name for name in stage.assigns if getattr(output, name) is not None}
    assert set_on_some_seed == set(stage.assigns)


class _Recording:
    """A config that notes which of its tables are read."""

    def __init__(self, config: Config) -> None:
        self._config, self.read = config, set()

    def __getattr__(self, table: str) -> object:
        self.read.add(table)
        return getattr(self._config, table)


@pytest.mark.parametrize("stage", STAGES, ids=lambda s: s.id)
def test_a_stage_reads_only_its_own_config_table_and_those_it_declares(stage: Stage) -> None:
    own = stage.id.replace("-", "_")  # Config's field for the stage's table ([page-break])
    config = _Recording(CONFIG)
    at = STAGES.index(stage)
    for seed in SEED_FILES:
        text = seed.read_text(encoding="utf-8")
        doc = clean_upto(text, STAGES[at - 1].id) if at else clean_text(text, config=CONFIG)
        if not at:  # the first stage reads the raw text
            doc = Document(doc.id, doc.source, Ledger(doc.raw))
        stage.run(doc, Context(config))  # type: ignore[arg-type]
    assert config.read <= {own, *(table.replace("-", "_") for table in stage.reads)}
    assert set(stage.reads) <= {table.replace("_", "-") for table in config.read}  # all used


def test_the_stages_compile_their_config_when_the_pipeline_is_built_not_on_documents() -> None:
    """Each stage's ``compile_config`` makes all the compiled config its documents ask for:
    after :func:`~pipeline.stages.compile_stages`, cleaning the seeds and the artefact fixtures
    (letters, web pages, notes, page furniture, mojibake) compiles nothing more."""
    for function in COMPILED:  # (results only: a later test compiles again what it needs)
        function.cache_clear()
    compile_stages(STAGES, CONFIG)
    made = {function: function.cache_info().misses for function in COMPILED}
    assert all(made.values()), [
        f.__module__ + "." + f.__qualname__ for f, n in made.items() if not n
    ]
    texts = [*SEED_FILES, *sorted((Path(__file__).parent / "fixtures" / "artefacts").glob("*.txt"))]
    for path in texts:
        clean_text(path.read_text(encoding="utf-8"), config=CONFIG)
    compiled_later = [
        function.__qualname__
        for function in COMPILED
        if function.cache_info().misses != made[function]
    ]
    assert compiled_later == []


def test_a_stage_run_without_prepare_compiles_on_its_first_document() -> None:
    """The counter-check of the test above: the caches' counts see what a document compiles."""
    from pipeline.stages.boilerplate.rules import compile_rules

    for function in COMPILED:
        function.cache_clear()
    text = SEED_FILES[0].read_text("utf-8")
    doc = Document("d", Source("<seed>", "0" * 64, "utf-8"), Ledger(text))
    BY_ID["boilerplate"].run(doc, Context(CONFIG))
    assert compile_rules.cache_info().misses == 1
