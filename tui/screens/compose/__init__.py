"""screens: compose projects (the projects pane, a project's services, compose's output)."""
