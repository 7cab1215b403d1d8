"""The ``coi-pipeline`` command: argument parsing, exit codes, and one-line errors.

Exit codes: 0 success (no finding at or above ``--fail-on``), 1 findings at or above ``--fail-on``
(or, for ``validate``, invalid output), 2 bad usage or unusable input.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from .config import Config
from .emit import validate_dir
from .errors import InputError, PipelineError
from .ingest import decode
from .runner import FAIL_ON, clean_text, run, tool_version

PROG = "coi-pipeline"


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
            "-o", "--out", default="out", metavar="OUT", help="output directory (default: out)"
        )
        sub.add_argument("--config", metavar="FILE", help="TOML file overriding defaults.toml")
        sub.add_argument(
            "--reference",
            action="append",
            default=[],
            metavar="FILE",
            help="authoritative source text the quotations are checked against (repeatable)",
        )
        sub.add_argument(
            "--source",
            metavar="NAME",
            help="check only quotations attributed to NAME (e.g. A/HRC/25/63)",
        )
        sub.add_argument(
            "--fail-on",
            choices=FAIL_ON,
            default=fail_on,
            help=f"exit 1 on findings at or above this severity (default: {fail_on})",
        )
        sub.add_argument("--no-progress", action="store_true", help="never show a progress bar")
        sub.add_argument("--quiet", action="store_true", help="print nothing but errors")
    sub = commands.add_parser("clean", help="print the cleaned text of one file (- for stdin)")
    sub.add_argument("file", metavar="FILE")
    sub.add_argument("--config", metavar="FILE", help="TOML file overriding defaults.toml")
    sub = commands.add_parser(
        "validate", help="validate every JSON output in OUT against the schemas"
    )
    sub.add_argument("out", metavar="OUT")
    return parser


def _run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    progress = not (args.no_progress or args.quiet) and sys.stderr.isatty()
    result = run(
        args.paths,
        args.out,
        config=args.config,
        references=args.reference,
        source=args.source,
        progress=progress,
    )
    if not args.quiet:
        edits = sum(len(doc.edits) for doc in result.documents)
        severities = Counter(f.severity.value for _, f in result.findings)
        found = ", ".join(f"{n} {s}" for s, n in sorted(severities.items())) or "no findings"
        print(
            f"{PROG}: {len(result.documents)} documents, {edits} edits, {found} -> {result.out}/ "
            f"({time.perf_counter() - started:.2f} s)",
            file=sys.stderr,
        )
    return result.exit_code(args.fail_on)


def _clean(args: argparse.Namespace) -> int:
    config = Config.load(args.config)
    if args.file == "-":
        data, name = sys.stdin.buffer.read(), "<stdin>"
    else:
        name = args.file
        try:
            data = Path(args.file).read_bytes()
        except OSError as error:
            raise InputError(args.file, f"cannot read: {error.strerror or error}") from error
    text, _ = decode(data, name, config.input)
    sys.stdout.write(clean_text(text, config=config, id=Path(name).stem or "stdin").text)
    return 0


def _validate(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if not out.is_dir():
        raise InputError(out, "no such output directory")
    problems = validate_dir(out)
    for problem in problems:
        print(problem)
    if not problems:
        print(f"{out}: valid", file=sys.stderr)
    return 1 if problems else 0


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
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted; output left as it was", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
