"""The engine's output on every benchmark page is what it was when the reference was written.

tests/data/engine_reference.json holds digests of the clean text and the removals for
each page of ../shared/corpus, each dump style and the HTML page, under both presets
(`python -m benchmarks.engine_reference --write tests/data/engine_reference.json`
rewrites it, for a change meant to alter the output). A change to make the engine faster
must leave every digest as it was.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.corpus import CORPUS
from benchmarks.engine_reference import REFERENCE, differences, fingerprint_corpus

pytestmark = pytest.mark.skipif(not (CORPUS / "ground-truth.json").exists(), reason="../shared/corpus is not beside the project")


@pytest.mark.timeout(600)
def test_every_benchmark_page_cleans_as_in_the_reference() -> None:
    expected = json.loads(REFERENCE.read_text(encoding="utf-8"))
    found = differences(expected, fingerprint_corpus())
    # A differing dump means a dump library changed, not the engine: rewrite the reference.
    assert not found, f"{len(found)} differ:\n" + "\n".join(found[:40])


@pytest.mark.timeout(600)
def test_the_pure_python_twins_clean_every_benchmark_page_as_the_reference() -> None:
    # The native kernels are chosen once per process, so the twins run in a process of their own.
    script = (
        "import json\n"
        "from benchmarks.engine_reference import REFERENCE, differences, fingerprint_corpus\n"
        "print(json.dumps(differences(json.loads(REFERENCE.read_text(encoding='utf-8')), fingerprint_corpus())))\n"
    )
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=root, env={**os.environ, "CLEANER_PURE_PYTHON": "1"}, capture_output=True, text=True, check=True
    )
    found = json.loads(done.stdout)
    assert not found, f"{len(found)} differ:\n" + "\n".join(found[:40])


def test_differences_name_the_page_the_input_and_what_differs() -> None:
    expected = {"p1": {"html default": {"text": "a", "removals": "b"}}, "p2": {"html default": {"text": "c", "removals": "d"}}}
    actual = {"p1": {"html default": {"text": "a", "removals": "x"}}, "p2": {"html default": {"text": "c", "removals": "d"}}}
    assert differences(expected, actual) == ["p1 html default: removals differ"]
