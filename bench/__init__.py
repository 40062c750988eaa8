"""dockpit's benchmarks: figures, not pass/fail. Run `bench/run` (see README)."""
