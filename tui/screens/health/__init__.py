"""screens: what needs attention (the alert strip's data, incidents, notifications)."""
