import datetime

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from participants.admin import PERSON_SEARCH, PersonalDataAccessAdmin
from participants.admin_base import NATIONAL, ModelAdmin, TabularInline
from participants.models import PersonalDataAccess

from . import misuse
from .models import CheckIn, CheckinSigningKey, ClinicStaff, MisuseCase, MisuseEvidence


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
    province_lookups = ("facility__province",)
    list_display = ("user", "facility")
    list_select_related = ("user", "facility")
    search_fields = ("user__username", "facility__name", "=facility__code")
    autocomplete_fields = ("user", "facility")


@admin.register(CheckinSigningKey)
class CheckinSigningKeyAdmin(ModelAdmin):
    """Read-only: keys are made by `manage.py rotate_checkin_key` and hold no secret."""

    province_lookups = NATIONAL

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
    """Check-ins are recorded at the desk; the admin reviews them (no adding or editing the visit). A visit of a
    person of another province is the national office's."""

    province_lookups = ("facility__province", "participant__province")

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

    def has_add_permission(self, request):
        return False


def checkin_link(checkin: CheckIn | None) -> str:
    if checkin is None:
        return "–"
    return format_html('<a href="{}">{}</a>', reverse("admin:checkin_checkin_change", args=[checkin.pk]), checkin)


class MisuseEvidenceInline(TabularInline):
    """The check-ins and desk look-ups behind a case, read-only, each check-in linked to its page."""

    model = MisuseEvidence
    fields = ("checkin_link", "access", "added_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("checkin__participant", "checkin__facility", "access__user")

    def has_view_permission(self, request, obj=None):
        # Evidence belongs to its case: whoever may see the case sees it (it has no permissions of its own).
        return request.user.has_perm("checkin.view_misusecase") or request.user.has_perm(misuse.REVIEW_PERMISSION)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("check-in"))
    def checkin_link(self, evidence):
        return checkin_link(evidence.checkin)


OUTCOME_CHOICES = [("", "---------"), *[(o.value, o.label) for o in misuse.OUTCOMES_TO_CHOOSE]]


class MisuseResolveForm(forms.ModelForm):
    """The case page's only input: the outcome (without the migration's own) and the note."""

    class Meta:
        model = MisuseCase
        fields = ("outcome", "resolution_note")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "outcome" in self.fields:
            self.fields["outcome"].choices = [
                ("", "---------"),
                *[(o.value, o.label) for o in misuse.OUTCOMES_TO_CHOOSE],
            ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("resolution_note", "").strip() and not cleaned.get("outcome"):
            self.add_error("outcome", _("Choose the outcome of the review."))
        return cleaned

    def _post_clean(self):
        # The service checks and writes the resolution (save_model); the model's own check would refuse an
        # outcome on a case that is not resolved yet.
        pass


class MisuseActionForm(ActionForm):
    """Beside the list's action menu: the outcome and note that "Resolve" applies to each selected case."""

    outcome = forms.ChoiceField(label=_("outcome"), required=False, choices=OUTCOME_CHOICES)
    note = forms.CharField(label=_("resolution note"), required=False, max_length=500)


@admin.register(MisuseCase)
class MisuseCaseAdmin(ModelAdmin):
    """The misuse review queue: signals become cases (checkin/misuse.py); a reviewer takes one and resolves it.
    A provincial officer reviews the cases of the province's facilities about its own people (or nobody)."""

    province_lookups = misuse.CASE_PROVINCES
    province_lookups_nullable = misuse.CASE_PROVINCES_NULLABLE

    form = MisuseResolveForm
    list_display = (
        "last_signal_at",
        "kind",
        "facility",
        "province",
        "participant",
        "staff",
        "count",
        "status",
        "assignee",
        "outcome",
    )
    list_filter = (
        "status",
        "kind",
        ("facility", admin.RelatedOnlyFieldListFilter),
        ("facility__province", admin.RelatedOnlyFieldListFilter),
        ("assignee", admin.RelatedOnlyFieldListFilter),
        "outcome",
    )
    list_select_related = ("facility__province", "participant", "staff", "assignee")
    search_fields = ("=facility__code", "facility__name", "staff__username", *PERSON_SEARCH)
    date_hierarchy = "last_signal_at"
    inlines = [MisuseEvidenceInline]
    actions = ["assign_to_me", "resolve"]
    action_form = MisuseActionForm
    _facts = (
        "kind",
        "rule",
        "period_start",
        "facility",
        "province",
        "participant",
        "staff",
        "reported_checkin",
        "persons_note",
        "count",
        "threshold",
        "window_hours",
        "opened_at",
        "last_signal_at",
        "status",
        "assignee",
        "resolved_at",
        "resolved_by",
    )
    fieldsets = (
        (_("Signal and evidence"), {"fields": _facts}),
        (_("Resolve"), {"fields": ("outcome", "resolution_note")}),
    )

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status == MisuseCase.Status.RESOLVED:
            return (*self._facts, "outcome", "resolution_note")
        return self._facts

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("province"), ordering="facility__province__name")
    def province(self, case):
        return case.facility.province

    @admin.display(description=_("rule"))
    def rule(self, case):
        return case.get_kind_display()

    @admin.display(description=_("reported check-in"))
    def reported_checkin(self, case):
        return checkin_link(case.checkin)

    @admin.display(description=_("the person's note"))
    def persons_note(self, case):
        return case.checkin.flag_note if case.checkin_id else "–"

    def save_model(self, request, obj, form, change):
        """Saving with an outcome resolves the case through the service; without one, nothing changes."""
        outcome = form.cleaned_data.get("outcome")
        if not outcome:
            return
        try:
            misuse.misuse_case_resolve(
                case=obj, by=request.user, outcome=outcome, note=form.cleaned_data.get("resolution_note", "")
            )
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), level="error")

    @admin.action(description=_("Assign to me"), permissions=["change"])
    def assign_to_me(self, request, queryset):
        taken = sum(misuse.misuse_case_assign(case=case, by=request.user) for case in queryset)
        message = ngettext("%(count)d case assigned to you.", "%(count)d cases assigned to you.", taken)
        self.message_user(request, message % {"count": taken})

    @admin.action(description=_("Resolve with the outcome chosen beside"), permissions=["change"])
    def resolve(self, request, queryset):
        outcome = request.POST.get("outcome", "")
        if outcome not in misuse.OUTCOMES_TO_CHOOSE:
            self.message_user(request, _("Choose the outcome of the review."), level=messages.ERROR)
            return
        resolved = 0
        for case in queryset.exclude(status=MisuseCase.Status.RESOLVED):
            misuse.misuse_case_resolve(case=case, by=request.user, outcome=outcome, note=request.POST.get("note", ""))
            resolved += 1
        message = ngettext("%(count)d case resolved.", "%(count)d cases resolved.", resolved)
        self.message_user(request, message % {"count": resolved})
