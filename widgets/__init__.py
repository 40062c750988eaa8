"""Reusable Textual widgets for dockpit."""
