"""screens: overview."""
