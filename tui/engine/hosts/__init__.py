"""engine: hosts."""
