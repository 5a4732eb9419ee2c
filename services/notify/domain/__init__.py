"""The notify domain, pure: the rule table, delivery plans, retry and quiet-hour arithmetic, signing, masking."""
