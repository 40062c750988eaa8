"""screens: logs."""
