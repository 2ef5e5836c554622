"""cleaner: strip UI boilerplate from scraped web pages and record every removal.

The public names load on first use (PEP 562): `import cleaner`, which every
`cleaner` command runs first, loads no rule, parser or array library.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cleaner.batch import run_clean
    from cleaner.document import Block, Document, Removal, Verdict
    from cleaner.html import clean_html
    from cleaner.options import Options
    from cleaner.pipeline import Result, clean_page, clean_text, restore_text
    from cleaner.report import ExitCode, FileReport, RunReport, rebuild_original
    from cleaner.rules import default_rules

_MODULES = {
    "Block": "cleaner.document",
    "Document": "cleaner.document",
    "ExitCode": "cleaner.report",
    "FileReport": "cleaner.report",
    "Options": "cleaner.options",
    "Removal": "cleaner.document",
    "Result": "cleaner.pipeline",
    "RunReport": "cleaner.report",
    "Verdict": "cleaner.document",
    "clean_html": "cleaner.html",
    "clean_page": "cleaner.pipeline",
    "clean_text": "cleaner.pipeline",
    "default_rules": "cleaner.rules",
    "rebuild_original": "cleaner.report",
    "restore_text": "cleaner.pipeline",
    "run_clean": "cleaner.batch",
}
"""Where each public name lives."""

__all__ = [
    "Block",
    "Document",
    "ExitCode",
    "FileReport",
    "Options",
    "Removal",
    "Result",
    "RunReport",
    "Verdict",
    "clean_html",
    "clean_page",
    "clean_text",
    "default_rules",
    "rebuild_original",
    "restore_text",
    "run_clean",
]


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module 'cleaner' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # once found, an ordinary attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
