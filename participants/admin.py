import datetime

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import (
    CheckIn,
    CheckinSigningKey,
    ClinicStaff,
    ContributionRecord,
    Employer,
    EmployerMembership,
    Employment,
    HealthInsuranceCard,
    MedicalFacility,
    OneTimeCode,
    Participant,
    PersonalDataAccess,
    Province,
    User,
    VoluntaryEnrolment,
)

# A person's records are found by name, social-insurance number or ID number (exact match).
PERSON_SEARCH = ("participant__full_name", "=participant__social_insurance_number", "=participant__national_id")


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


class RowsCheckedTogetherFormSet(BaseInlineFormSet):
    """Model validation sees the database, not the sibling rows of the same submission; this
    checks the rows against each other so that a clash is a form error, never a 500."""

    def kept_instances(self):
        return [
            form.instance
            for form in self.forms
            if form.has_changed() or form.instance.pk
            if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
        ]

    def clash(self, a, b) -> str | None:
        raise NotImplementedError

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        rows = self.kept_instances()
        for i, a in enumerate(rows):
            for b in rows[i + 1 :]:
                message = self.clash(a, b)
                if message:
                    raise ValidationError(message)


class EmploymentFormSet(RowsCheckedTogetherFormSet):
    def clash(self, a, b):
        if a.employer_id != b.employer_id:
            return None
        a_end, b_end = a.end_date or a.start_date.max, b.end_date or b.start_date.max
        if a.start_date <= b_end and b.start_date <= a_end:
            return _("This employment overlaps another employment of the same person with the same employer.")
        return None


class CardFormSet(RowsCheckedTogetherFormSet):
    def clash(self, a, b):
        if a.replaced_at is None and b.replaced_at is None:
            return _("This person already has a current card; re-issue it instead.")
        return None


class ContributionFormSet(RowsCheckedTogetherFormSet):
    def clash(self, a, b):
        if (a.month, a.employer_id, a.scheme) == (b.month, b.employer_id, b.scheme):
            return _("A record for this person, month, payer and scheme already exists.")
        return None


class EmploymentInline(admin.TabularInline):
    model = Employment
    formset = EmploymentFormSet
    extra = 0
    autocomplete_fields = ("employer",)
    fields = ("employer", "start_date", "end_date", "job_title", "hazardous", "contract_kind")


class CardInline(admin.TabularInline):
    model = HealthInsuranceCard
    formset = CardFormSet
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
    formset = ContributionFormSet
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
    search_fields = (*PERSON_SEARCH, "employer__name")
    autocomplete_fields = ("participant", "employer")
    date_hierarchy = "start_date"


@admin.register(ContributionRecord)
class ContributionRecordAdmin(admin.ModelAdmin):
    list_display = ("participant", "month", "scheme", "employer", "salary_basis", "status")
    list_filter = ("status", "scheme", "month")
    list_select_related = ("participant", "employer")
    search_fields = (*PERSON_SEARCH, "employer__name")
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
    search_fields = ("=card_number", *PERSON_SEARCH)
    autocomplete_fields = ("participant", "facility")


@admin.register(ClinicStaff)
class ClinicStaffAdmin(admin.ModelAdmin):
    list_display = ("user", "facility")
    list_select_related = ("user", "facility")
    search_fields = ("user__username", "facility__name", "=facility__code")
    autocomplete_fields = ("user", "facility")


@admin.register(OneTimeCode)
class OneTimeCodeAdmin(admin.ModelAdmin):
    """Read-only: codes are made by activation and contact changes; the admin sees how they were used."""

    list_display = ("participant", "purpose", "channel", "created_at", "expires_at", "attempts", "used_at")
    list_filter = ("purpose", "channel", ("used_at", admin.EmptyFieldListFilter))
    list_select_related = ("participant",)
    search_fields = ("participant__full_name", "=participant__national_id")
    readonly_fields = (
        "participant",
        "purpose",
        "channel",
        "destination",
        "code_hash",
        "created_at",
        "expires_at",
        "attempts",
        "used_at",
    )

    def has_add_permission(self, request):
        return False


@admin.register(CheckinSigningKey)
class CheckinSigningKeyAdmin(admin.ModelAdmin):
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
class CheckInAdmin(admin.ModelAdmin):
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


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(admin.ModelAdmin):
    """Read-only audit trail of lookups of a person's record by clinic (and later employer) users."""

    list_display = ("accessed_at", "purpose", "user", "facility", "participant")
    list_filter = ("purpose", "facility")
    list_select_related = ("user", "facility", "participant")
    search_fields = ("user__username", *PERSON_SEARCH)
    date_hierarchy = "accessed_at"
    readonly_fields = ("participant", "user", "facility", "purpose", "accessed_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(VoluntaryEnrolment)
class VoluntaryEnrolmentAdmin(admin.ModelAdmin):
    """Where an operator records how a voluntary participant pays; the payment reminders follow its cycle."""

    list_display = ("participant", "cycle", "first_month", "last_month", "created_at")
    list_filter = ("cycle", ("last_month", admin.EmptyFieldListFilter))
    list_select_related = ("participant",)
    search_fields = PERSON_SEARCH
    autocomplete_fields = ("participant",)
    readonly_fields = ("public_id", "created_at")
    fields = ("participant", "cycle", "first_month", "last_month", "public_id", "created_at")
