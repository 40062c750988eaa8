"""screens: swarm."""
