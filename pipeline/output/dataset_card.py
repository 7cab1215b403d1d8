"""The dataset card and declared features written beside ``corpus.jsonl``.

Dataset tools infer column types from the first records they read: Hugging Face ``datasets``
reads ``corpus.jsonl`` in blocks and fixes each column's type from the first block, so a corpus
whose first few thousand documents have no title, date or addressee (``null``, ``[]``) gets
columns of type *null* and then fails on the first document that has one ("Couldn't cast array
of type string to null"). Empty strings would not help: an empty list is as untyped as ``null``.
So the records keep ``null`` where the schema says a value is absent, and the types are
declared instead, in two forms of the same table:

- ``README.md``: a dataset card whose YAML front matter holds ``dataset_info: features:`` and a
  ``configs`` entry naming ``corpus.jsonl``, as the Hugging Face hub format expects, so that
  ``datasets.load_dataset("OUT")`` loads the corpus with these types;
- ``features.json``: the same features as ``datasets.Features.to_dict()`` writes them, for
  ``load_dataset("json", data_files="OUT/corpus.jsonl", features=Features.from_dict(...))``.

Both are fixed text (no counts, no dates), so they are byte-identical from run to run. They are
derived from one table, :data:`FEATURES`, which must follow ``schemas/corpus-record.schema.json``
(a test checks that every field of the schema is declared, with the right kind).
"""

from __future__ import annotations

import json

# field -> an Arrow type ("string", "date32"), a list of one (a list of such values) or a nested
# table; in the order of a record
Feature = str | list[str] | dict[str, "Feature"]
METADATA: dict[str, Feature] = {
    "title": "string",
    "date": "date32",  # not "string": Arrow reads "2016-12-08" as a timestamp, whose string is
    # "2016-12-08 00:00:00"; as a date it comes back as the day it is
    "place": "string",
    "addressees": ["string"],
    "salutation": "string",
    "closing": "string",
    "signatories": ["string"],
    "kind": "string",
}
FEATURES: dict[str, Feature] = {
    "id": "string",
    "source": "string",
    "text": "string",
    "metadata": METADATA,
}


def _yaml(name: str, feature: Feature, indent: str) -> list[str]:
    head = f"{indent}- name: {name}"
    if isinstance(feature, str):
        return [head, f"{indent}  dtype: {feature}"]
    if isinstance(feature, list):  # "sequence" is read by old and new `datasets` alike
        return [head, f"{indent}  sequence: {feature[0]}"]
    lines = [head, f"{indent}  struct:"]
    for field, inner in feature.items():
        lines += _yaml(field, inner, indent + "  ")
    return lines


def _features_dict(feature: Feature) -> object:
    if isinstance(feature, str):
        return {"dtype": feature, "_type": "Value"}
    if isinstance(feature, list):
        return {"feature": _features_dict(feature[0]), "_type": "Sequence"}
    return {field: _features_dict(inner) for field, inner in feature.items()}


_DUCKDB = {"string": "VARCHAR", "date32": "DATE"}


def _duckdb_type(feature: Feature) -> str:
    if isinstance(feature, str):
        return _DUCKDB[feature]
    if isinstance(feature, list):
        return _duckdb_type(feature[0]) + "[]"
    return "STRUCT(" + ", ".join(f"{f} {_duckdb_type(t)}" for f, t in feature.items()) + ")"


def duckdb_columns() -> str:
    """:data:`FEATURES` as DuckDB's ``read_json(..., columns=...)`` argument. ``read_json_auto``
    samples the first 20,480 records: past a null-only start it types a column ``NULL`` and
    reads every later value as null, silently."""
    pairs = ", ".join(f"'{field}': '{_duckdb_type(t)}'" for field, t in FEATURES.items())
    return "{" + pairs + "}"


def features_json() -> str:
    """``features.json``: :data:`FEATURES` in the ``datasets.Features.to_dict()`` form."""
    return json.dumps(_features_dict(FEATURES), ensure_ascii=False, indent=2) + "\n"


CARD_BODY = """
# Corpus cleaned by coi-pipeline

`corpus.jsonl` holds one JSON object a line, one per document: `id` (the document id, as in
`documents/<id>.json`), `source` (where the text came from: the input file's path as the
document records it in `source.path`), `text` (the cleaned text) and `metadata` (title, date,
place, addressees, salutation, closing, signatories, kind). A metadata value that was not found
is `null` (a list is empty); every column has one type, declared above and in `features.json`.

Load it with the declared types:

```python
from datasets import load_dataset
corpus = load_dataset("OUT", split="train")  # this directory: reads this card
# or, from the file alone:
import json
from datasets import Features
features = Features.from_dict(json.load(open("OUT/features.json")))
corpus = load_dataset("json", data_files="OUT/corpus.jsonl", features=features, split="train")
```

pandas reads it as it is: `pd.read_json("OUT/corpus.jsonl", lines=True)`. DuckDB's
`read_json_auto` guesses types from the first 20,480 records and, when those have no title,
reads every later title as null without a warning; give it the types:

```sql
SELECT * FROM read_json('OUT/corpus.jsonl', columns = {columns});
```
"""


def card() -> str:
    """``README.md``: the dataset card, YAML front matter first."""
    lines = ["---", "dataset_info:", "  features:"]
    for name, feature in FEATURES.items():
        lines += _yaml(name, feature, "  ")
    lines += [
        "configs:",
        "- config_name: default",
        "  data_files:",
        "  - split: train",
        "    path: corpus.jsonl",
        "---",
    ]
    return "\n".join(lines) + "\n" + CARD_BODY.replace("{columns}", duckdb_columns())
