from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import (
    ClinicStaff,
    ContributionRecord,
    Employer,
    EmployerMembership,
    Employment,
    HealthInsuranceCard,
    MedicalFacility,
    Participant,
    Province,
    User,
)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "role", "first_name", "last_name", "is_staff", "is_active")
    list_filter = ("role", "is_staff", "is_superuser", "is_active")
    fieldsets = (*DjangoUserAdmin.fieldsets, (_("Portal"), {"fields": ("role",)}))
    add_fieldsets = (*DjangoUserAdmin.add_fieldsets, (_("Portal"), {"fields": ("role",)}))


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "merged_from")
    list_filter = ("kind",)
    search_fields = ("code", "name", "merged_from")


@admin.register(MedicalFacility)
class MedicalFacilityAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "province")
    list_filter = ("level", "province")
    list_select_related = ("province",)
    search_fields = ("code", "name")


class EmploymentInline(admin.TabularInline):
    model = Employment
    extra = 0
    autocomplete_fields = ("employer",)
    fields = ("employer", "start_date", "end_date", "job_title", "hazardous", "contract_kind")


class CardInline(admin.TabularInline):
    model = HealthInsuranceCard
    extra = 0
    autocomplete_fields = ("facility",)
    fields = (
        "card_number",
        "object_group",
        "benefit_level",
        "valid_from",
        "valid_to",
        "facility",
        "five_year_date",
        "issued_on",
        "replaced_at",
    )


class ContributionInline(admin.TabularInline):
    model = ContributionRecord
    extra = 0
    autocomplete_fields = ("employer",)
    classes = ("collapse",)
    fields = ("month", "scheme", "employer", "salary_basis", "status", "paid_on")
    ordering = ("-month",)
    show_change_link = True


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ("full_name", "social_insurance_number", "birth_date", "sex", "province")
    list_filter = ("sex", "province", "preferred_language")
    list_select_related = ("province",)
    search_fields = ("full_name", "=social_insurance_number", "=national_id")
    autocomplete_fields = ("user",)
    readonly_fields = ("public_id", "created_at")
    inlines = (CardInline, EmploymentInline, ContributionInline)
    fieldsets = (
        (None, {"fields": ("full_name", "birth_date", "sex", "province")}),
        (_("Identifiers"), {"fields": ("social_insurance_number", "national_id", "public_id")}),
        (_("Contact"), {"fields": ("phone", "email", "preferred_language", "user")}),
        (_("Record"), {"fields": ("created_at",)}),
    )


class MembershipInline(admin.TabularInline):
    model = EmployerMembership
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Employer)
class EmployerAdmin(admin.ModelAdmin):
    list_display = ("name", "unit_code", "tax_code", "region", "province")
    list_filter = ("region", "province")
    list_select_related = ("province",)
    search_fields = ("name", "=unit_code", "=tax_code")
    inlines = (MembershipInline,)


@admin.register(Employment)
class EmploymentAdmin(admin.ModelAdmin):
    list_display = ("participant", "employer", "start_date", "end_date", "contract_kind", "hazardous")
    list_filter = ("contract_kind", "hazardous", ("end_date", admin.EmptyFieldListFilter))
    list_select_related = ("participant", "employer")
    search_fields = (
        "participant__full_name",
        "=participant__social_insurance_number",
        "=participant__national_id",
        "employer__name",
    )
    autocomplete_fields = ("participant", "employer")
    date_hierarchy = "start_date"


@admin.register(ContributionRecord)
class ContributionRecordAdmin(admin.ModelAdmin):
    list_display = ("participant", "month", "scheme", "employer", "salary_basis", "status")
    list_filter = ("status", "scheme", "month")
    list_select_related = ("participant", "employer")
    search_fields = (
        "participant__full_name",
        "=participant__social_insurance_number",
        "=participant__national_id",
        "employer__name",
    )
    autocomplete_fields = ("participant", "employer")
    show_full_result_count = False


@admin.register(HealthInsuranceCard)
class HealthInsuranceCardAdmin(admin.ModelAdmin):
    list_display = (
        "card_number",
        "participant",
        "object_group",
        "benefit_level",
        "valid_from",
        "valid_to",
        "facility",
        "replaced_at",
    )
    list_filter = ("object_group", "benefit_level", ("replaced_at", admin.EmptyFieldListFilter), "valid_to")
    list_select_related = ("participant", "facility")
    search_fields = (
        "=card_number",
        "participant__full_name",
        "=participant__social_insurance_number",
        "=participant__national_id",
    )
    autocomplete_fields = ("participant", "facility")


@admin.register(ClinicStaff)
class ClinicStaffAdmin(admin.ModelAdmin):
    list_display = ("user", "facility")
    list_select_related = ("user", "facility")
    search_fields = ("user__username", "facility__name", "=facility__code")
    autocomplete_fields = ("user", "facility")
