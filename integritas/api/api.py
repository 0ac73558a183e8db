"""The JSON API: one NinjaAPI, one router per app, coded errors as JSON."""

from django_scopes import scope
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError
from ninja.security import HttpBearer

from integritas.core.errors import DomainError

from .auth import authenticate_bearer


class BearerAuth(HttpBearer):
    def authenticate(self, request, token):
        return authenticate_bearer(request, token)


api = NinjaAPI(
    title="Integritas API",
    version="1",
    description="The integrity programme of a Pemda: every action of the web UI, for integrations.",
    auth=BearerAuth(),
    urls_namespace="api",
)


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    return api.create_response(request, exc.as_dict(), status=exc.status)


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    return api.create_response(
        request,
        {"code": "invalid_input", "message": "Invalid input / Masukan tidak valid",
         "errors": exc.errors},
        status=422,
    )


@api.exception_handler(AuthenticationError)
def auth_error(request, exc):
    return api.create_response(
        request,
        {"code": "unauthorized",
         "message": "A valid bearer token is required / Token tidak valid"},
        status=401,
    )


def tenant_scope(request):
    """The scope of the token's tenant; every endpoint body runs inside it."""
    return scope(tenant=request.tenant.pk)


def _mount_routers() -> None:
    from integritas.api.routers import ROUTERS

    for prefix, router in ROUTERS:
        api.add_router(prefix, router)


_mount_routers()
