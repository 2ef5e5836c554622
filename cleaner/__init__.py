"""cleaner: strip UI boilerplate from scraped web pages and record every removal."""

from cleaner.batch import Options, run_clean
from cleaner.document import Block, Document, Removal, Verdict
from cleaner.html import clean_html
from cleaner.pipeline import Result, clean_page, clean_text, restore_text
from cleaner.report import ExitCode, FileReport, RunReport, rebuild_original
from cleaner.rules import default_rules

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
