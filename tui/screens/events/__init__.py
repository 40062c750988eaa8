"""screens: events."""
