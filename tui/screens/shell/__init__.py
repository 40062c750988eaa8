"""screens: shell."""
