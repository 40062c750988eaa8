"""screens: resources."""
