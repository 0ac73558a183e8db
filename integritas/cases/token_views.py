"""Case access for one's own API tokens: a token opens cases only once its owner wraps their
unlocked case key under the token's secret (`keys.enable_token`); it can be withdrawn."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integritas.accounts.decorators import tenant_view
from integritas.accounts.models import ApiToken
from integritas.accounts.selectors import own_tokens
from integritas.cases import keys
from integritas.cases.models import HandlerTokenKey
from integritas.core.errors import DomainError
from integritas.core.forms import DomainErrorForm, show_domain_error


class TokenAccessForm(DomainErrorForm):
    token = forms.ModelChoiceField(label=gettext_lazy("Token"), queryset=ApiToken.objects.none())
    secret = forms.CharField(
        label=gettext_lazy("The token itself"), strip=True, max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text=gettext_lazy("As it was shown once when the token was created; it starts "
                               "with itg_. It is used here and not stored."))

    def __init__(self, tokens, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["token"].queryset = tokens
        self.fields["token"].label_from_instance = lambda t: f"{t.name} (…{t.hint})"


def _own_active_tokens(request):
    return (own_tokens(request.tenant, request.user).filter(revoked_at__isnull=True)
            .order_by("name", "pk"))


@tenant_view("cases.view")
def token_access(request, tenant_slug):
    tokens = _own_active_tokens(request)
    form = TokenAccessForm(tokens, request.POST or None)
    status = 200
    if request.method == "POST":
        private = keys.private_key(request)
        if private is None:
            return render(request, "cases/keys_locked.html",
                          {"error": keys.KeysLocked()}, status=403)
        if form.is_valid():
            try:
                keys.enable_token(request.tenant, request.user, form.cleaned_data["token"],
                                  form.cleaned_data["secret"], private)
            except DomainError as error:
                show_domain_error(form, error)
            else:
                messages.success(request, _("The token now opens the cases you hold."))
                return redirect("cases:token_access", tenant_slug=tenant_slug)
        status = 400
    enabled = set(HandlerTokenKey.objects.filter(token__in=tokens)
                  .values_list("token_id", flat=True))
    return render(request, "cases/token_access.html", {
        "form": form, "rows": [(token, token.pk in enabled) for token in tokens],
        "locked": keys.private_key(request) is None,
    }, status=status)


@tenant_view("cases.view", methods=("POST",))
def token_access_withdraw(request, tenant_slug, token_id):
    token = get_object_or_404(_own_active_tokens(request), pk=token_id)
    keys.disable_token(request.tenant, request.user, token)
    messages.success(request, _("The token no longer opens cases."))
    return redirect("cases:token_access", tenant_slug=tenant_slug)
