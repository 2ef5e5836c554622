"""Site templates: the site of each page, the learn pass's line counts, and saved site profiles."""
