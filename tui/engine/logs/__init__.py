"""engine: logs."""
