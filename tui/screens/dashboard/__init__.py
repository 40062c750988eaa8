"""screens: the dashboard home (pane bar, list beside the previews of its selection)."""
