"""``report.html`` in a real browser: headless Chromium renders the seeds' report, dumps the DOM
it built and takes a screenshot; a document carrying ``<script>`` renders it as text.

Needs Chromium (Debian: ``apt-get install chromium``; ``.ci/run`` installs it). Without it these
tests are skipped — except in CI (``CI=true``), where a missing browser is a failure: the
browser test must really run there.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pipeline import run

TIMEOUT = 60  # seconds per browser run
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    # No network here (and none wanted): keep Chromium from trying to reach anything.
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def chromium() -> str:
    found = shutil.which("chromium") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
    )
    if found is None:
        reason = "chromium not found (Debian: apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; CI must run the browser test")
        pytest.skip(reason)
    return found


def browse(chromium: str, page: Path, tmp: Path, *action: str) -> str:
    """Run headless Chromium on ``page`` with a fresh profile; its stdout."""
    profile = tmp / f"profile-{len(list(tmp.glob('profile-*')))}"
    profile.mkdir()
    done = subprocess.run(
        [chromium, *FLAGS, f"--user-data-dir={profile}", *action, page.resolve().as_uri()],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


class Dom(HTMLParser):
    """What a test needs of a DOM: the tags present and the text inside some of them."""

    WATCHED = ("ins", "del", "mark", "h3", "blockquote")

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: defaultdict[str, int] = defaultdict(int)
        self.classes: defaultdict[str, list[str]] = defaultdict(list)  # badge class -> texts
        self.text: defaultdict[str, list[str]] = defaultdict(list)  # watched tag -> texts
        self.all_text: list[str] = []
        self._open: list[tuple[str, str]] = []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        css = dict(attrs).get("class") or ""
        if tag in self.WATCHED or "badge" in css:
            self._open.append((tag, css))
            self.text[tag].append("")
            self.classes[css].append("")

    def handle_endtag(self, tag: str) -> None:
        if self._open and self._open[-1][0] == tag:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        self.all_text.append(data)
        for tag, css in self._open:
            self.text[tag][-1] += data
            self.classes[css][-1] += data


@pytest.fixture(scope="module")
def seeds_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seeds") / "out"
    run(out=out)
    return out / "report.html"


def test_seeds_report_renders_clusters_and_differences(
    chromium: str, seeds_report: Path, tmp_path: Path
) -> None:
    dom = Dom(browse(chromium, seeds_report, tmp_path, "--dump-dom"))
    assert [h for h in dom.text["h3"] if h.startswith("Cluster")] == [
        "Cluster 1",
        "Cluster 2",
        "Cluster 3",
    ]
    canonicals = " ".join(dom.text["blockquote"])
    assert "does not have any parallel in the contemporary world" in canonicals
    assert "systematic, widespread and gross human rights violations" in canonicals
    assert "extermination, murder, enslavement" in canonicals
    assert "without" in dom.text["ins"]  # 004's wording variant
    assert "any" in dom.text["del"]
    assert "state" in dom.text["ins"]  # 001's case variant
    variants = {text for css, texts in dom.classes.items() if " v-" in css for text in texts}
    assert variants == {"identical", "editorial", "case", "wording", "unquoted"}
    assert dom.tags["script"] == 0


def test_seeds_report_screenshot(chromium: str, seeds_report: Path, tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    browse(chromium, seeds_report, tmp_path, f"--screenshot={shot}", "--window-size=1280,2000")
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk
    assert (width, height) == (1280, 2000)
    assert len(data) > 50_000  # a blank page compresses to a few kilobytes


def test_script_in_a_document_renders_as_text(chromium: str, tmp_path: Path) -> None:
    quote = (
        f"the gravity, scale and nature of {SCRIPT} these violations reveal a State that does "
        "not have any parallel in the contemporary world"
    )
    for name in ("a", "b"):
        (tmp_path / f"{name}.txt").write_text(
            f"Dear Sir,\n\n{SCRIPT} The Commission of Inquiry found that “{quote}.”\n\n"
            "Sincerely,\n",
            encoding="utf-8",
        )
    out = tmp_path / "out"
    result = run([tmp_path / "a.txt", tmp_path / "b.txt"], out)
    assert result.quote_report["clusters"], "the quotation should form a cluster"
    markup = browse(chromium, out / "report.html", tmp_path, "--dump-dom")
    dom = Dom(markup)
    assert dom.tags["script"] == 0  # no <script> element was created …
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup  # … the text is shown instead
    assert any(SCRIPT in text for text in dom.text["blockquote"])  # in the cluster's canonical
    assert sum(SCRIPT in text for text in dom.all_text) >= 3  # and in the documents' text
