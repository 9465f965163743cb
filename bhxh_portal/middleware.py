"""Vietnamese first: pages are in Vietnamese unless the person picked English with the switcher
(remembered in the language cookie), whatever language the phone's browser asks for. Many phones
in Vietnam are set to English; the service should still greet them in Vietnamese. The API keeps
honouring Accept-Language, which is how an app asks for a language."""


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
