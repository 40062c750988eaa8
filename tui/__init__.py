"""dockpit: a keyboard-driven terminal dashboard for Docker."""

__version__ = "0.1.0"
