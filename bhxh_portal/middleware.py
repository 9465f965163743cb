"""The project's own middleware: Vietnamese first, the idle timeout, no-store for personal pages.

Vietnamese first: pages are in Vietnamese unless the person picked English with the switcher
(remembered in the language cookie), whatever language the phone's browser asks for. Many phones
in Vietnam are set to English; the service should still greet them in Vietnamese. The API keeps
honouring Accept-Language, which is how an app asks for a language."""

from django.contrib.auth import SESSION_KEY
from django.utils.cache import patch_cache_control


def vietnamese_first(get_response):
    def middleware(request):
        if not request.path.startswith("/api/"):
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return get_response(request)

    return middleware


class session_activity:
    """Idle timeout: every request saves the session, which pushes its expiry SESSION_COOKIE_AGE ahead, except
    a request to a view with `background_poll = True` (the header's unread count), so a tab left open does not keep a session alive forever.
    (SESSION_SAVE_EVERY_REQUEST is off for this reason.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or getattr(request, "_background_poll", False) or session.is_empty():
            return response
        session.modified = True
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "background_poll", False):
            request._background_poll = True
        return None


def no_store_when_signed_in(get_response):
    """Pages of a signed-in person and API answers hold personal data: `Cache-Control: no-store, private`, so
    neither a shared proxy nor the browser's back button keeps them after sign-out (unless the view said
    otherwise). The offline card and check-in pages are the service worker's own copies, not the HTTP cache."""

    def middleware(request):
        response = get_response(request)
        if response.has_header("Cache-Control"):
            return response
        session = getattr(request, "session", None)
        if request.path.startswith("/api/") or (session is not None and SESSION_KEY in session):
            patch_cache_control(response, private=True, no_store=True)
        return response

    return middleware
