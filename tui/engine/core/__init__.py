"""engine: core."""
