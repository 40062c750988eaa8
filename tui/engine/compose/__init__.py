"""engine: compose projects (found from labels and folders), the user's compose CLI, drift."""
