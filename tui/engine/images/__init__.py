"""engine: images."""
