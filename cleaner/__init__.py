"""cleaner: strip UI boilerplate from scraped web pages and record every removal.

The public names load on first use (PEP 562): `import cleaner`, which every
`cleaner` command runs first, loads no rule, parser or array library.
"""

from __future__ import annotations

from importlib import import_module

TYPE_CHECKING = False
"""`typing.TYPE_CHECKING` without importing typing, 2 ms of `cleaner --version` (type checkers
read the name the same way)."""
if TYPE_CHECKING:
    from typing import Any

    from cleaner.engine.pipeline import Result, clean_html, clean_page, clean_text
    from cleaner.model.document import Block, Document, Removal, Verdict
    from cleaner.model.spans import restore_text
    from cleaner.report.model import ExitCode, FileReport, RunReport, rebuild_original
    from cleaner.rules import default_rules
    from cleaner.run.batch import run_clean
    from cleaner.run.options import Options

_MODULES = {
    "Block": "cleaner.model.document",
    "Document": "cleaner.model.document",
    "ExitCode": "cleaner.report.model",
    "FileReport": "cleaner.report.model",
    "Options": "cleaner.run.options",
    "Removal": "cleaner.model.document",
    "Result": "cleaner.engine.pipeline",
    "RunReport": "cleaner.report.model",
    "Verdict": "cleaner.model.document",
    "clean_html": "cleaner.engine.pipeline",
    "clean_page": "cleaner.engine.pipeline",
    "clean_text": "cleaner.engine.pipeline",
    "default_rules": "cleaner.rules",
    "rebuild_original": "cleaner.report.model",
    "restore_text": "cleaner.model.spans",
    "run_clean": "cleaner.run.batch",
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
