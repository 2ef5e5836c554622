"""Settings from `cleaner.toml` or `[tool.cleaner]`: which rules run, with which thresholds, on which files."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cleaner.engine.keep import KeepError, KeepList
from cleaner.readers.excludes import DEFAULT_EXCLUDE, FileFilter
from cleaner.text import kind_of

OUTPUT_FORMATS = ("concise", "full", "json", "jsonl", "github", "text")
_LISTS = ("select", "ignore", "extend-select", "include", "exclude", "extend-exclude", "keep", "keep-selectors")
_KEYS = (*_LISTS, "force-exclude", "output-format", "rules")


class ConfigError(Exception):
    """A configuration the run cannot use; the message is one line naming the file and the cause."""


@dataclass(frozen=True)
class Settings:
    """What a config file or the command line asks for; None and () mean "not set"."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    rules: Mapping[str, Mapping[str, object]] = field(default_factory=dict)
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] | None = None
    """Replaces the default excludes when set (ruff's `exclude`)."""
    extend_exclude: tuple[str, ...] = ()
    force_exclude: bool | None = None
    output_format: str | None = None
    keep: tuple[str, ...] = ()
    """Keep patterns (`cleaner.engine.keep`): the command line's add to the file's."""
    keep_selectors: tuple[str, ...] = ()
    path: Path | None = None
    _cli_selectors: frozenset[str] = field(default=frozenset(), repr=False, compare=False)
    """Selectors that came from the command line, so an error about them does not blame the file."""

    def merged(self, cli: Settings) -> Settings:
        """These file settings with the command line's on top: set values win, lists of ignores add up."""
        rules = {key: dict(options) for key, options in self.rules.items()}
        for key, options in cli.rules.items():
            rules[key] = {**rules.get(key, {}), **options}
        return Settings(
            select=cli.select if cli.select is not None else self.select,
            ignore=self.ignore + cli.ignore,
            extend_select=self.extend_select + cli.extend_select,
            rules=rules,
            include=cli.include or self.include,
            exclude=cli.exclude if cli.exclude is not None else self.exclude,
            extend_exclude=self.extend_exclude + cli.extend_exclude,
            force_exclude=cli.force_exclude if cli.force_exclude is not None else self.force_exclude,
            output_format=cli.output_format if cli.output_format is not None else self.output_format,
            keep=self.keep + cli.keep,
            keep_selectors=self.keep_selectors + cli.keep_selectors,
            path=self.path,
            _cli_selectors=frozenset((*(cli.select or ()), *cli.ignore, *cli.extend_select, *cli.keep, *cli.keep_selectors)),
        )

    def keep_list(self) -> KeepList:
        """The keep patterns and selectors, compiled once for the run; an unusable one is a ConfigError."""
        try:
            return KeepList(self.keep, self.keep_selectors)
        except KeepError as error:
            raise ConfigError(f"{self.where(error.entry)}{error}") from None

    def file_filter(self) -> FileFilter:
        """Which files a run reads: `exclude` (else the default excludes) plus `extend-exclude`,
        `include` and `force-exclude`; patterns with a `/` may be relative to the config file's folder."""
        exclude = self.exclude if self.exclude is not None else DEFAULT_EXCLUDE
        root = self.path.parent if self.path is not None else None
        return FileFilter(self.include, (*exclude, *self.extend_exclude), bool(self.force_exclude), root)

    def where(self, selector: str | None = None) -> str:
        """The `file: ` prefix of an error, empty when the culprit came from the command line."""
        return "" if self.path is None or selector in self._cli_selectors else f"{self.path}: "


def find_config(start: Path) -> Path | None:
    """The nearest `cleaner.toml`, or `pyproject.toml` with `[tool.cleaner]`, in `start` or a folder above."""
    found = _locate(start)
    return found[0] if found is not None else None


def _locate(start: Path) -> tuple[Path, dict[str, Any] | None] | None:
    """`find_config`'s answer, with the document of a pyproject.toml it parsed to decide (None
    for a cleaner.toml, which it only saw, or a broken file), so that it is read only once."""
    start = start.resolve()
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        if (candidate / "cleaner.toml").is_file():
            return candidate / "cleaner.toml", None
        if (candidate / "pyproject.toml").is_file():
            configures, document = _configuring(candidate / "pyproject.toml")
            if configures:
                return candidate / "pyproject.toml", document
    return None


def _configuring(pyproject: Path) -> tuple[bool, dict[str, Any] | None]:
    """Whether the file has a `[tool.cleaner]` table, and its document when it parses."""
    try:
        text = pyproject.read_text(encoding="utf-8")
        document = tomllib.loads(text)
        tool = document.get("tool")
        return isinstance(tool, dict) and isinstance(tool.get("cleaner"), dict), document
    except (OSError, UnicodeDecodeError):
        return False, None
    except (tomllib.TOMLDecodeError, ValueError, RecursionError):
        # A broken file that means to configure us must be reported by load_config, not skipped.
        return re.search(r"^\s*\[\s*tool\.cleaner\b", text, re.MULTILINE) is not None, None


def load_config(path: Path) -> Settings:
    """The settings in a config file; a typo, a wrong type or broken TOML is a ConfigError."""
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read the config file: {error}") from None
    except tomllib.TOMLDecodeError as error:
        at = re.search(r"\s*\(at line (\d+), column (\d+)\)$", str(error))
        cause = str(error)[: at.start()] if at else str(error)
        place = f"{path}:{at[1]}:{at[2]}" if at else str(path)
        raise ConfigError(f"{place}: invalid TOML: {cause}") from None
    except ValueError:  # Python reads integers of up to 4,300 digits
        raise ConfigError(f"{path}: unusable TOML: an integer too long to read") from None
    except RecursionError:
        raise ConfigError(f"{path}: unusable TOML: arrays or tables nested too deeply") from None
    return _settings(path, document)


def _settings(path: Path, document: dict[str, Any]) -> Settings:
    """The settings in the parsed config file at `path`."""
    table, data = ("tool.cleaner" if path.name == "pyproject.toml" else ""), document
    if table:
        data = document.get("tool", {}).get("cleaner", {}) if isinstance(document.get("tool"), dict) else {}
        if not isinstance(data, dict):
            raise ConfigError(f"{path}: [tool.cleaner] must be a table")
    where = f"in [{table}]" if table else "at the top level"
    for key in data:
        if key not in _KEYS:
            raise ConfigError(f'{path}: unknown key "{key}" {where} (known: {", ".join(sorted(_KEYS))})')
    lists = {}
    for key in _LISTS:
        value = data.get(key, [])
        wrong = [item for item in value if not isinstance(item, str)] if isinstance(value, list) else [value]
        if wrong:
            shown = f"a list holding {kind_of(wrong[0])}" if isinstance(value, list) else kind_of(value)
            raise ConfigError(f'{path}: "{key}" {where} must be a list of strings, not {shown}')
        lists[key] = tuple(value)
    force_exclude = data.get("force-exclude")
    if force_exclude is not None and not isinstance(force_exclude, bool):
        raise ConfigError(f'{path}: "force-exclude" {where} must be a boolean, not {kind_of(force_exclude)}')
    output_format = data.get("output-format")
    if output_format is not None and output_format not in OUTPUT_FORMATS:
        shown = f'"{output_format}"' if isinstance(output_format, str) else kind_of(output_format)
        raise ConfigError(f'{path}: output-format {shown} {where} is not one of {", ".join(OUTPUT_FORMATS)}')
    try:
        KeepList(lists["keep"], lists["keep-selectors"])
    except KeepError as error:
        raise ConfigError(f"{path}: {error}") from None
    rules = data.get("rules", {})
    prefix = f"{table}.rules" if table else "rules"
    if not isinstance(rules, dict):
        raise ConfigError(f"{path}: [{prefix}] must be a table of rule tables, not {kind_of(rules)}")
    for key, options in rules.items():
        if not isinstance(options, dict):
            raise ConfigError(f"{path}: [{prefix}.{key}] must be a table, not {kind_of(options)}")
    return Settings(
        select=lists["select"] if "select" in data else None,
        ignore=lists["ignore"],
        extend_select=lists["extend-select"],
        rules={key: dict(options) for key, options in rules.items()},
        include=lists["include"],
        exclude=lists["exclude"] if "exclude" in data else None,
        extend_exclude=lists["extend-exclude"],
        force_exclude=force_exclude,
        output_format=output_format,
        keep=lists["keep"],
        keep_selectors=lists["keep-selectors"],
        path=path,
    )


def load_settings(paths: Sequence[str], explicit: Path | None = None, stdin_name: Path | None = None) -> Settings:
    """The settings for a run: the `--config` file, else the one found above the first input
    path (for standard input, above the file `--stdin-filename` names, else the working folder)."""
    if explicit is not None:
        return load_config(explicit)
    named = [stdin_name if p == "-" and stdin_name is not None else Path(p) for p in paths if p != "-" or stdin_name is not None]
    start = named[0] if named else Path.cwd()
    found = _locate(start)
    if found is None:
        return Settings()
    path, document = found
    return _settings(path, document) if document is not None else load_config(path)
