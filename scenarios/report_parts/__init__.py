"""Each section's part of the HTML report, read from its typed outcome (one module a section)."""
