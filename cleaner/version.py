"""The installed distribution's version, for `cleaner --version`.

`importlib.metadata` imports the `email` package to parse a metadata file, about 12 ms
of a `--version` that otherwise takes some 35 ms; the version is one line of the
`.dist-info/METADATA` that the install wrote on the import path, so that line is read
directly. Any other layout (an egg, a zip) is left to `importlib.metadata`.
"""

from __future__ import annotations

import os
import sys

DISTRIBUTION = "scrape-cleaner"
"""The name the package index knows cleaner by; the command and the import package are `cleaner`."""

_FOLDER_PREFIX = DISTRIBUTION.replace("-", "_") + "-"
"""How a `.dist-info` folder of the distribution starts (its name normalised, as installers write it)."""


def installed_version() -> str:
    """The version of the installed distribution; "unknown" in a source tree never installed."""
    for folder in sys.path:
        found = _dist_info_version(folder or os.curdir)
        if found is not None:
            return found
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:
        return "unknown"


def _dist_info_version(folder: str) -> str | None:
    """The `Version:` of the distribution's `.dist-info` in `folder`, as `importlib.metadata` finds it."""
    try:
        names = os.listdir(folder)
    except OSError:  # not a folder (a zip), or gone
        return None
    for name in names:
        if name.endswith(".dist-info") and name.lower().startswith(_FOLDER_PREFIX):
            try:
                with open(os.path.join(folder, name, "METADATA"), encoding="utf-8") as metadata:
                    for line in metadata:
                        if line.startswith("Version:"):
                            return line.removeprefix("Version:").strip()
                        if not line.strip():
                            break  # the headers end at the first blank line
            except OSError:
                continue
    return None
