from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Show pages in Vietnamese unless the person chose another language.

    Many phones in Vietnam run with an English system language, so a
    browser's Accept-Language says little about what its owner reads; the
    choice made with the language switch (a cookie) decides instead. API
    clients are programs and keep the standard negotiation.
    """

    def process_request(self, request):
        if request.path.startswith("/api/"):
            return super().process_request(request)
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _ in settings.LANGUAGES}
        translation.activate(chosen if chosen in supported else settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()
        return None
