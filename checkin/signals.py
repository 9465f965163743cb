"""What check-in tells the apps above it, without knowing them (docs/architecture.md, "Signals upward").

`checkin_recorded` is sent inside the transaction that records the visit, before it commits: a receiver that
writes (the reminders app puts the visit in the person's inbox) writes in that transaction, and an exception it
raises undoes the visit too. Receivers are connected in their own app's ``AppConfig.ready()``.
"""

from django.dispatch import Signal

# Sent with sender=CheckIn and the keyword arguments `checkin` (the saved CheckIn) and `facility`.
checkin_recorded = Signal()
