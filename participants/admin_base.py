"""The ModelAdmin every admin of the project derives from, and the one for a person's records.

The site itself (titles, the second sign-in step, libraries' models for superusers only) is
bhxh_portal.admin_site.AgencyAdminSite; what every list and form of the project shares goes here."""

from django.contrib import admin
from django.db import transaction

from . import services
from .models import PersonalDataAccess


class ModelAdmin(admin.ModelAdmin):
    """The project's ModelAdmin: one place for what every admin list and form shares."""


class PersonalRecordAdmin(ModelAdmin):
    """A person's record (the person, a card, a contribution, a job, ...): every addition, change and deletion
    made in the admin is written to that person's "who looked at my data" log, in the transaction of the change
    (Django's add, change and delete views run in one; the bulk delete action is wrapped here)."""

    def record_people(self, obj) -> list[int]:
        """The ids of the participants `obj` belongs to (a model with another shape overrides this)."""
        participant_id = getattr(obj, "participant_id", None)
        return [participant_id] if participant_id is not None else []

    def _officer_log(self, request, objs, purpose: str) -> None:
        people = {pk for obj in objs for pk in self.record_people(obj)}
        services.officer_record_log(user=request.user, participant_ids=people, purpose=purpose)

    def log_addition(self, request, obj, message):
        self._officer_log(request, [obj], PersonalDataAccess.Purpose.OFFICER_ADD)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        self._officer_log(request, [obj], PersonalDataAccess.Purpose.OFFICER_CHANGE)
        return super().log_change(request, obj, message)

    def delete_model(self, request, obj):
        self._officer_log(request, [obj], PersonalDataAccess.Purpose.OFFICER_DELETE)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            self._officer_log(request, list(queryset), PersonalDataAccess.Purpose.OFFICER_DELETE)
            super().delete_queryset(request, queryset)
