"""The ModelAdmin every admin of the project derives from, and the one for a person's records.

The site itself (titles, the second sign-in step, libraries' models for superusers only) is
bhxh_portal.admin_site.AgencyAdminSite; what every list and form of the project shares goes here."""

from django.contrib import admin
from django.contrib.admin.utils import NotRelationField, get_fields_from_path
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction

from . import services
from .models import PersonalDataAccess
from .scope import NATIONAL, limit_to_provinces, officer_province_codes

__all__ = ["NATIONAL", "ModelAdmin", "PersonalRecordAdmin", "TabularInline"]


def _is_autocomplete(request) -> bool:
    match = getattr(request, "resolver_match", None)
    return match is not None and match.url_name == "autocomplete"


class ProvinceScopedChoices:
    """A form's choice of a related record is limited to what the officer may see in that record's own list
    (a person of another province cannot be picked, typed as an id or moved to). Public registers (employers,
    facilities) stay national: a person may work or be registered for care in another province."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related_admin = self.admin_site._registry.get(db_field.remote_field.model)
        if (
            "queryset" not in kwargs
            and isinstance(related_admin, ModelAdmin)
            and not related_admin.public_register
            and officer_province_codes(request.user) is not None
        ):
            kwargs["queryset"] = related_admin.get_queryset(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ScopedRelatedFilter(admin.RelatedFieldListFilter):
    """A filter by a related record (a province, a facility, ...) offers an officer only what they may see of
    that record in its own list, not the names of another province's."""

    def field_choices(self, field, request, model_admin):
        related_admin = model_admin.admin_site._registry.get(field.remote_field.model)
        if officer_province_codes(request.user) is None or not isinstance(related_admin, ModelAdmin):
            return super().field_choices(field, request, model_admin)
        return field.get_choices(
            include_blank=False,
            ordering=self.field_admin_ordering(field, request, model_admin),
            limit_choices_to={"pk__in": related_admin.get_queryset(request).values("pk")},
        )


def _relation(model, path: str) -> bool:
    try:
        return get_fields_from_path(model, path)[-1].is_relation
    except (FieldDoesNotExist, NotRelationField):
        return False


class ModelAdmin(ProvinceScopedChoices, admin.ModelAdmin):
    """The project's ModelAdmin: one place for what every admin list and form shares.

    Provincial officers (participants.scope): every list, change page, search and autocomplete is limited to the
    provinces of the signed-in officer through `province_lookups` (paths to the record's Province, every one
    covered; `NATIONAL` for data that is the same everywhere) and `province_lookups_nullable` (covered or empty).
    An admin that declares neither shows an officer nothing (a test checks every admin declares them)."""

    province_lookups: tuple[str, ...] | None = None
    province_lookups_nullable: tuple[str, ...] = ()
    # A register the public may know (employers, facilities): offered nationally when a form asks to pick one.
    public_register = False

    def get_list_filter(self, request):
        """Every filter by a related record written as a plain field name gets ScopedRelatedFilter."""
        return [
            (entry, ScopedRelatedFilter) if isinstance(entry, str) and _relation(self.model, entry) else entry
            for entry in super().get_list_filter(request)
        ]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        codes = officer_province_codes(request.user)
        if codes is None or (self.public_register and _is_autocomplete(request)):
            return queryset
        return self.limit_to_provinces(queryset, codes)

    def limit_to_provinces(self, queryset, codes: list[str]):
        if self.province_lookups is None:
            return queryset.none()
        return limit_to_provinces(queryset, codes, self.province_lookups, self.province_lookups_nullable)


class TabularInline(ProvinceScopedChoices, admin.TabularInline):
    """Rows shown inside a record the officer may see; what they may pick is limited like the forms'."""


class PersonalRecordAdmin(ModelAdmin):
    """A person's record (the person, a card, a contribution, a job, ...): every addition, change and deletion
    made in the admin is written to that person's "who looked at my data" log, in the transaction of the change
    (Django's add, change and delete views run in one; the bulk delete action is wrapped here)."""

    province_lookups = ("participant__province",)

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
