TEXT_SIZE_COOKIE = "text_size"


def display_preferences(request):
    """Whether the page is in large-text mode (a cookie set by the text-size switch)."""
    return {"large_text": request.COOKIES.get(TEXT_SIZE_COOKIE) == "large"}
