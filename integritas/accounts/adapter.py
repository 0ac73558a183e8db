from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.utils.translation import gettext_lazy as _

from integritas.accounts.signals import password_changed, password_verified


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by a tenant administrator or the roster import, never by sign-up."""

    def is_open_for_signup(self, request):
        return False

    def pre_authenticate(self, request, **credentials):
        """A locked account gets django-axes' lockout page, even before allauth's own limiter.

        Both count failures per email; without this check allauth's limiter answers first with
        a generic form error and the person never learns the account is locked.
        """
        from allauth.core.exceptions import ImmediateHttpResponse
        from axes.handlers.proxy import AxesProxyHandler
        from axes.helpers import get_lockout_response

        if AxesProxyHandler.is_locked(request, credentials):
            raise ImmediateHttpResponse(get_lockout_response(request, credentials=credentials))
        super().pre_authenticate(request, **credentials)

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        if user is not None and credentials.get("password"):
            password_verified.send(type(self), user=user, password=credentials["password"],
                                   request=request)
        return user

    def set_password(self, user, password):
        super().set_password(user, password)
        password_changed.send(type(self), user=user, password=password, request=self.request)


class MFAAdapter(DefaultMFAAdapter):
    """Staff whose roles require two-factor login cannot switch it off while they hold the role."""

    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": _(
            "Your role requires two-factor login, so the authenticator app cannot be "
            "deactivated. Ask your Pemda administrator if your role has changed."
        ),
    }

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        from integritas.accounts.selectors import requires_mfa

        if authenticator.type != Authenticator.Type.TOTP:
            return True
        return not requires_mfa(authenticator.user)
