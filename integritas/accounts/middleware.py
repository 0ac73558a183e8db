"""Staff whose roles see cases or declarations must enrol TOTP before anything else."""

from django.shortcuts import redirect
from django.urls import reverse

EXEMPT_PREFIXES = ("/akun/", "/static/", "/media/", "/bahasa/", "/healthz", "/api/",
                   "/verifikasi/")


class RequireMfaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_enrol(request):
            return redirect(reverse("mfa_activate_totp"))
        response = self.get_response(request)
        # Cookies asked for by code without a response at hand (cases.vault at login).
        for cookie in getattr(request, "pending_cookies", ()):
            response.set_cookie(**cookie)
        return response

    @staticmethod
    def _must_enrol(request) -> bool:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        if request.path.startswith(EXEMPT_PREFIXES):
            return False
        from integritas.accounts.selectors import has_totp, requires_mfa

        return requires_mfa(user) and not has_totp(user)
