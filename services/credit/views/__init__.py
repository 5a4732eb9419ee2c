"""The read side: `ratings` (signed-in callers) and `public` (disclosure without a token)."""
