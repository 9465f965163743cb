"""The inbox: every reminder and notice sent to the signed-in person, with channel and status."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_POST

from participants import selectors as participant_selectors

from . import selectors, services
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


@login_required
@require_GET
def inbox_unread(request):
    """The header's unread count, fetched by htmx so that cached pages do not show a stale number."""
    count = selectors.reminder_unread_count(**_recipient(request))
    response = render(request, "reminders/inbox.html#unread", {"unread": count})
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns = [
    path("inbox/", inbox, name="inbox"),
    path("inbox/read/", inbox_mark_read, name="inbox-mark-read"),
    path("inbox/unread/", inbox_unread, name="inbox-unread"),
]
