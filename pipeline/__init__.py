"""coi-pipeline: clean text extracted from PDFs and web pages into validated JSON.

The public API is what ``__all__`` lists; everything else may change between releases.

>>> from pipeline import clean_text
>>> doc = clean_text("Democratic People\\u00e2\\u20ac\\u2122s Republic\\r\\n")
>>> doc.text
'Democratic People’s Republic\\n'
>>> [(e.raw, e.clean, e.kind) for e in doc.edits]
[('â€™', '’', 'unicode'), ('\\r\\n', '\\n', 'whitespace')]
"""

from .config import Config
from .consistency.results import Cluster, ClusterMember, Difference, Dispute, ReferenceSpan
from .document import Document, Finding, Metadata, Severity, Source
from .errors import ConfigError, InputError, OutputError, PipelineError
from .hints import Hints
from .ingest import raw_text
from .ledger import Edit, replay
from .output.summary import Summary
from .positions import Location, Placed
from .runtime.runner import (
    RunResult,
    StoredDocuments,
    clean_file,
    clean_text,
    run,
    tool_version,
)

__version__ = tool_version()

__all__ = [
    "Cluster",
    "ClusterMember",
    "Config",
    "ConfigError",
    "Difference",
    "Dispute",
    "Document",
    "Edit",
    "Finding",
    "Hints",
    "InputError",
    "Location",
    "Metadata",
    "OutputError",
    "PipelineError",
    "Placed",
    "ReferenceSpan",
    "RunResult",
    "Severity",
    "Source",
    "StoredDocuments",
    "Summary",
    "__version__",
    "clean_file",
    "clean_text",
    "raw_text",
    "replay",
    "run",
]
