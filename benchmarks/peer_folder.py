"""Run one of the peers of `benchmarks.peers` over a flat folder, as a user without a
folder mode would: read each file, extract, write the text to OUT.

    python -m benchmarks.peer_folder {justext-lines,c4-lines,justext-html,resiliparse,trafilatura} DIR OUT

`benchmarks/speed.py` times this as a fresh process beside `cleaner clean DIR -o OUT`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from benchmarks import peers

TEXT: dict[str, Callable[[str], str]] = {"justext-lines": peers.justext_lines, "c4-lines": peers.c4_lines}
"""Peers of text dumps: each file read as UTF-8."""
HTML: dict[str, Callable[[bytes], str]] = {
    "justext-html": peers.justext_html,
    "resiliparse": peers.resiliparse_html,
    "trafilatura": peers.trafilatura_html,
}
"""Peers of HTML pages: each file given as bytes."""


def run_folder(method: str, folder: Path, out: Path) -> int:
    """Write `method`'s text of every file of the flat `folder` to `out`; return the file count."""
    out.mkdir(parents=True, exist_ok=True)
    count = 0
    for path in sorted(folder.iterdir()):
        if not path.is_file():
            continue
        data = path.read_bytes()
        text = TEXT[method](data.decode("utf-8", errors="replace")) if method in TEXT else HTML[method](data)
        (out / path.name).with_suffix(".txt").write_text(text, encoding="utf-8")
        count += 1
    return count


if __name__ == "__main__":
    run_folder(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]))
