"""A run's slice of its inputs (`--shard I/N`): N copies of one command, each on its own
machine or job, clean every input exactly once between them.

An input belongs to shard `sha256(its path as found) mod N`, the path taken relative to
the argument that named it (a named file: its name). Each input's shard is its own,
whatever else the listing holds: two copies whose listings differ (a folder still being
written, one machine's mount further along) still never clean one input twice or leave
one out for a reason that has to do with another file. Numbering by the inputs' places
in the listing would balance the shards a little better, but a single file added or
left out would move every input after it to another shard. The path is hashed as found,
not as absolute, so that copies with the folder mounted in different places agree.

A shard of a run that writes has its own report (`shard_report_name`), since N copies
cannot share one locked report, and when it ends with every input of its slice done, a
completion marker (`write_marker`) that a job runner can test before starting it again.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cleaner.readers.excludes import REPORT_NAME

if TYPE_CHECKING:
    from cleaner.readers.files import Source
    from cleaner.report.model import RunReport
    from cleaner.run.plan import RunPlan

__all__ = ["MARKER_FOLDER", "Shard", "ShardError", "clear_marker", "marker_path", "parse_shard", "shard_of", "shard_report_name", "shard_sources", "write_marker"]

SLURM = "slurm"
"""`--shard slurm`: the shard is this task's place in a Slurm job array."""
MARKER_FOLDER = ".cleaner"
"""Beside the report: the shards' completion markers (hidden, so a folder walk of OUT leaves it out)."""


class ShardError(ValueError):
    """A --shard that names no shard; the message is one line."""


@dataclass(frozen=True)
class Shard:
    """Shard `index` of `count`, numbered from 1 as `split -n l/K/N` numbers its chunks."""

    index: int
    count: int

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"

    @property
    def name(self) -> str:
        """`shard-03-of-16`: zero-padded to the width of `count`, so that the shards' files sort."""
        return f"shard-{self.index:0{len(str(self.count))}d}-of-{self.count}"

    def holds(self, source: Source) -> bool:
        return shard_of(source, self.count) == self.index


def parse_shard(text: str, environ: Mapping[str, str] = os.environ) -> Shard:
    """`I/N` (1 <= I <= N), or `slurm` for the job array task's place in its array."""
    if text.strip().lower() == SLURM:
        return slurm_shard(environ)
    index, slash, count = text.partition("/")
    if not slash or not index.strip().isdigit() or not count.strip().isdigit():
        raise ShardError(f"--shard {text!r}: give I/N, as 3/16 (shard 3 of 16), or slurm")
    return _checked(int(index), int(count), f"--shard {text}")


def slurm_shard(environ: Mapping[str, str]) -> Shard:
    """The shard of this Slurm array task: its ID's place among the array's (arrays may
    start at 0 or 1, and step: `--array=0-30:2`), out of the array's task count."""
    names = ("SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_COUNT")
    missing = [name for name in names if not environ.get(name, "").strip()]
    if missing:
        raise ShardError(f"--shard slurm: {', '.join(missing)} not set; run it in a Slurm job array (sbatch --array=1-16), or give --shard I/N")
    try:
        task, first, count = (int(environ[name]) for name in names)
        step = int(environ.get("SLURM_ARRAY_TASK_STEP") or 1)
    except ValueError:
        raise ShardError("--shard slurm: SLURM_ARRAY_TASK_ID, _MIN, _COUNT and _STEP must be whole numbers") from None
    if step < 1 or (task - first) % step:
        raise ShardError(f"--shard slurm: task {task} is not in an array from {first} by steps of {step}; give --shard I/N")
    return _checked((task - first) // step + 1, count, f"--shard slurm (task {task} of an array from {first}, {count} tasks)")


def _checked(index: int, count: int, asked: str) -> Shard:
    if count < 1:
        raise ShardError(f"{asked}: the number of shards must be at least 1")
    if not 1 <= index <= count:
        raise ShardError(f"{asked}: shards are numbered 1 to {count}")
    return Shard(index, count)


def shard_of(source: Source, count: int) -> int:
    """The shard (1 to `count`) that cleans `source`: its path below the argument that named it, hashed."""
    key = os.fsencode(source.relative.as_posix())
    return int.from_bytes(hashlib.sha256(key).digest()[:8], "big") % count + 1


def shard_sources(sources: Sequence[Source], shard: Shard) -> list[Source]:
    """The inputs `shard` cleans, in the run's order; standard input cannot be shared out."""
    if any(source.is_stdin for source in sources):
        raise ShardError("--shard slices files and folders; standard input cannot be sharded")
    return [source for source in sources if shard.holds(source)]


def shard_report_name(shard: Shard) -> str:
    """`cleaner-report.shard-03-of-16.jsonl`: the report a shard writes unless --report names one."""
    stem, _, suffix = REPORT_NAME.rpartition(".")
    return f"{stem}.{shard.name}.{suffix}"


def marker_path(report_path: Path, shard: Shard) -> Path:
    """`OUT/.cleaner/shard-03-of-16.done`, in the folder of the shard's report."""
    return report_path.parent / MARKER_FOLDER / f"{shard.name}.done"


def clear_marker(report_path: Path, shard: Shard) -> None:
    """Remove the shard's marker before it cleans again: a run cut short must not leave an
    earlier run's word that the shard is done."""
    marker_path(report_path, shard).unlink(missing_ok=True)


def write_marker(plan: RunPlan, result: RunReport) -> Path | None:
    """Say atomically that the shard is done, if it is: every input of its slice cleaned or
    found done, none failed, the run not interrupted. Returns the marker written, or None."""
    shard, report_path = plan.options.shard, plan.report_path
    if shard is None or report_path is None or result.failed or result.interrupted:
        return None
    from cleaner.run.output import write_atomic
    from cleaner.version import installed_version

    marker = marker_path(report_path, shard)
    marker.parent.mkdir(parents=True, exist_ok=True)
    record = {
        "shard": str(shard),
        "inputs": len(plan.sources) + len(plan.done),
        "cleaned": len(plan.sources),
        "done_before": len(plan.done),
        "documents": result.documents,
        "changed": result.changed,
        "counts": result.counts(),
        "report": report_path.name,
        "options": _options(plan),
        "cleaner": installed_version(),
    }
    write_atomic(marker, (json.dumps(record, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    return marker


def _options(plan: RunPlan) -> dict[str, object]:
    """What a shard's outputs depend on besides its inputs, for whoever compares two runs' markers."""
    options = plan.options
    rules = options.rules
    return {
        "preset": options.preset.value,
        "rules": [rule.code for rule in rules] if rules is not None else None,
        "site_templates": "profile" if plan.model is not None else "learned" if options.template is not None else "off",
        "keep_structure": options.keep_structure,
        "reflow": options.reflow,
        "encoding": options.encoding,
        "fields": [options.fields.text, options.fields.html, options.fields.url, options.fields.id],
        "keep": bool(options.keep.patterns or options.keep.selectors),
    }


def shard_note(plan: RunPlan) -> str | None:
    """--verbose: which slice this shard cleans, and why it reads more than that."""
    shard = plan.options.shard
    if shard is None:
        return None
    learned = plan.learn_sources if plan.learn_sources is not None else plan.sources + plan.done
    note = f"cleaner: shard {shard}: {len(plan.sources) + len(plan.done):,} of {len(learned):,} inputs"
    if plan.learns:
        note += f"; the learn pass reads all {len(learned):,}, so that site templates are those of the whole run"
    return note
