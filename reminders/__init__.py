"""Reminders: what is due to whom on which day (``reminders.rules``, pure Python), and later the ledger,
the daily sweep and the deliveries built on top of those rules."""
