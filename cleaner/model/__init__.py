"""The document model: text cut into lines, verdicts on spans, removals on the original."""
