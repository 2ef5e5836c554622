"""cleaner: strip UI boilerplate from scraped web pages and record every removal.

The public names load on first use (PEP 562), so that `import cleaner`, and the
command line before it knows what it will run, pay for no rule, parser or array
library they do not use.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cleaner.batch import Options, run_clean
    from cleaner.document import Block, Document, Removal, Verdict
    from cleaner.html import clean_html
    from cleaner.pipeline import Result, clean_page, clean_text, restore_text
    from cleaner.report import ExitCode, FileReport, RunReport, rebuild_original
    from cleaner.rules import default_rules

_MODULES = {
    "Block": "cleaner.document",
    "Document": "cleaner.document",
    "ExitCode": "cleaner.report",
    "FileReport": "cleaner.report",
    "Options": "cleaner.batch",
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

__all__ = sorted(_MODULES)


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module 'cleaner' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # once found, an ordinary attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
