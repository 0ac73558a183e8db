"""Resolve the tenant from the URL (`/<tenant_slug>/...`) and run the request inside its scope.

A user without a membership in that tenant gets 404, never 403, so the existence of another
Pemda's objects is not revealed.
"""

from django.http import Http404
from django.urls import Resolver404, resolve
from django_scopes import scope

from integritas.accounts.selectors import active_memberships
from integritas.tenancy.models import Tenant


class TenantMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.tenant = None
        request.memberships = []
        slug = self._tenant_slug(request)
        if slug is None:
            return self.get_response(request)
        tenant = Tenant.objects.filter(slug=slug, is_active=True).first()
        if tenant is None:
            raise Http404
        request.tenant = tenant
        if request.user.is_authenticated:
            request.memberships = active_memberships(request.user, tenant)
        with scope(tenant=tenant.pk):
            return self.get_response(request)

    @staticmethod
    def _tenant_slug(request):
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
        return match.kwargs.get("tenant_slug")
