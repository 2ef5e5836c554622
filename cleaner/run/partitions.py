"""A run's inputs cut into partitions, the tasks of a cluster engine (`cleaner.run.dask_engine`).

A partition is a run of consecutive inputs, so that the outcomes of partitions taken
in order are the outcomes of the inputs in order. A JSON Lines file is a partition of
its own: its records are streamed in batches by the one worker that holds it, which
writes its one output file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cleaner.readers.files import Source

PARTITION_FILES = 64
"""At most this many files in a partition: a task costs the cluster a few milliseconds
(scheduling, sending its sources and outcomes), a WCXB text dump about 10 ms and a page
15-30 ms to clean, so 64 files keep that overhead under one per cent of a partition..."""
PARTITION_BYTES = 32 << 20
"""...and at most this many bytes of input (as stored), so that a partition of big pages
holds a worker for seconds, not minutes..."""
PARTITIONS_PER_WORKER = 8
"""...and at least this many partitions per worker where the files allow, so that workers
that are given unequal partitions still finish close together."""


@dataclass(frozen=True)
class Partition:
    """Consecutive inputs of a run, cleaned (or counted) by one task."""

    index: int
    sources: tuple[Source, ...]

    @property
    def records(self) -> bool:
        """One JSON Lines file, cleaned record by record."""
        return len(self.sources) == 1 and self.sources[0].holds_records

    @property
    def size(self) -> int:
        return sum(_stored(source) for source in self.sources)


def partitions(sources: Sequence[Source], workers: int) -> list[Partition]:
    """`sources` cut into partitions, in their order: each JSON Lines file alone, the files
    between them in runs of `PARTITION_FILES` and `PARTITION_BYTES` at most, smaller when
    that gives each of `workers` fewer than `PARTITIONS_PER_WORKER`."""
    plain = sum(not source.holds_records for source in sources)
    most = max(1, min(PARTITION_FILES, plain // (max(1, workers) * PARTITIONS_PER_WORKER)))
    cut: list[tuple[Source, ...]] = []
    run: list[Source] = []
    held = 0
    for source in sources:
        if source.holds_records:
            if run:
                cut.append(tuple(run))
                run, held = [], 0
            cut.append((source,))
            continue
        size = _stored(source)
        if run and (len(run) >= most or held + size > PARTITION_BYTES):
            cut.append(tuple(run))
            run, held = [], 0
        run.append(source)
        held += size
    if run:
        cut.append(tuple(run))
    return [Partition(index, part) for index, part in enumerate(cut)]


def _stored(source: Source) -> int:
    if source.path is None or source.error:
        return 0
    try:
        return source.path.stat().st_size
    except OSError:
        return 0
