"""Where cleaner's output of a sample differs from its reviewed expected text, said in one short line.

The xfail reasons of tests/test_samples.py are made by these functions; after a rule
changes, regenerate them with `python -m tests.sample_differences` and paste the two
tables it prints over the old ones.
"""

from __future__ import annotations

import difflib
import json
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from cleaner.engine.pipeline import clean_text
from cleaner.model.document import Removal
from cleaner.run.batch import Options, run_clean

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
DUMPS = sorted([*SAMPLES.glob("*.txt"), *SAMPLES.glob("pages/*.html")])
"""Text dumps at the top; HTML pages in pages/."""
SHOWN = 40
"""Characters of a line quoted in a reason; longer lines are cut with an ellipsis."""


def expected_path(dump: Path) -> Path:
    """The reviewed text a careful reader keeps from `dump`."""
    return SAMPLES / "expected" / f"{dump.stem}.expected"


def clean_alone(dump: Path, out: Path) -> bytes:
    """What `cleaner clean` writes for `dump` run on its own, so that it is a site by itself."""
    report = run_clean([str(dump)], Options(out=out), report_path=out / "report.jsonl")
    assert report.failed == [], report.failed
    return (out / dump.with_suffix(".txt").name).read_bytes()


def _quote(line: str, width: int = SHOWN) -> str:
    line = line.strip()
    return repr(line if len(line) <= width else line[: width - 1] + "…")


def _listed(verb: str, runs: Sequence[Sequence[tuple[int, str]]]) -> str:
    """`verb` and the lines of each run: joined by " / ", or a long run as its first and last line."""
    said, blanks = [], 0
    for run in runs:
        lines = [(number, text) for number, text in run if text.strip()]
        blanks += len(run) - len(lines)
        if len(lines) == 1:
            said.append(f"{_quote(lines[0][1])} (line {lines[0][0]})")
        elif lines:
            joined = " / ".join(text.strip() for _, text in lines)
            shown = _quote(joined, 2 * SHOWN) if len(joined) <= 2 * SHOWN else f"{_quote(lines[0][1])} … {_quote(lines[-1][1])}"
            said.append(f"{shown} (lines {lines[0][0]}-{lines[-1][0]})")
    if blanks:
        said.append(f"{blanks} blank line{'s' if blanks > 1 else ''}")
    return f"{verb} " + ", ".join(said)


def describe_differences(output: str, expected: str) -> str:
    """'keeps X (line n of the output), ...; drops Y (line m of the expected text), ...'; '' when equal.

    Blank lines are only counted; changed lines in a row are joined with " / ", and a
    long block of them is named by its first and last line.
    """
    if output == expected:
        return ""
    got, want = output.splitlines(keepends=True), expected.splitlines(keepends=True)
    kept: list[list[tuple[int, str]]] = []
    dropped: list[list[tuple[int, str]]] = []
    matcher = difflib.SequenceMatcher(None, got, want, autojunk=False)
    for tag, got_from, got_to, want_from, want_to in matcher.get_opcodes():
        if tag in ("replace", "delete"):
            kept.append([(n + 1, got[n]) for n in range(got_from, got_to)])
        if tag in ("replace", "insert"):
            dropped.append([(n + 1, want[n]) for n in range(want_from, want_to)])
    parts = [_listed("keeps", kept)] if kept else []
    parts += [_listed("drops", dropped)] if dropped else []
    return "; ".join(parts) or "differs only in line endings"


def describe_removals(removals: Iterable[Removal]) -> str:
    """'removes X (line n, CODE), ...' for removals from an expected text that should have none."""
    return "removes " + ", ".join(
        f"{_quote(r.text) if r.text.strip() else 'whitespace'} (line {r.line}, {r.code})" for r in removals
    )


def output_differences() -> dict[str, str]:
    """Each sample whose output differs from its expected text, with what differs."""
    found = {}
    with tempfile.TemporaryDirectory() as folder:
        for dump in DUMPS:
            output = clean_alone(dump, Path(folder) / dump.stem).decode("utf-8")
            described = describe_differences(output, expected_path(dump).read_bytes().decode("utf-8"))
            if described:
                found[dump.stem] = described
    return found


def expected_text_removals() -> dict[str, str]:
    """Each sample whose expected text still loses something when cleaned again."""
    found = {}
    for dump in DUMPS:
        expected = expected_path(dump).read_bytes().decode("utf-8")
        removals = clean_text(expected).removals
        if removals:
            found[dump.stem] = describe_removals(removals)
    return found


def _table(name: str, table: dict[str, str]) -> str:
    """`table` as Python source; a JSON string without control characters is a Python literal too."""
    rows = "".join(f"    {json.dumps(stem)}: {json.dumps(reason, ensure_ascii=False)},\n" for stem, reason in table.items())
    return f"{name} = {{\n{rows}}}"


if __name__ == "__main__":
    print(_table("WRONG_OUTPUT", output_differences()))
    print(_table("EXPECTED_TEXT_LOSES", expected_text_removals()))
