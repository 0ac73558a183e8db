"""Guards for tenant pages: log in, hold a role in this Pemda (else 404), hold the permission."""

from __future__ import annotations

import functools

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed

from integritas.accounts.permissions import PERMISSIONS, grant


def tenant_view(permission: str, methods: tuple[str, ...] | None = None):
    """Guard a tenant page. `methods` limits the HTTP methods, checked after membership, so an
    outsider learns nothing (404) even from an action-only URL."""
    if permission not in PERMISSIONS:
        raise ValueError(f"unknown permission {permission!r}")

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if request.tenant is None or not request.memberships:
                raise Http404
            request.grant = grant(request.memberships, permission)
            if not request.grant.allowed:
                raise PermissionDenied
            if methods is not None and request.method not in methods:
                return HttpResponseNotAllowed(methods)
            return view(request, *args, **kwargs)

        wrapper.permission = permission
        return wrapper

    return decorate
