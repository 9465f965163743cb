"""Accounts: the user model, sign-in by ID number, activation, password reset, the citizen's profile and contact
changes (confirmed by one-time codes), API tokens, and `twofactor` (the second sign-in step of employer accounts)."""
