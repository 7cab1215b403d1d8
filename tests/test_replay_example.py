"""The README's replay example, run as written, on inputs a user has: CRLF and CR line ends,
cp1252, UTF-16 with a byte-order mark, UTF-8 with stray cp1252 bytes, a JSONL record, the seeds."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pipeline import InputError, raw_text, run

README = Path(__file__).resolve().parent.parent / "README.md"
LETTER = (
    "Open letter on the résumé of the Commission’s findings\n\n"
    "Dear Minister,\n\nWe write to you about the report of the Commis-\nsion, which found "
    "that “crimes against humanity have been committed”.\n\nYours sincerely,\nThe Coalition\n"
)


def example(document: Path) -> str:
    """The README's example, with its document path replaced by ``document``."""
    block = re.search(r"```python\n(import json\nfrom pipeline import Edit, raw_text.*?)```",
                      README.read_text(encoding="utf-8"), re.S)  # fmt: skip
    assert block, "the README's replay example is gone"
    return re.sub(r'"out/documents/[^"]+"', json.dumps(str(document)), block.group(1))


INPUTS = {
    "crlf.txt": LETTER.replace("\n", "\r\n").encode("utf-8"),
    "cr.txt": LETTER.replace("\n", "\r").encode("utf-8"),
    "legacy.txt": LETTER.replace("’", "'").replace("“", '"').replace("”", '"').encode("cp1252"),
    "wide.txt": LETTER.encode("utf-16"),
    "mixed.txt": LETTER.encode("utf-8").replace("résumé".encode(), "résumé".encode("cp1252")),
}


@pytest.mark.parametrize("name", sorted(INPUTS))
def test_the_readme_example_replays_any_text_file(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path(name).write_bytes(INPUTS[name])
    run([name], "out")
    document = Path("out/documents") / f"{Path(name).stem}.json"
    exec(example(document), {})  # the example asserts the replay
    if name == "mixed.txt":  # the case where the recorded codec alone cannot decode the bytes
        codes = [f["code"] for f in json.loads(document.read_text("utf-8"))["findings"]]
        assert "input.mixed-encoding" in codes


def test_the_readme_example_replays_a_jsonl_record_and_the_seeds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    records = [{"id": "a", "text": LETTER}, {"id": "b", "text": LETTER.replace("\n", "\r\n")}]
    Path("corpus.jsonl").write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    run(["corpus.jsonl"], "out")
    for doc_id in ("a", "b"):
        exec(example(Path("out/documents") / f"{doc_id}.json"), {})
    run([], "seeds-out")  # the embedded seeds: their path is the installed copy's
    for document in sorted(Path("seeds-out/documents").iterdir()):
        exec(example(document), {})


def test_a_changed_input_is_refused_not_misreplayed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("a.txt").write_text(LETTER, encoding="utf-8")
    run(["a.txt"], "out")
    source = json.loads(Path("out/documents/a.json").read_text(encoding="utf-8"))["source"]
    Path("a.txt").write_text(LETTER + "P.S.\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"a\.txt: changed since the run"):
        raw_text(source)


def test_root_says_where_a_relative_path_is_taken_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("a.txt").write_bytes(INPUTS["crlf.txt"])
    run(["a.txt"], "out")
    source = json.loads(Path("out/documents/a.json").read_text(encoding="utf-8"))["source"]
    monkeypatch.chdir(tmp_path.parent)
    with pytest.raises(InputError):
        raw_text(source)
    assert raw_text(source, root=tmp_path) == INPUTS["crlf.txt"].decode("utf-8")
