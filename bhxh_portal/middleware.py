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
