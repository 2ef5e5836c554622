"""--resume: finish what an earlier run into the same report began, and only that.

An input is done when the report's latest line for it (the same input path) records
the sha256 of its bytes as they are now, no error, and an output whose bytes are still
those the line describes. The journal makes that enough: an output appears only by a
rename after its line is written, so a line whose output is there in the bytes it
names describes a finished input; a line a killed run wrote for an output it never
renamed names bytes that are not there, and the input is cleaned again.

A JSON Lines file is reported record by record, and a record's checksum is of its
text, not of the file: so a resumable run (--resume or --shard) notes each JSON Lines
file it finished whole, with the file's and its output's sha256, in a ledger beside
the report (`ledger_path`), after the output replaced its target. A file without a
note (finished by a run that kept no ledger, or cut short) is cleaned again, whole;
the outcome is the same, only slower.

Done inputs are skipped: no new report line, the output left as it is. The learn pass
still counts them (`RunPlan.learn_sources`), so the rest is cleaned with the site
templates of the whole run.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from cleaner.readers.files import stamp
from cleaner.run.shards import MARKER_FOLDER

if TYPE_CHECKING:
    from cleaner.readers.files import Source
    from cleaner.run.options import Options
    from cleaner.run.plan import RunPlan
    from cleaner.run.worker import Outcome

__all__ = ["Finished", "ledger_path", "noting_finished", "split_done"]


class Finished(NamedTuple):
    """What a report line (or a ledger note) says an earlier run made of one input."""

    sha256: str | None
    output: str | None
    output_sha256: str | None
    failed: bool


def ledger_path(report_path: Path) -> Path:
    """`OUT/.cleaner/cleaner-report.finished.jsonl`: the JSON Lines files the report's runs finished whole."""
    return report_path.parent / MARKER_FOLDER / f"{report_path.stem}.finished.jsonl"


def split_done(sources: Sequence[Source], report_path: Path, options: Options) -> tuple[list[Source], list[Source]]:
    """The inputs still to clean, and those an earlier run into `report_path` finished, each in the run's order."""
    assert options.out is not None
    files = _latest(report_path, records=False)
    ledger = _latest(ledger_path(report_path), records=True)
    todo, done = [], []
    for source in sources:
        finished = (ledger if source.holds_records else files).get(source.display)
        target = options.out / source.output_relative
        (done if finished is not None and _still(finished, source, target) else todo).append(source)
    return todo, done


def _still(finished: Finished, source: Source, target: Path) -> bool:
    """Whether the input and its output are still the bytes that `finished` describes."""
    if finished.failed or source.error or source.path is None or finished.output != str(target):
        return False
    return finished.sha256 == file_sha256(source.path) and finished.output_sha256 == file_sha256(target)


def _latest(path: Path, records: bool) -> dict[str, Finished]:
    """Each input's latest line in a report (or ledger); `records`: keep the lines of whole
    files only (a report's lines of JSON Lines records are left out). A last line a killed
    run left unfinished is dropped, as the journal drops it."""
    latest: dict[str, Finished] = {}
    try:
        file = open(path, "rb")  # noqa: SIM115 - closed below
    except FileNotFoundError:
        return latest
    with file:
        for line in file:
            if not line.endswith(b"\n"):
                break
            try:
                record = json.loads(line)
                if not records and record.get("record") is not None:
                    continue
                latest[record["input"]] = Finished(record["sha256"], record["output"], record["output_sha256"], record.get("error") is not None)
            except (ValueError, KeyError, TypeError, AttributeError):
                continue  # not a line this module reads: the input is cleaned again
    return latest


def file_sha256(path: Path) -> str | None:
    """The sha256 of the file's bytes as stored; None when it cannot be read."""
    try:
        with open(path, "rb") as file:
            return hashlib.file_digest(file, "sha256").hexdigest()
    except OSError:
        return None


def noting_finished(source: Source, target: Path, outcomes: Iterator[Outcome], report_path: Path) -> Iterator[Outcome]:
    """A JSON Lines file's outcomes, passed on; once its output replaced `target` with every
    record cleaned, the ledger notes the file finished. The file is hashed before it is
    read, so a note never vouches for bytes other than those cleaned (a file changed
    during the run is cleaned again by the next)."""
    assert source.path is not None
    before, digest = stamp(source.path), file_sha256(source.path)
    failed = False
    for outcome in outcomes:
        failed = failed or outcome.report.failed
        yield outcome
    if failed or digest is None or before is None or stamp(source.path) != before or not target.exists():
        return
    note = {"input": source.display, "output": str(target), "sha256": digest, "output_sha256": file_sha256(target), "error": None}
    ledger = ledger_path(report_path)
    ledger.parent.mkdir(parents=True, exist_ok=True)
    # One write of a whole line: a kill leaves the line whole or cut, and a cut one is not read.
    with open(ledger, "ab", buffering=0) as file:
        file.write((json.dumps(note, ensure_ascii=False) + "\n").encode("utf-8", "backslashreplace"))


def resume_note(plan: RunPlan) -> str | None:
    """How many inputs an earlier run finished, which this one skips."""
    if not plan.options.resume:
        return None
    total = len(plan.sources) + len(plan.done)
    return f"cleaner: resumed: {len(plan.done):,} of {total:,} inputs done already, skipped; {len(plan.sources):,} to clean"
