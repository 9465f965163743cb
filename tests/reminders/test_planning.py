"""The channel plan of a new reminder: inbox always, e-mail and SMS only with consent AND an address."""

import itertools

import pytest

from reminders.enums import Channel, DeliveryStatus
from reminders.models import NotificationPreference
from reminders.planning import DEFAULT_EMAIL_ENABLED, DEFAULT_SMS_ENABLED, channel_statuses


@pytest.mark.parametrize(
    ("email_enabled", "sms_enabled", "has_email", "has_phone"), list(itertools.product([True, False], repeat=4))
)
def test_consent_and_address_are_both_needed(email_enabled, sms_enabled, has_email, has_phone):
    plan = channel_statuses(
        email_enabled=email_enabled, sms_enabled=sms_enabled, has_email=has_email, has_phone=has_phone
    )
    assert plan == {
        Channel.INBOX: DeliveryStatus.DELIVERED,
        Channel.EMAIL: DeliveryStatus.QUEUED if email_enabled and has_email else DeliveryStatus.SKIPPED,
        Channel.SMS: DeliveryStatus.QUEUED if sms_enabled and has_phone else DeliveryStatus.SKIPPED,
    }


def test_every_channel_is_planned_with_a_valid_status():
    plan = channel_statuses(email_enabled=True, sms_enabled=True, has_email=True, has_phone=True)
    assert set(plan) == set(Channel.values)
    assert set(plan.values()) <= set(DeliveryStatus.values)


def test_defaults_without_a_preference_row_match_the_model():
    # A participant with no NotificationPreference row is treated as the model's defaults: e-mail on, SMS off.
    assert DEFAULT_EMAIL_ENABLED is True
    assert DEFAULT_SMS_ENABLED is False
    assert NotificationPreference._meta.get_field("email_enabled").default is DEFAULT_EMAIL_ENABLED
    assert NotificationPreference._meta.get_field("sms_enabled").default is DEFAULT_SMS_ENABLED
    plan = channel_statuses(
        email_enabled=DEFAULT_EMAIL_ENABLED, sms_enabled=DEFAULT_SMS_ENABLED, has_email=True, has_phone=True
    )
    assert plan == {"inbox": "delivered", "email": "queued", "sms": "skipped"}
