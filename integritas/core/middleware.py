"""Indonesian first: the language is the one the person chose, else Indonesian.

Django's LocaleMiddleware would follow the browser's Accept-Language, which on most office PCs in
Indonesia is English; the product speaks Indonesian unless asked otherwise.
"""

from django.conf import settings
from django.utils import translation


class LanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        # Scoped to the request, so the language never leaks into the next job on this thread.
        with translation.override(language, deactivate=True):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
