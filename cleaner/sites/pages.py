"""The pages of a run and their sites, and the learn pass of the site-template rule over them.

A page's site comes first from what the page says about itself: a JSON Lines record's
URL, an HTML page's `<link rel=canonical>`, `og:url` or `<base href>` (the host, as
`cleaner.readers.records.url_site` reads it); then from where it sits: its input sub-folder
(the first folder below the folder named on the command line, as in
`scrape/www.ledger.example/2031/a.txt`). A page that says nothing and sits in a flat
folder (directly in the folder named, or named itself; a JSON Lines file's records)
is not taken for one site with the rest: the folder's pages are grouped by the
template lines they share (`cleaner.sites.groups`), and a page's site is the group whose
template it shares most (`TemplateModel.group_of`), or none, which removes nothing.
Both passes ask `own_site` in the same order, and the clean pass puts a page in a
group the same way whether the model was learned in the run or loaded from a profile.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from cleaner.readers import Input, Reading, read_document
from cleaner.readers.files import InputError, Source, Stamp, read_stamped, stamp
from cleaner.readers.records import Fields, is_jsonl, read_records, url_site
from cleaner.sites.model import TemplateModel, line_keys

if TYPE_CHECKING:
    # The HTML reader loads with the first HTML input: a run over text dumps never needs it.
    from cleaner.readers.dom import Page
    from cleaner.sites.tally import LineTally


READ_AHEAD_BYTES = 64 << 20
"""How much input (as read, in bytes) the learn pass keeps parsed for the clean pass.
A parsed page holds about four fifths of its HTML's size in memory (the 181 benchmark
pages, 31 MB of HTML: 25 MB parsed, without the markup)."""


@dataclass(frozen=True)
class Parsed:
    """An input as the learn pass read it: its content, and the template key of each of its lines
    (`cleaner.sites.model.line_keys`), which the clean pass needs again for TP01."""

    read: Input
    lines: dict[str, str]
    normalised: dict[str, str] | None = None
    """Each line `normalise`d, when the learn pass made that too: the clean pass's line keys."""
    sha256: str = ""
    """Of the bytes read."""
    size: int = 0
    data: bytes | None = None
    """The bytes read, kept for a text input (the clean pass checks that its text encodes
    back to them); an HTML page's are not kept, its parse holds what the pass needs."""


@dataclass
class ReadAhead:
    """Inputs the learn pass read and parsed, kept for the clean pass so that it does not
    read them again: the first pages of the run, up to `budget` bytes of input.

    The clean pass visits the inputs in the order the learn pass did, so the pages kept
    are the first it needs, and each is dropped once taken: memory stays within the
    budget however many pages a run has (the pages past it are parsed in both passes).
    Under `-j N` each worker process keeps its own, for the inputs it is given in both
    passes (`cleaner.run.pool`). A page is taken only when the file still holds the
    bytes that were parsed: its stamp (device, inode, size and times, `unchanged`) is
    the one it had when read, long after its last change, or else the bytes the clean
    pass reads again have their SHA-256 (`take`). So an input changed between the passes,
    or one counted as it was before an earlier run cleaned it in place, is read afresh,
    and a settled one is read once. The decoded markup is not kept (it is as large as the
    page); a run that locates removals in it decodes it again
    (`cleaner.readers.html.with_markup`).
    """

    budget: int = READ_AHEAD_BYTES
    _inputs: dict[Path, tuple[Stamp | None, Parsed]] = field(default_factory=dict)
    _held: int = 0

    def keep(
        self,
        path: Path,
        data: bytes,
        read: Input,
        lines: dict[str, str] | None = None,
        normalised: dict[str, str] | None = None,
        stamp: Stamp | None = None,
    ) -> None:
        """Keep the input read from `path` (its bytes `data`; `lines`, its line keys, and
        `normalised`, its lines normalised, when made already; `stamp`, the file's as it was
        read, when it vouches for the bytes: `unchanged`), if it fits."""
        if not self.has_room(len(data)) or path in self._inputs:
            return
        kept_bytes = data if read.page is None else None
        kept = Parsed(
            replace(read, markup=""), lines if lines is not None else line_keys(read.page_text), normalised, hashlib.sha256(data).hexdigest(), len(data), kept_bytes
        )
        self._inputs[path] = (stamp, kept)
        self._held += len(data)

    def held(self) -> list[tuple[Path, Parsed]]:
        """The inputs kept, in the order they were read."""
        return [(path, entry[1]) for path, entry in self._inputs.items()]

    def has_room(self, size: int) -> bool:
        """Whether an input of `size` bytes would be kept."""
        return self._held + size <= self.budget

    def unchanged(self, path: Path | None, needs_bytes: bool = False) -> Parsed | None:
        """The input the learn pass read from `path`, taken without reading the file again:
        when it was stamped as read (`cleaner.readers.files.read_stamped`) and the file's
        stamp is still the same, so are its bytes. Else None, and the input stays for `take`,
        which compares the bytes the clean pass reads. `needs_bytes`: only if its bytes were kept."""
        entry = self._inputs.get(path) if path is not None else None
        if entry is None or entry[0] is None or (needs_bytes and entry[1].data is None) or stamp(path) != entry[0]:  # type: ignore[arg-type]
            return None
        del self._inputs[path]  # type: ignore[arg-type]
        self._held -= entry[1].size
        return entry[1]

    def take(self, path: Path | None, sha256: str) -> Parsed | None:
        """The input the learn pass read from `path`, if it kept it and the file's bytes
        (by `sha256`) are still those; either way it is kept no longer."""
        entry = self._inputs.pop(path, None) if path is not None else None
        if entry is None:
            return None
        kept = entry[1]
        self._held -= kept.size
        return kept if kept.sha256 == sha256 else None

    def __len__(self) -> int:
        return len(self._inputs)


def file_site(source: Source) -> str:
    """The folder of a file: its input sub-folder, or the folder named or holding it (`Source.folder`)."""
    return source.folder


def sub_folder_site(source: Source) -> str | None:
    """The site of a file below an input sub-folder (`scrape/www.ledger.example/a.txt`): that
    sub-folder. None for a file directly in the folder named, or named itself: a flat folder."""
    if source.root is not None and len(source.relative.parts) > 1:
        return source.folder
    return None


def declared_site(page: Page | None) -> str | None:
    """The site an HTML page names in its head (canonical, og:url, base), the first with a host."""
    if page is None:
        return None
    return next((site for site in map(url_site, page.declared.urls) if site), None)


def own_site(url_host: str | None, page: Page | None, sub_folder: str | None) -> str | None:
    """The site a page has without grouping: its record's URL host, else the host its HTML
    head declares, else its input sub-folder; None in a flat folder. Both passes ask this."""
    return url_host or declared_site(page) or sub_folder


def page_site(
    url_host: str | None,
    page: Page | None,
    sub_folder: str | None,
    folder: str,
    text: str,
    model: TemplateModel | None,
    lines: Mapping[str, str] | None = None,
) -> str:
    """A page's site in the clean pass: `own_site`, else the group of its flat folder whose
    template its text fits (`TemplateModel.group_of`; `lines`: the text's line keys, if
    made already), else the folder (no template lines)."""
    site = own_site(url_host, page, sub_folder)
    if site:
        return site
    return model.group_of(folder, text, lines) if model is not None else folder


@dataclass(frozen=True)
class RecordPage:
    """A JSON Lines record as the learn pass counts it: read in one process, and parsed and
    keyed (`keyed_record`) in this one or in a worker process."""

    url_host: str | None
    text: str | None
    html: str | None
    """Set when the record has no text field: the page is then its HTML's text."""
    folder: str
    sub_folder: str | None

    @property
    def size(self) -> int:
        return len(self.text if self.text is not None else self.html or "")


def keyed_record(record: RecordPage) -> tuple[str | None, str, dict[str, str]]:
    """A record's page as the learn loop counts it: (declared site or None, folder, line keys)."""
    page = None
    text = record.text
    if text is None and record.html is not None:
        from cleaner.readers.dom import parse_page

        page = parse_page(record.html)
        text = page.text()
    return own_site(record.url_host, page, record.sub_folder), record.folder, line_keys(text or "")


def record_pages(sources: Sequence[Source], reading: Reading, on_read: Callable[[int], None] | None = None) -> Iterator[RecordPage]:
    """The pages of the JSON Lines files among `sources`, in order, for the learn pass: a
    record with neither text nor HTML, or one that is not JSON, is skipped (the clean pass
    reports it), as is the rest of a file that cannot be read."""
    for source in sources:
        if source.error or source.path is None or not source.holds_records:
            continue
        try:
            yield from _records_of(source, reading.fields, on_read or (lambda _: None))
        except (InputError, OSError):  # the clean pass reports it
            continue


def _records_of(source: Source, fields: Fields, on_read: Callable[[int], None]) -> Iterator[RecordPage]:
    assert source.path is not None
    read_so_far = 0
    folder, sub_folder = file_site(source), sub_folder_site(source)
    for record in read_records(source.path, fields):
        on_read(record.offset - read_so_far)
        read_so_far = record.offset
        if record.data is None:
            continue
        text = record.text(fields)
        html = record.html(fields) if text is None else None
        if text is not None or html is not None:
            yield RecordPage(record.site(fields), text, html, folder, sub_folder)
    # The reader reads ahead: what is left is the end of the file.
    on_read(max(0, source.path.stat().st_size - read_so_far))


def count_records(records: Iterable[RecordPage]) -> LineTally:
    """The line counts of some records' pages, as one `LineTally` (a worker's task)."""
    from cleaner.sites.tally import LineTally

    tally = LineTally()
    for site, folder, lines in map(keyed_record, records):
        _count(tally, site, folder, lines)
    return tally


def _count(tally: LineTally, site: str | None, folder: str, lines: Mapping[str, str]) -> None:
    """Count one page's lines: under its site, or as a page of `folder` to be grouped."""
    if site is not None:
        tally.add(site, lines.values())
    else:
        tally.add_unsited(folder, lines.values())


def learns(arguments: Sequence[str], sources: Sequence[Source]) -> bool:
    """Whether a run counts template lines: it was given a folder or a JSON Lines file, and
    there is a page to count (a folder with none learns nothing, and loads no numpy for it)."""
    if not any(s.path is not None and not s.error for s in sources):
        return False
    return any(a != "-" and Path(a).is_dir() for a in arguments) or any(s.holds_records for s in sources)


SHARE_PAGES = 64
"""Pages counted into one `LineTally` (a share of the learn pass) before it is merged: a
tally holds every distinct line key of its pages, so a share is kept small."""


def count_pages(
    sources: Sequence[Source],
    reading: Reading,
    original: Callable[[Path, bytes], bytes] | None = None,
    on_read: Callable[[int], None] | None = None,
    read_ahead: ReadAhead | None = None,
) -> Iterator[LineTally]:
    """The learn loop, the one both a run in one process and each worker of `-j N` run: read
    each page, key its lines and count them by site, a `LineTally` every `SHARE_PAGES` pages.

    Unreadable inputs are skipped here; the clean pass reports them. `original` gives
    a file's bytes as they were before earlier runs cleaned it in place
    (`cleaner.report.model.earlier_originals`). `on_read` is told how many more bytes of
    the inputs, as stored, have been read (see `stored_size`). Files read are kept in
    `read_ahead`, if given, for the clean pass, as far as its budget goes."""
    from cleaner.sites.tally import LineTally

    tally, counted = LineTally(), 0
    for site, folder, lines in _pages(sources, reading, original, on_read or (lambda _: None), read_ahead):
        _count(tally, site, folder, lines)
        counted += 1
        if counted == SHARE_PAGES:
            yield tally
            tally, counted = LineTally(), 0
    if counted:
        yield tally


def stored_size(sources: Sequence[Source]) -> int:
    """The bytes the learn pass reads: the readable inputs' sizes as stored (a gzip file's compressed)."""
    total = 0
    for source in sources:
        if source.path is not None and not source.error:
            try:
                total += source.path.stat().st_size
            except OSError:
                continue
    return total


def _pages(
    sources: Sequence[Source],
    reading: Reading,
    original: Callable[[Path, bytes], bytes] | None,
    on_read: Callable[[int], None],
    read_ahead: ReadAhead | None = None,
) -> Iterator[tuple[str | None, str, str]]:
    """Each readable page as (declared site or None, folder, the template key of each of its lines)."""
    for source in sources:
        if source.error or source.path is None:
            continue
        try:
            if is_jsonl(source.path):
                yield from map(keyed_record, _records_of(source, reading.fields, on_read))
            else:
                data, stamped = read_stamped(source.path)
                on_read(len(data))
                if original is not None:
                    # Counted as it was before an earlier run cleaned it: the file's bytes are not these.
                    data, stamped = original(source.path, data), None
                read = read_document(data, reading)
                # Kept beside the page only while the read-ahead has room for it.
                normalised: dict[str, str] | None = {} if read_ahead is not None and read_ahead.has_room(len(data)) else None
                lines = line_keys(read.page_text, normalised)
                if read_ahead is not None:
                    read_ahead.keep(source.path, data, read, lines, normalised, stamped)
                yield own_site(None, read.page, sub_folder_site(source)), file_site(source), lines
        except (InputError, OSError):  # the clean pass reports it
            continue
