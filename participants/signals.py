"""What the participants' floor tells the apps above it, without knowing them (docs/architecture.md, "Signals
upward").

`records_changed` is sent by code that changes people's records without saving model instances one by one
(bulk_create, bulk_update, QuerySet.update, raw SQL): Django sends no post_save for those. Sent with the model
as `sender` and `pks`, the primary keys of the rows written (or of the Participant or User rows whose records
changed). bhxh_portal.page_cache listens: a person's cached pages must not outlive a change to their records.
"""

from django.dispatch import Signal

# Sent with sender=<model class> and the keyword argument `pks` (an iterable of that model's primary keys).
records_changed = Signal()
