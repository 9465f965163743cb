import datetime

from django.conf import settings
from django.contrib import admin
from django.db.models import Count, Exists, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from participants.admin import PERSON_SEARCH, PersonalDataAccessAdmin
from participants.admin_base import ModelAdmin
from participants.models import PersonalDataAccess

from .models import CheckIn, CheckinSigningKey, ClinicStaff


def lookups_without_visit(queryset, *, threshold: int, window: datetime.timedelta):
    """Clinic ID look-ups of a person never checked in at that facility within `window` after, by a staff user
    who made more than `threshold` such look-ups in the `window` before: a desk browsing records."""
    visit = CheckIn.objects.filter(
        participant=OuterRef("participant"),
        facility=OuterRef("facility"),
        checked_in_at__gte=OuterRef("accessed_at"),
        checked_in_at__lte=OuterRef("accessed_at") + window,
    )
    unvisited = PersonalDataAccess.objects.filter(purpose=PersonalDataAccess.Purpose.CLINIC_ID_LOOKUP).exclude(
        Exists(visit)
    )
    before = (
        unvisited.filter(
            user=OuterRef("user"),
            accessed_at__gt=OuterRef("accessed_at") - window,
            accessed_at__lte=OuterRef("accessed_at"),
        )
        .order_by()
        .values("user")
        .annotate(n=Count("id"))
        .values("n")
    )
    return (
        queryset.filter(purpose=PersonalDataAccess.Purpose.CLINIC_ID_LOOKUP)
        .exclude(Exists(visit))
        .annotate(unvisited_before=Subquery(before))
        .filter(unvisited_before__gt=threshold)
    )


class DeskLookupSignalFilter(admin.SimpleListFilter):
    """The misuse queue for the desk: many people looked up by ID number and never checked in."""

    title = _("worth a look")
    parameter_name = "signal"

    def lookups(self, request, model_admin):
        return [("unvisited", _("Desk looked up many people who were not checked in"))]

    def queryset(self, request, queryset):
        if self.value() == "unvisited":
            hours = datetime.timedelta(hours=settings.CHECKIN_SIGNAL_LOOKUP_HOURS)
            return lookups_without_visit(
                queryset, threshold=settings.CHECKIN_SIGNAL_LOOKUPS_WITHOUT_VISIT, window=hours
            )
        return queryset


admin.site.unregister(PersonalDataAccess)


@admin.register(PersonalDataAccess)
class PersonalDataAccessWithSignalsAdmin(PersonalDataAccessAdmin):
    list_filter = (DeskLookupSignalFilter, *PersonalDataAccessAdmin.list_filter)


@admin.register(ClinicStaff)
class ClinicStaffAdmin(ModelAdmin):
    list_display = ("user", "facility")
    list_select_related = ("user", "facility")
    search_fields = ("user__username", "facility__name", "=facility__code")
    autocomplete_fields = ("user", "facility")


@admin.register(CheckinSigningKey)
class CheckinSigningKeyAdmin(ModelAdmin):
    """Read-only: keys are made by `manage.py rotate_checkin_key` and hold no secret."""

    list_display = ("kid", "created_at", "retired_at", "publish_until")
    list_filter = (("retired_at", admin.EmptyFieldListFilter),)
    readonly_fields = ("kid", "public_jwk", "created_at", "retired_at", "publish_until")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CheckinSignalFilter(admin.SimpleListFilter):
    """Misuse signals: what the person reported, and patterns worth a look (thresholds in settings)."""

    title = _("worth a look")
    parameter_name = "signal"

    def lookups(self, request, model_admin):
        return [
            ("flagged", _("Reported by the person, not reviewed")),
            ("two_facilities", _("Same card at two facilities within a few hours")),
            ("busy_week", _("More check-ins in 7 days than the threshold")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "flagged":
            return queryset.flagged_unreviewed()
        if self.value() == "two_facilities":
            hours = settings.CHECKIN_SIGNAL_TWO_FACILITIES_HOURS
            return queryset.at_two_facilities_within(datetime.timedelta(hours=hours))
        if self.value() == "busy_week":
            return queryset.more_than_in_a_week(settings.CHECKIN_SIGNAL_WEEKLY_THRESHOLD)
        return queryset


@admin.register(CheckIn)
class CheckInAdmin(ModelAdmin):
    """Check-ins are recorded at the desk; the admin reviews them (no adding or editing the visit)."""

    list_display = ("checked_in_at", "participant", "facility", "method", "staff", "flagged_at", "reviewed_at")
    list_filter = (CheckinSignalFilter, "method", ("flagged_at", admin.EmptyFieldListFilter), "facility")
    list_select_related = ("participant", "facility", "staff")
    search_fields = ("=card__card_number", "facility__name", "=facility__code", *PERSON_SEARCH)
    date_hierarchy = "checked_in_at"
    readonly_fields = (
        "public_id",
        "participant",
        "card",
        "facility",
        "staff",
        "method",
        "token_id",
        "checked_in_at",
        "flagged_at",
        "flag_note",
        "reviewed_at",
        "reviewed_by",
    )
    actions = ["mark_reviewed"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Mark the selected check-ins as reviewed"))
    def mark_reviewed(self, request, queryset):
        updated = queryset.filter(reviewed_at__isnull=True).update(reviewed_at=timezone.now(), reviewed_by=request.user)
        message = ngettext("%(count)d check-in marked as reviewed.", "%(count)d check-ins marked as reviewed.", updated)
        self.message_user(request, message % {"count": updated})
