"""A run over many inputs: the plan, the workers, and the sinks that write outputs and the report."""
