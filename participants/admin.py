from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from . import services
from .admin_base import ModelAdmin, PersonalRecordAdmin, TabularInline
from .models import (
    ContributionRecord,
    Employer,
    Employment,
    FamilyLink,
    HealthInsuranceCard,
    Household,
    HouseholdMember,
    MedicalFacility,
    Participant,
    PersonalDataAccess,
    Province,
    VoluntaryEnrolment,
)

# A person's records are found by name, social-insurance number or ID number (exact match).
PERSON_SEARCH = ("participant__full_name", "=participant__social_insurance_number", "=participant__national_id")


@admin.register(Province)
class ProvinceAdmin(ModelAdmin):
    province_lookups = ("",)
    list_display = ("code", "name", "kind", "merged_from")
    list_filter = ("kind",)
    search_fields = ("code", "name", "merged_from")


@admin.register(MedicalFacility)
class MedicalFacilityAdmin(ModelAdmin):
    province_lookups = ("province",)
    public_register = True
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


class EmploymentInline(TabularInline):
    model = Employment
    formset = EmploymentFormSet
    extra = 0
    autocomplete_fields = ("employer",)
    fields = ("employer", "start_date", "end_date", "job_title", "hazardous", "contract_kind")


class CardInline(TabularInline):
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


class ContributionInline(TabularInline):
    model = ContributionRecord
    formset = ContributionFormSet
    extra = 0
    autocomplete_fields = ("employer",)
    classes = ("collapse",)
    fields = ("month", "scheme", "employer", "salary_basis", "status", "paid_on")
    ordering = ("-month",)
    show_change_link = True


@admin.register(Participant)
class ParticipantAdmin(PersonalRecordAdmin):
    province_lookups = ("province",)
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

    def record_people(self, obj):
        return [obj.pk]


@admin.register(Employer)
class EmployerAdmin(ModelAdmin):
    province_lookups = ("province",)
    public_register = True
    list_display = ("name", "unit_code", "tax_code", "region", "province")
    list_filter = ("region", "province")
    list_select_related = ("province",)
    search_fields = ("name", "=unit_code", "=tax_code")


@admin.register(Employment)
class EmploymentAdmin(PersonalRecordAdmin):
    list_display = ("participant", "employer", "start_date", "end_date", "contract_kind", "hazardous")
    list_filter = ("contract_kind", "hazardous", ("end_date", admin.EmptyFieldListFilter))
    list_select_related = ("participant", "employer")
    search_fields = (*PERSON_SEARCH, "employer__name")
    autocomplete_fields = ("participant", "employer")
    date_hierarchy = "start_date"


@admin.register(ContributionRecord)
class ContributionRecordAdmin(PersonalRecordAdmin):
    list_display = ("participant", "month", "scheme", "employer", "salary_basis", "status")
    list_filter = ("status", "scheme", "month")
    list_select_related = ("participant", "employer")
    search_fields = (*PERSON_SEARCH, "employer__name")
    autocomplete_fields = ("participant", "employer")
    show_full_result_count = False


@admin.register(HealthInsuranceCard)
class HealthInsuranceCardAdmin(PersonalRecordAdmin):
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


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(ModelAdmin):
    """Read-only audit trail of lookups of a person's record by clinic (and later employer) users."""

    province_lookups = ("participant__province",)

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
class VoluntaryEnrolmentAdmin(PersonalRecordAdmin):
    """Where an operator records how a voluntary participant pays; the payment reminders follow its cycle."""

    list_display = ("participant", "cycle", "first_month", "last_month", "created_at")
    list_filter = ("cycle", ("last_month", admin.EmptyFieldListFilter))
    list_select_related = ("participant",)
    search_fields = PERSON_SEARCH
    autocomplete_fields = ("participant",)
    readonly_fields = ("public_id", "created_at")
    fields = ("participant", "cycle", "first_month", "last_month", "public_id", "created_at")


@admin.register(FamilyLink)
class FamilyLinkAdmin(PersonalRecordAdmin):
    """Officers confirm a parent's link once they have checked the relationship (birth certificate). A link
    between people of two provinces is the national office's."""

    province_lookups = ("parent__province", "child__province")

    list_display = ("parent", "child", "status", "requested_at", "decided_at", "decided_by")
    list_filter = ("status",)
    search_fields = ("=parent__national_id", "=child__national_id", "parent__full_name", "child__full_name")
    raw_id_fields = ("parent", "child")
    readonly_fields = ("status", "requested_at", "decided_at", "decided_by")
    actions = ("confirm", "reject")

    @admin.action(description=_("Confirm: the relationship is checked"))
    def confirm(self, request, queryset):
        self._decide(request, queryset, confirm=True)

    @admin.action(description=_("Reject"))
    def reject(self, request, queryset):
        self._decide(request, queryset, confirm=False)

    def record_people(self, obj):
        return [obj.parent_id, obj.child_id]

    def _decide(self, request, queryset, *, confirm: bool) -> None:
        for link in queryset.filter(status=FamilyLink.Status.PENDING):
            with transaction.atomic():
                services.family_link_decide(link=link, officer=request.user, confirm=confirm)
                self.log_change(request, link, [{"changed": {"fields": ["status"]}}])


class HouseholdMemberInline(TabularInline):
    model = HouseholdMember
    raw_id_fields = ("participant",)
    extra = 1


@admin.register(Household)
class HouseholdAdmin(PersonalRecordAdmin):
    """Households that pay health insurance together, as registered; the members in the list's order."""

    list_display = ("public_id", "created_at")
    search_fields = ("=members__participant__national_id", "members__participant__full_name")
    inlines = (HouseholdMemberInline,)

    def record_people(self, obj):
        return list(obj.members.values_list("participant_id", flat=True))

    def limit_to_provinces(self, queryset, codes):
        """A household whose members all live in the officer's provinces (a household of none is nobody's)."""
        members = HouseholdMember.objects.filter(household=OuterRef("pk"))
        return queryset.filter(Exists(members), ~Exists(members.exclude(participant__province__code__in=codes)))
