"""cleaner inside other tools' pipelines; each module imports its tool, and only it does."""
