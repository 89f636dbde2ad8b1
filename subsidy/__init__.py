"""subsidy package."""
