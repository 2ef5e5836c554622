"""The rule engine: a document and a rule set in, clean text and removals out."""
