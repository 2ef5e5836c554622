"""The plain floor of the speed benchmark: read every file of a folder, split it into
lines, find the `\\w+` words of each line, write the result.

    python benchmarks/floor.py DIR OUT

No tool that looks at every line of a page can be faster than this in Python, so
`benchmarks/speed.py` reports cleaner's time as a multiple of it. Standard library
only, so that its start-up is the interpreter's.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

_WORD = re.compile(r"\w+")


def floor_text(text: str) -> str:
    """Each line's words, one line per line: the least work a line filter does."""
    return "\n".join(" ".join(_WORD.findall(line)) for line in text.splitlines())


def floor_folder(folder: Path, out: Path) -> int:
    """Write `floor_text` of every file of the flat `folder` to `out`; return the file count."""
    out.mkdir(parents=True, exist_ok=True)
    count = 0
    for path in sorted(folder.iterdir()):
        if path.is_file():
            text = path.read_bytes().decode("utf-8", errors="replace")
            (out / path.name).with_suffix(".txt").write_text(floor_text(text), encoding="utf-8")
            count += 1
    return count


if __name__ == "__main__":
    floor_folder(Path(sys.argv[1]), Path(sys.argv[2]))
