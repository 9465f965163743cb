from django.contrib import admin

from participants.admin_base import NATIONAL, ModelAdmin, PersonalRecordAdmin

from .models import PolicyParameter, UnemploymentAward


@admin.register(PolicyParameter)
class PolicyParameterAdmin(ModelAdmin):
    province_lookups = NATIONAL
    list_display = ("name", "key", "effective_from", "effective_to", "source", "mark")
    list_filter = ("name", "mark")
    search_fields = ("name", "key", "source", "note")
    date_hierarchy = "effective_from"
    readonly_fields = ("updated_at",)


@admin.register(UnemploymentAward)
class UnemploymentAwardAdmin(PersonalRecordAdmin):
    """How an operator records a benefit decision of the employment-service centre; the job-search notice
    reminders run on these rows."""

    list_display = (
        "participant",
        "decided_on",
        "benefit_start",
        "benefit_months",
        "monthly_amount",
        "report_day",
        "ended_on",
    )
    list_filter = (("ended_on", admin.EmptyFieldListFilter), "benefit_months")
    list_select_related = ("participant",)
    # By name, or by the social-insurance or ID number typed exactly (the participants admin's search).
    search_fields = ("participant__full_name", "=participant__social_insurance_number", "=participant__national_id")
    autocomplete_fields = ("participant",)
    date_hierarchy = "benefit_start"
    readonly_fields = ("public_id", "created_at")
    fields = (
        "participant",
        "decided_on",
        "benefit_start",
        "benefit_months",
        "monthly_amount",
        "report_day",
        "ended_on",
        "public_id",
        "created_at",
    )
