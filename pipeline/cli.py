"""The ``coi-pipeline`` command: argument parsing, exit codes, and one-line errors.

Exit codes: 0 success (no finding at or above ``--fail-on``, or ``check --exit-zero``), 1 findings
at or above ``--fail-on`` (or, for ``validate``, invalid output), 2 bad usage or unusable input.

``run`` and ``check`` print a compact summary on stderr (counts, the worst findings with their
``path:line:col``) unless ``--quiet``. ``--output-format`` chooses what they print on stdout
(:mod:`pipeline.output.formats`): under GitHub Actions (``GITHUB_ACTIONS=true``) ``check``
defaults to ``github``, workflow-command annotations instead of the list of worst findings.
``check`` appends a Markdown summary to ``$GITHUB_STEP_SUMMARY`` when that is set.
``--temp-out`` (what the pre-commit hook passes) writes the outputs to a temporary directory,
removed on exit, unless ``-o/--out`` is given: a hook run never leaves ``./out`` behind.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from .config import MAX_CONFIG_BYTES, Config
from .config_files import discover
from .errors import InputError, OutputError, PipelineError, printable
from .machinery.engines import ENGINES
from .output import baseline
from .output.annotations import (
    counts_text,
    locate_all,
    plural,
    step_summary,
    summary_lines,
)
from .output.emit import validate_dir
from .output.formats import OUTPUT_FORMATS, write_output
from .runtime.runner import FAIL_ON, RunResult, clean_file, run, tool_version
from .selection import PathIgnores, Selection, SelectorError

PROG = "coi-pipeline"


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {number}")
    return number


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Clean PDF/web text extractions into validated JSON and check quotations.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {tool_version()}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, fail_on, summary in (
        ("run", "never", "clean a corpus into OUT (default: the embedded seeds into out/)"),
        ("check", "warning", "like run, but exit 1 on findings at or above warning (for CI)"),
    ):
        sub = commands.add_parser(name, help=summary, description=summary)
        sub.add_argument(
            "paths",
            nargs="*",
            metavar="PATH",
            help="text files, directories of *.txt, or .jsonl files of {id, text}",
        )
        sub.add_argument(
            "-o", "--out", metavar="OUT", help="output directory (default: out, or see --temp-out)"
        )
        sub.add_argument(
            "--temp-out",
            action="store_true",
            help="without -o/--out, write the outputs to a temporary directory removed on exit "
            "(what the pre-commit hook does, so that it leaves no ./out behind)",
        )
        sub.add_argument(
            "--output-format",
            choices=OUTPUT_FORMATS,
            help="what to print on stdout: nothing (text: the summary on stderr only), github "
            "(workflow-command annotations), json (every finding) or sarif (the SARIF log) "
            "(default: github for check under GitHub Actions, else text)",
        )
        _config_arguments(sub)
        sub.add_argument(
            "--reference",
            action="append",
            default=[],
            metavar="FILE",
            help="authoritative source text the quotations are checked against (repeatable)",
        )
        sub.add_argument(
            "--jobs",
            type=_positive,
            metavar="N",
            help="processes (or, with --engine dask and no --scheduler, local dask workers) for "
            "the per-document stages (default: one per core)",
        )
        sub.add_argument(
            "--engine",
            choices=ENGINES,
            default="local",
            help="where the per-document stages run: local processes, or a dask.distributed "
            "cluster (needs the dask extra; default: local)",
        )
        sub.add_argument(
            "--scheduler",
            metavar="ADDRESS",
            help="the dask scheduler to use, e.g. tcp://10.0.0.5:8786 (default: start a local "
            "cluster)",
        )
        sub.add_argument(
            "--source",
            metavar="NAME",
            help="check only the quotations of the source NAME: any id, alias or symbol of the "
            "sources table (COI, 'Commission of Inquiry' and A/HRC/25/63 name the same source)",
        )
        sub.add_argument(
            "--fail-on",
            choices=FAIL_ON,
            default=fail_on,
            help=f"exit 1 on findings at or above this severity (default: {fail_on})",
        )
        sub.add_argument(
            "--baseline",
            metavar="FILE",
            help="findings listed in FILE (see --write-baseline) do not count for the exit "
            "code; OUT keeps them (in findings.sarif as suppressed)",
        )
        sub.add_argument(
            "--write-baseline",
            metavar="FILE",
            help="write every finding of this run to FILE as the baseline of accepted "
            "findings, and exit 0",
        )
        sub.add_argument("--no-progress", action="store_true", help="never show a progress bar")
        sub.add_argument(
            "--quiet",
            action="store_true",
            help="print nothing but errors (and, for check under GitHub Actions, annotations)",
        )
        if name == "check":
            sub.add_argument(
                "--exit-zero",
                action="store_true",
                help="exit 0 whatever the findings (report only); bad input still exits 2",
            )
            for flag, what in (("--select", "count only"), ("--ignore", "do not count")):
                sub.add_argument(
                    flag,
                    type=_selectors,
                    action="extend",
                    default=[],
                    metavar="CODES",
                    help=f"{what} these finding codes or areas for the exit code (comma-"
                    "separated, repeatable: quote, quote.wording-mismatch, ALL); OUT keeps "
                    "every finding",
                )
    summary = "print the cleaned text of one file (- for stdin)"
    sub = commands.add_parser("clean", help=summary, description=summary)
    sub.add_argument("file", metavar="FILE")
    _config_arguments(sub)
    summary = "validate every JSON output in OUT against the schemas (exit 1 if any is invalid)"
    sub = commands.add_parser("validate", help=summary, description=summary)
    sub.add_argument("out", metavar="OUT")
    return parser


def _config_arguments(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "--config",
        metavar="FILE",
        help="TOML file overriding defaults.toml (default: the nearest coi-pipeline.toml, or "
        "pyproject.toml with a [tool.coi-pipeline] table, in this directory or above)",
    )
    sub.add_argument(
        "--isolated", action="store_true", help="read no configuration file: the defaults only"
    )


def _config(args: argparse.Namespace) -> Config:
    """``--config``, else (unless ``--isolated``) the file :mod:`pipeline.config_files` finds."""
    if args.config is not None:
        return _loaded(args.config)
    found = None if args.isolated else discover(Path.cwd(), MAX_CONFIG_BYTES)
    if found is None:
        return Config.load()
    config = _loaded(found[0], table=found[1], found_by="discovery")
    if not getattr(args, "quiet", False) and config.origin is not None:
        table = f" [{config.origin.table}]" if config.origin.table else ""
        _say(f"{PROG}: config from {config.origin.path}{table}")
    return config


def _loaded(path: str | Path, table: str | None = None, found_by: str = "--config") -> Config:
    """:meth:`Config.load`, with what it warns of (a table under its old name) printed as one
    line each, ``--quiet`` or not: the file will need changing."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", FutureWarning)
        config = Config.load(path, table=table, found_by=found_by)
    for warning in caught:
        _say(f"{PROG}: warning: {warning.message}")
    return config


def _selectors(text: str) -> list[str]:
    """``--select``/``--ignore``'s comma-separated selectors, each matching some code."""
    given = [part.strip() for part in text.split(",") if part.strip()]
    try:
        return list(Selection.of(given, ()).select)
    except SelectorError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _run(args: argparse.Namespace) -> int:
    if args.out is None and args.temp_out:
        with tempfile.TemporaryDirectory(prefix="coi-pipeline-") as tmp:
            return _run_into(args, Path(tmp) / "out", temporary=True)
    return _run_into(args, Path(args.out or "out"))


def _output_format(args: argparse.Namespace) -> str:
    if args.output_format:
        return str(args.output_format)
    in_actions = args.command == "check" and os.environ.get("GITHUB_ACTIONS") == "true"
    return "github" if in_actions else "text"


def _run_into(args: argparse.Namespace, out: Path, *, temporary: bool = False) -> int:
    started = time.perf_counter()
    accepted = None if args.baseline is None else baseline.load(args.baseline)
    progress = not (args.no_progress or args.quiet) and sys.stderr.isatty()
    config = _config(args)
    path_ignores = PathIgnores(config.findings.per_path_ignores)
    result = run(
        args.paths,
        out,
        config=config,
        references=args.reference,
        source=args.source,
        jobs=args.jobs,
        engine=args.engine,
        scheduler=args.scheduler,
        progress=progress,
    )
    output_format = _output_format(args)
    tally = result.tally
    if args.write_baseline is not None:
        written = baseline.write(args.write_baseline, result.findings)
    elif accepted is not None or path_ignores.rules:
        comparison = baseline.compare(
            result.findings,
            accepted or frozenset(),
            lambda placed: path_ignores.covers(placed.where.path, placed.finding.code),
        )
        if accepted is not None:
            baseline.mark_suppressed(result.out, accepted, f"in baseline {args.baseline}")
        tally = comparison.new
    if not args.quiet:
        seconds = time.perf_counter() - started
        _report(result, seconds, list_worst=output_format == "text", temporary=temporary)
        if args.write_baseline is not None:
            _say(
                f"{PROG}: wrote {plural(written, 'finding')} to the baseline {args.write_baseline}"
            )
        elif accepted is not None:
            _say(
                f"{PROG}: {comparison.baselined} baselined ({args.baseline}), "
                f"{comparison.fixed} fixed (in the baseline, no longer found), "
                f"{plural(sum(comparison.new.values()), 'new finding')}"
            )
    write_output(
        output_format,
        out=result.out,
        worst=result.worst,
        every=result.findings if output_format == "json" else None,
        totals=result.severities(),
    )
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if args.command == "check" and summary_file:
        _append_summary(Path(summary_file), result)
    if getattr(args, "exit_zero", False) or args.write_baseline is not None:
        return 0
    selection = Selection(tuple(getattr(args, "select", ())), tuple(getattr(args, "ignore", ())))
    return selection.exit_code(tally, args.fail_on)


def _report(
    result: RunResult, seconds: float, *, list_worst: bool, temporary: bool = False
) -> None:
    edits = sum(s.edit_count for s in result.summaries)
    # a temporary OUT is gone when the user reads the line: do not name it as if it stayed
    where = "outputs not kept (--temp-out)" if temporary else f"-> {result.out}/"
    _say(
        f"{PROG}: {plural(len(result.summaries), 'document')}, {plural(edits, 'edit')}, "
        f"{counts_text(result.severities())} {where} ({seconds:.2f} s)"
    )
    total = sum(result.tally.values())
    if list_worst and total:
        for line in summary_lines(locate_all(result.worst), total=total):
            _say(line)


def _append_summary(path: Path, result: RunResult) -> None:
    text = step_summary(len(result.summaries), result.worst, result.tally, result.clusters)
    try:
        with path.open("a", encoding="utf-8") as summary:
            summary.write(text)
    except OSError as error:  # the summary is a courtesy: never fail the check over it
        _say(f"{PROG}: warning: {path}: cannot write the step summary: {error}")


def _clean(args: argparse.Namespace) -> int:
    config = _config(args)
    cleaned = clean_file(args.file, config=config).text  # as `run` reads it: the same checks
    try:
        sys.stdout.write(cleaned)
        sys.stdout.flush()
    except BrokenPipeError:  # `| head`: the reader has all it wanted
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keep Python's exit flush quiet
    except OSError as error:
        raise OutputError(f"cannot write to stdout: {error.strerror or error}") from error
    return 0


def _validate(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if not out.is_dir():
        raise InputError(out, "not a directory" if out.exists() else "no such output directory")
    problems = validate_dir(out)
    for problem in problems:
        _say(problem, sys.stdout)
    if not problems:
        _say(f"{out}: valid")
    return 1 if problems else 0


def _say(line: str, stream: TextIO | None = None) -> None:
    """Print one line (stderr unless ``stream``), whatever the names in it hold."""
    print(printable(line), file=stream or sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit:  # bad usage (2), --help or --version (0): argparse printed it
        return int(exit.code or 0)
    handler = {"run": _run, "check": _run, "clean": _clean, "validate": _validate}[args.command]
    try:
        return handler(args)
    except PipelineError as error:
        _say(f"{PROG}: error: {error}")
        return 2
    except KeyboardInterrupt:
        _say(f"{PROG}: interrupted; output left as it was")
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
