"""screens: stats."""
