"""engine: what needs attention (health, crash loops, OOM kills, exit codes) and incidents."""
