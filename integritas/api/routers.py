"""Every app's router, mounted under /api/v1/."""

from integritas.accounts.api import router as accounts_router
from integritas.audit.api import router as audit_router
from integritas.core.api import router as calendar_router
from integritas.pacts.api import router as pacts_router
from integritas.pacts.performance_api import router as performance_router
from integritas.pacts.public_api import router as public_router
from integritas.pacts.signing_api import router as signing_router
from integritas.people.api import router as people_router
from integritas.people.import_api import router as imports_router
from integritas.tenancy.api import router as tenancy_router

ROUTERS = [
    ("/", tenancy_router),
    ("/employees", people_router),
    ("/imports", imports_router),
    ("/accounts", accounts_router),
    ("/audit", audit_router),
    ("/calendar", calendar_router),
    ("/pacts", pacts_router),
    ("/pacts", signing_router),
    ("/public", public_router),
    ("/performance", performance_router),
]
