"""The inbox: every reminder and notice sent to the signed-in person, with channel and status."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from participants import selectors as participant_selectors

from . import selectors, services
from .forms import NotificationPreferenceForm
from .models import NotificationPreference
from .texts import reminder_body, reminder_title


def _recipient(request) -> dict:
    participant = participant_selectors.participant_get_for_user(user=request.user, with_current_card=False)
    return {"participant": participant} if participant is not None else {"user": request.user}


@login_required
@require_GET
def inbox(request):
    recipient = _recipient(request)
    items = [
        {"reminder": r, "title": reminder_title(r), "body": reminder_body(r)}
        for r in selectors.reminder_list_for_recipient(**recipient)
    ]
    unread = sum(1 for item in items if item["reminder"].read_at is None)
    return render(request, "reminders/inbox.html", {"items": items, "unread": unread})


@login_required
@require_POST
def inbox_mark_read(request):
    services.reminders_mark_read(**_recipient(request))
    return redirect("inbox")


@require_GET
def inbox_unread(request):
    """The header's unread count, fetched by htmx so that cached pages do not show a stale number.

    Not login_required: when the session has ended, the header's poll must get an empty count, not the
    sign-in page swapped into the header."""
    count = selectors.reminder_unread_count(**_recipient(request)) if request.user.is_authenticated else 0
    response = render(request, "reminders/inbox.html#unread", {"unread": count})
    response["Cache-Control"] = "private, no-store"
    return response


# A background poll (every 120 s from the header): it must not extend the session (bhxh_portal.middleware).
inbox_unread.background_poll = True


@login_required
@require_http_methods(["GET", "POST"])
def inbox_preferences(request):
    """Channels (e-mail, SMS; the inbox is always on) and SMS quiet hours of the signed-in citizen."""
    participant = participant_selectors.participant_get_for_user(user=request.user, with_current_card=False)
    if participant is None:
        raise Http404  # employer and clinic accounts have no participant record to set preferences on
    # The reverse one-to-one is read once here; without a row the model's defaults are the person's choices.
    current = getattr(participant, "notification_preference", None) or NotificationPreference()
    if request.method == "POST":
        form = NotificationPreferenceForm(request.POST)
        if form.is_valid():
            services.notification_preference_set(participant=participant, **form.cleaned_data)
            messages.success(request, _("Your notification choices are saved."))
            return redirect("inbox-preferences")
        status = 400
    else:
        form = NotificationPreferenceForm(
            initial={
                "email_enabled": current.email_enabled,
                "sms_enabled": current.sms_enabled,
                "quiet_start": current.quiet_start,
                "quiet_end": current.quiet_end,
            }
        )
        status = 200
    context = {"form": form, "has_email": bool(participant.email), "has_phone": bool(participant.phone)}
    return render(request, "reminders/preferences.html", context, status=status)


urlpatterns = [
    path("inbox/", inbox, name="inbox"),
    path("inbox/read/", inbox_mark_read, name="inbox-mark-read"),
    path("inbox/unread/", inbox_unread, name="inbox-unread"),
    path("inbox/preferences/", inbox_preferences, name="inbox-preferences"),
]
