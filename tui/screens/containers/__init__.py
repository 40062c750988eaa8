"""screens: containers."""
