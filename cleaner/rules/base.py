"""What every rule is: a code, a name, a description and a pure `check`."""

from __future__ import annotations

from typing import ClassVar, Protocol, runtime_checkable

from cleaner.document import Document, Verdict


@runtime_checkable
class Rule(Protocol):
    """A rule judges a document and returns verdicts; it never changes the document."""

    code: ClassVar[str]
    name: ClassVar[str]
    description: ClassVar[str]

    def check(self, doc: Document) -> list[Verdict]: ...
