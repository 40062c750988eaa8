"""Everything that talks to Docker. Never imports Textual, widgets or themes."""
