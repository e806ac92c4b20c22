"""Use cases: every command a user can give, by capability; the only writers of events."""
