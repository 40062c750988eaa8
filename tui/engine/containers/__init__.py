"""engine: containers."""
