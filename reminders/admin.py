from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from participants.admin_base import ModelAdmin, PersonalRecordAdmin, TabularInline

from .delivery import deliveries_resend
from .models import Delivery, NotificationPreference, Reminder


class DeliveryInline(TabularInline):
    model = Delivery
    extra = 0
    fields = ("channel", "status", "attempts", "provider_ref", "last_error", "not_before", "sent_at")
    readonly_fields = fields
    can_delete = False


@admin.register(Reminder)
class ReminderAdmin(ModelAdmin):
    province_lookups = ("participant__province",)  # an employer's reminder (no person) is the national office's
    list_display = ("kind", "due_on", "participant", "user", "created_at", "read_at")
    list_filter = ("kind", "due_on", "deliveries__status", "deliveries__channel")
    list_select_related = ("participant", "user")
    search_fields = ("participant__full_name", "=participant__social_insurance_number", "user__username", "subject")
    date_hierarchy = "due_on"
    readonly_fields = ("public_id", "participant", "user", "kind", "subject", "due_on", "created_at", "context")
    inlines = [DeliveryInline]
    actions = ["resend_failed"]

    @admin.action(description=_("Resend the failed e-mails and SMS of the selected reminders"), permissions=["change"])
    def resend_failed(self, request, queryset):
        # Only failed deliveries go back in the queue; sent ones keep their single send (deliveries_resend).
        count = deliveries_resend(reminder_ids=queryset.values_list("id", flat=True))
        message = ngettext("%(count)d delivery queued again.", "%(count)d deliveries queued again.", count)
        self.message_user(request, message % {"count": count})


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(PersonalRecordAdmin):
    list_display = ("participant", "email_enabled", "sms_enabled", "quiet_start", "quiet_end")
    list_filter = ("email_enabled", "sms_enabled")
    list_select_related = ("participant",)
    search_fields = ("participant__full_name",)
    raw_id_fields = ("participant",)
