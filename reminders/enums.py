"""Choice sets of the reminder ledger. Kind codes are the ones the pure rules use (rules.base.Kind)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class KindChoice(models.TextChoices):
    CARD_EXPIRING = "card_expiring", _("Health insurance card expiring")
    CARD_EXPIRED = "card_expired", _("Health insurance card expired")
    VOLUNTARY_PAYMENT_DUE = "voluntary_payment_due", _("Voluntary contribution due")
    EMPLOYER_ARREARS = "employer_arrears", _("Employer has not paid contributions")
    JOB_SEARCH_REPORT_DUE = "job_search_report_due", _("Monthly job-search notice due")
    RETIREMENT_APPROACHING = "retirement_approaching", _("Retirement age approaching")
    FACILITY_CHANGE_WINDOW = "facility_change_window", _("Window to change the registered facility")
    CHECKIN_RECORDED = "checkin_recorded", _("Check-in at a clinic")
    HOUSEHOLD_PAYMENT_DUE = "household_payment_due", _("Household health insurance payment due")
    CHILD_CARD_EXPIRING = "child_card_expiring", _("Your child's health insurance card expiring")


class Channel(models.TextChoices):
    INBOX = "inbox", _("In the app")
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    DEFERRED = "deferred", _("Waiting for the end of quiet hours")
    SENT = "sent", _("Sent")
    DELIVERED = "delivered", _("Delivered")
    FAILED_TEMPORARY = "failed_temporary", _("Failed, will retry")
    FAILED_PERMANENT = "failed_permanent", _("Failed")
    SKIPPED = "skipped", _("Not sent (no consent or no address)")


class SweepChunkKind(models.TextChoices):
    PARTICIPANTS = "participants", _("Participants")
    EMPLOYERS = "employers", _("Employers' users")
