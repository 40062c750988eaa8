"""engine: stats."""
