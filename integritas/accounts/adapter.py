from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by a tenant administrator or the roster import, never by sign-up."""

    def is_open_for_signup(self, request):
        return False
