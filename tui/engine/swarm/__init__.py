"""engine: swarm."""
