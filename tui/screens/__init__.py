"""Screens, modals and the panes of the main screen."""
