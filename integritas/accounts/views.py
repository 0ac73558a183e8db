"""Pages for the Pemda administrator (users and roles) and for API token holders."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integritas.accounts import selectors, services
from integritas.accounts.decorators import tenant_view
from integritas.accounts.forms import MembershipForm, TokenForm
from integritas.accounts.models import ApiToken, Membership
from integritas.accounts.roles import Role
from integritas.core.errors import DomainError
from integritas.core.listing import Column, ListSpec, apply_list


def _roles_text(user) -> str:
    return ", ".join(
        f"{m.get_role_display()} ({m.unit.name})" if m.unit else str(m.get_role_display())
        for m in user.tenant_memberships
    )


def _with_role(users, tenant, role):
    if role not in Role.values:
        return users
    return users.filter(pk__in=selectors.users_with_role(tenant, role))


def _member_spec(tenant) -> ListSpec:
    return ListSpec(
        search_fields=["email", "full_name"],
        sorts={"name": "full_name", "email": "email", "last_login": "last_login"},
        default_sort="name",
        extra_filters={"role": lambda users, role: _with_role(users, tenant, role)},
        export_columns=[
            Column(gettext_lazy("Name"), lambda u: u.full_name),
            Column(gettext_lazy("Email"), lambda u: u.email),
            Column(gettext_lazy("Roles"), _roles_text),
            Column(gettext_lazy("Last login"), lambda u: u.last_login),
        ],
        export_name="pengguna",
    )


@tenant_view("accounts.manage")
def membership_list(request, tenant_slug):
    queryset = selectors.members(request.tenant, request.grant)
    result = apply_list(request, queryset, _member_spec(request.tenant))
    if not isinstance(result, dict):
        return result  # the Excel export
    return render(request, "accounts/membership_list.html",
                  {**result, "roles": Role.choices, "role": request.GET.get("role", "")})


@tenant_view("accounts.manage")
def membership_create(request, tenant_slug):
    form = MembershipForm(request.POST or None, tenant=request.tenant)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.invite_member(request.tenant, request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("%(user)s now holds the role %(role)s.") % {
                "user": membership.user, "role": membership.get_role_display()})
            return redirect("accounts:membership_list", tenant_slug=tenant_slug)
    return render(request, "accounts/membership_form.html", {"form": form})


@tenant_view("accounts.manage")
def membership_revoke(request, tenant_slug, pk):
    membership = get_object_or_404(Membership, pk=pk, tenant=request.tenant)
    if request.method == "POST":
        try:
            services.revoke_role(request.tenant, request.user, membership)
        except DomainError as error:
            messages.error(request, error.render())
        else:
            messages.success(request, _("Role revoked: %(membership)s.") % {
                "membership": membership})
    return redirect("accounts:membership_list", tenant_slug=tenant_slug)


@tenant_view("api.tokens")
def token_list(request, tenant_slug):
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, secret = services.create_api_token(
                request.tenant, request.user, user=request.user, name=form.cleaned_data["name"])
        except DomainError as error:
            form.add_domain_error(error)
        else:
            form = TokenForm()
    tokens = selectors.own_tokens(request.tenant, request.user)
    # The secret is rendered in this one response and never again (only its digest is kept).
    return render(request, "accounts/token_list.html",
                  {"form": form, "tokens": tokens, "secret": secret})


@tenant_view("api.tokens")
def token_revoke(request, tenant_slug, pk):
    token = get_object_or_404(ApiToken, pk=pk, tenant=request.tenant, user=request.user)
    if request.method == "POST":
        try:
            services.revoke_api_token(request.tenant, request.user, token)
        except DomainError as error:
            messages.error(request, error.render())
        else:
            messages.success(request, _("Token revoked: %(name)s.") % {"name": token.name})
    return redirect("accounts:token_list", tenant_slug=tenant_slug)
