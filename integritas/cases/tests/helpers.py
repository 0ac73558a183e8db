"""Shared set-up of the cases tests: a report as the API takes it, and filing one directly."""

from __future__ import annotations

from django_scopes import scope

from integritas.cases import intake, intake_cache

REPORT = {
    "channel": "wbs", "category": "suap",
    "what": "Kepala seksi meminta uang pelicin untuk izin usaha saya.",
    "who": "Pak Darmawan, Kepala Seksi Perizinan",
    "unit": "unknown", "where": "Kantor Dinas, loket 3", "when": "Senin pagi, 2 November",
    "how": "Diminta secara lisan di loket", "estimated_loss": "2.500.000",
}


def file_report(tenant, **changes) -> intake.Filed:
    with scope(tenant=tenant.pk):
        context = intake_cache.context(tenant)
        return intake.file_report(context, intake.validate_report(context, {**REPORT, **changes}))
