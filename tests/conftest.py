"""Fixtures shared by the command-line tests."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run the test in its own folder, so that no report ever lands in the repository.

    The command-line test files use it for every test (`pytestmark`)."""
    monkeypatch.chdir(tmp_path)
    return tmp_path
