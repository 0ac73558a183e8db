"""Every app's router, mounted under /api/v1/."""

from integritas.accounts.api import router as accounts_router
from integritas.audit.api import router as audit_router
from integritas.cases.api import router as cases_router
from integritas.cases.public_api import router as reporting_router
from integritas.conflicts.api import router as conflicts_router
from integritas.core.api import router as calendar_router
from integritas.gratification.api import router as gratification_router
from integritas.lke.api import router as lke_router
from integritas.oversight.api import router as oversight_router
from integritas.pacts.api import router as pacts_router
from integritas.pacts.performance_api import router as performance_router
from integritas.pacts.public_api import router as public_router
from integritas.pacts.signing_api import router as signing_router
from integritas.people.api import router as people_router
from integritas.people.import_api import router as imports_router
from integritas.risk.api import router as risk_router
from integritas.surveys.api import router as surveys_router
from integritas.tenancy.api import router as tenancy_router
from integritas.zi.api import router as zi_router

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
    ("/cases", cases_router),
    ("/public", reporting_router),
    ("/conflicts", conflicts_router),
    ("/gratifications", gratification_router),
    ("/zi", zi_router),
    ("/zi", lke_router),
    ("/surveys", surveys_router),
    ("/risk", risk_router),
    ("/oversight", oversight_router),
]
