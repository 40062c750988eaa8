"""screens: hosts."""
