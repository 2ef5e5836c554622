"""The report: every removal, its formats, the diff, the HTML report, and where removals sit in the source."""
