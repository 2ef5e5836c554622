"""Input kinds: finding inputs and turning their bytes into documents (text dumps, HTML pages, JSON Lines records)."""
