"""The pipeline order. Reading this list is reading the design: each stage repairs one artefact.

Per-document stages only; each is a pure function of a document (see :mod:`.base`). A stage that
reads an earlier stage's result says so in ``requires``; :func:`selected` refuses a
``stages.skip`` that would leave it without that result. A stage that sets document annotations
names them in ``assigns``; its edit kinds are the registry's (:mod:`pipeline.edit_kinds`), and
a run refuses an output that holds anything else. A stage that reads another stage's config
table (a shared vocabulary) names it in ``reads``. A stage's ``compile_config`` compiles its
config tables; :func:`compile_stages` runs them when the pipeline is built, before the first
document.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..config import Config
from ..errors import ConfigError
from . import (
    boilerplate,
    footnotes,
    hyphenation,
    layout,
    pages,
    quotes,
    structure,
    unicode,
    whitespace,
)
from .base import Context, Requirement, Stage, StageOutput

# What a stage reads of an earlier stage's result; a `stages.skip` that removes it is refused.
JOINED_LINES = Requirement("line-wrap", "it only looks at the hyphens that line-wrap's joins leave")
LINKED_NOTES = Requirement("footnotes", "it gives each quotation the note its marker links")

STAGES: tuple[Stage, ...] = (
    # mojibake, entities, ligatures -> ftfy (which spaces count as such: [whitespace]'s)
    Stage(
        "unicode",
        unicode.repair_unicode,
        reads=("whitespace",),
        compile_config=unicode.compile_config,
    ),
    # CRLF, NBSP, zero-width, trailing spaces
    Stage("whitespace", whitespace.normalise_whitespace, compile_config=whitespace.compile_config),
    # web chrome and photo captions (a letter's salutation and closing protect its furniture)
    Stage(
        "boilerplate",
        boilerplate.remove_boilerplate,
        reads=("structure",),
        compile_config=boilerplate.compile_config,
    ),
    # form feeds, page numbers, running headers
    Stage("page-break", pages.remove_page_furniture, compile_config=pages.compile_config),
    # markers out of the text, bodies moved out and linked (note text joined by the word rule)
    Stage(
        "footnotes",
        footnotes.link_footnotes,
        assigns=("footnotes",),
        reads=("hyphenation",),
        compile_config=footnotes.compile_config,
    ),
    # hard wraps joined into paragraphs (never across a salutation or closing)
    Stage(
        "line-wrap",
        layout.join_wrapped_lines,
        reads=("structure",),
        compile_config=layout.compile_config,
    ),
    # hu-/man -> human
    Stage(
        "hyphenation",
        hyphenation.join_hyphenated_words,
        (JOINED_LINES,),
        compile_config=hyphenation.compile_config,
    ),
    # letter furniture -> metadata and paragraph kinds (a notes heading ends the signatories)
    Stage(
        "structure",
        structure.read_structure,
        assigns=("metadata", "paragraphs"),
        reads=("footnotes",),
        compile_config=structure.compile_config,
    ),
    # quotations, their notes and attributions (abbreviations of [footnotes], names of [sources])
    Stage(
        "quotes",
        quotes.extract_quotes,
        (LINKED_NOTES,),
        assigns=("quotes",),
        reads=("footnotes", "sources"),
        compile_config=quotes.compile_config,
    ),
)

STAGE_IDS: tuple[str, ...] = tuple(stage.id for stage in STAGES)


def selected(config: Config) -> tuple[Stage, ...]:
    """The stages to run under ``config``, in pipeline order."""
    unknown = sorted(set(config.stages.skip) - set(STAGE_IDS))
    if unknown:
        raise ConfigError(
            f"stages.skip names unknown stage {unknown[0]!r} (stages: {', '.join(STAGE_IDS)})"
        )
    chosen = tuple(stage for stage in STAGES if stage.id not in config.stages.skip)
    for stage in chosen:
        for need in stage.requires:
            if need.stage in config.stages.skip:
                raise ConfigError(
                    f"stages.skip leaves out {need.stage!r}, which {stage.id!r} needs"
                    f" ({need.because}): skip {stage.id!r} too, or keep {need.stage!r}"
                )
    return chosen


def compile_stages(
    stages: Sequence[Stage], config: Config, done: Callable[[str], None] | None = None
) -> None:
    """Compile the config tables of ``stages`` (once per configuration and process: a second
    call finds them compiled). Called when the pipeline is built, before its first document;
    ``done(stage_id)`` after each stage that compiles (a run times each as the stage's)."""
    for stage in stages:
        if stage.compile_config is not None:
            stage.compile_config(config)
            if done is not None:
                done(stage.id)


__all__ = [
    "STAGES",
    "STAGE_IDS",
    "Context",
    "Requirement",
    "Stage",
    "StageOutput",
    "compile_stages",
    "selected",
]
