"""Two-step sign-in (a TOTP app, with single-use recovery codes) for employer, clinic and staff accounts."""
