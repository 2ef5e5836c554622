"""Time and peak memory of `cleaner clean` on one very large HTML page.

    python -m benchmarks.big_pages [--sizes 10 100] [--write docs/benchmarks.md]

Each size (in MB) is run on three made-up pages: one of ordinary article paragraphs
(all of it main content, so every line reaches the line rules), one of a short
article and a huge inline script (dropped at parse time), and one whose text is a
single node (refused as over --max-line-chars). Each run is a fresh `cleaner clean`
process; the time is its wall time and the memory its peak resident set.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.quality import command_line, machine, publish

HEADING = "## Very large HTML pages"
MB = 1024 * 1024
_PARAGRAPH = (
    "<p>The council met again on {n} Tuesday evening, and the members, who had argued for weeks, "
    "agreed at last on the budget for the coming year, the chair said.</p>\n"
)
_ARTICLE = "<article><h1>Budget agreed</h1>" + _PARAGRAPH.format(n=1) * 3 + "</article>"


def make_page(kind: str, size: int) -> bytes:
    head = b"<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>"
    if kind == "paragraphs":
        parts, total, n = [], 0, 0
        while total < size:
            paragraph = _PARAGRAPH.format(n=n)
            parts.append(paragraph)
            total += len(paragraph)
            n += 1
        return head + b"<article>" + "".join(parts).encode() + b"</article></body></html>"
    if kind == "script":
        return head + b"<script>var data = '" + b"x" * size + b"';</script>" + _ARTICLE.encode() + b"</body></html>"
    return head + b"<p>" + b"word " * (size // 5) + b"</p></body></html>"


def measure(kind: str, megabytes: int) -> tuple[float, float, int]:
    """Wall seconds, peak resident MB and exit code of one `cleaner clean` run."""
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "pages" / "big.html"
        page.parent.mkdir()
        page.write_bytes(make_page(kind, megabytes * MB))
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "cleaner", "clean", str(page.parent), "-o", str(Path(folder) / "out"), "--quiet"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # wait4 gives this child's own peak memory (KiB on Linux).
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
    return seconds, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100], help="Page sizes in MB.")
    parser.add_argument("--write", type=Path)
    args = parser.parse_args(argv)
    command = command_line("benchmarks.big_pages", argv)
    lines = [
        HEADING,
        "",
        f"Command: `{command}`  ",
        f"Machine: {machine()}; one `cleaner clean` process per page.",
        "",
        "| page | MB | seconds | peak MB | exit |",
        "| --- | --- | --- | --- | --- |",
    ]
    for kind in ("script", "single text node", "paragraphs"):
        for size in args.sizes:
            seconds, peak, code = measure(kind, size)
            lines.append(f"| {kind} | {size} | {seconds:.1f} | {peak:,.0f} | {code} |")
            print(lines[-1], flush=True)
    text = "\n".join(lines) + "\n"
    publish(text, args.write, HEADING)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
