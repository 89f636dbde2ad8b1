"""Sections of the main run: one module per capability (see scenarios.context)."""
