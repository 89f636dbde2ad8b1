"""coldchain package."""
