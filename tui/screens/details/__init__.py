"""screens: details."""
