from django.contrib import admin

from participants.admin_base import NATIONAL, ModelAdmin

from .models import CoverageSnapshot, CoverageTarget, NationalCoverage, ProvinceFigure


@admin.register(ProvinceFigure)
class ProvinceFigureAdmin(ModelAdmin):
    province_lookups = ("province",)
    list_display = ("province", "measure", "value", "effective_from", "effective_to", "source", "mark")
    list_filter = ("measure", "mark")
    list_select_related = ("province",)
    search_fields = ("province__name", "source", "note")
    readonly_fields = ("updated_at",)


@admin.register(CoverageTarget)
class CoverageTargetAdmin(ModelAdmin):
    province_lookups = NATIONAL
    list_display = ("scheme", "percent", "deadline_year", "effective_from", "effective_to", "source", "mark")
    list_filter = ("scheme", "mark")
    readonly_fields = ("updated_at",)


@admin.register(CoverageSnapshot)
class CoverageSnapshotAdmin(ModelAdmin):
    """Read only: the rows are what the nightly task (or `manage.py coverage_snapshot`) counted."""

    province_lookups = ("province",)

    list_display = (
        "month",
        "province",
        "hi_insured",
        "si_compulsory",
        "si_voluntary",
        "ui_contributors",
        "population",
        "labour_force",
        "computed_at",
    )
    list_filter = ("month", "province")  # the dashboard links a province's row of a month
    list_select_related = ("province",)
    date_hierarchy = "month"

    def lookup_allowed(self, lookup, value, request):
        # The admin's dashboard links a province's rows by its code (bhxh_portal/dashboard.py).
        return lookup == "province__code__exact" or super().lookup_allowed(lookup, value, request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(NationalCoverage)
class NationalCoverageAdmin(ModelAdmin):
    """Read only: the country's counts, each person once, computed with the provinces' rows."""

    province_lookups = NATIONAL
    list_display = ("month", "hi_insured", "si_compulsory", "si_voluntary", "ui_contributors", "computed_at")
    date_hierarchy = "month"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
