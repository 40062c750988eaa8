"""screens: images."""
