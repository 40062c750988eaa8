"""engine: resources."""
