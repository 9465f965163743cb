from django import forms
from django.utils.translation import gettext_lazy as _


def _time_field(label: str, required_message: str) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        input_formats=["%H:%M", "%H:%M:%S"],
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": required_message, "invalid": _("Enter a time such as 21:00.")},
    )


class NotificationPreferenceForm(forms.Form):
    """The person's channels and SMS quiet hours; saved by services.notification_preference_set."""

    email_enabled = forms.BooleanField(label=_("By e-mail"), required=False)
    sms_enabled = forms.BooleanField(label=_("By SMS"), required=False)
    quiet_start = _time_field(_("From"), _("Enter the time quiet hours start."))
    quiet_end = _time_field(_("Until"), _("Enter the time quiet hours end."))

    def clean(self):
        data = super().clean()
        start, end = data.get("quiet_start"), data.get("quiet_end")
        if start is not None and end is not None and start == end:
            # The rule reads equal times as "no quiet hours at all"; typed on this page they are almost
            # always a slip, and an SMS at 3 a.m. is the complaint quiet hours exist to prevent.
            self.add_error("quiet_end", _("Quiet hours must end at a different time than they start."))
        return data
