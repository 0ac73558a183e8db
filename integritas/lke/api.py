"""LKE frameworks and scoring over the API (mounted under /api/v1/zi, beside zi's own router)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema, Status

from integritas.api.api import tenant_scope
from integritas.api.auth import require_perm
from integritas.core.errors import DomainError
from integritas.lke import selectors, services
from integritas.lke.frameworks import FrameworkError, parse_framework
from integritas.lke.libraries import normalised
from integritas.lke.reports import score_report
from integritas.lke.services import InvalidFramework

router = Router(tags=["zi"])

Answer = str | float | int | None


class ScoreIn(Schema):
    framework: str | None = Field(None, description="The code of a framework (library or the "
                                                    "Pemda's own)")
    framework_document: dict[str, Any] | None = Field(
        None, description="A whole framework in the interchange format (docs/lke.md), "
                          "instead of `framework`")
    answers: dict[str, Answer] = Field(
        default_factory=dict, description='{item_code: answer}: "Ya"/"Tidak", "A"–"E", or a '
                                          "number (percent 0–100, index 0–4, jumlah ≥ 0)")
    has_wbk: bool = Field(False, description="The unit already holds Menuju WBK")


class FrameworkOut(Schema):
    code: str
    title: str
    regulation: str
    effective_from: dt.date
    source: str
    confidence: str
    content_hash: str
    items_count: int
    from_library: bool


class FrameworkIn(Schema):
    document: dict[str, Any] = Field(description="The framework in the interchange format")


@router.post("/score", summary="Score LKE answers: every node, the total and the WBK/WBBM "
                               "verdicts")
def score_answers(request, payload: ScoreIn):
    require_perm(request, "zi.view")
    with tenant_scope(request):
        framework = _framework(request.tenant, payload)
        return score_report(framework, payload.answers, has_wbk=payload.has_wbk)


def _framework(tenant, payload: ScoreIn):
    if (payload.framework is None) == (payload.framework_document is None):
        raise DomainError("lke.framework_required",
                          _("Give either `framework` (a code) or `framework_document`."),
                          field="framework")
    if payload.framework is not None:
        return selectors.framework_for(tenant, payload.framework)
    try:
        return parse_framework(normalised(payload.framework_document))
    except FrameworkError as error:
        raise InvalidFramework(error.problems) from error


@router.get("/frameworks", response=list[FrameworkOut],
            summary="The LKE frameworks: the library's and the Pemda's own")
def list_frameworks(request):
    require_perm(request, "zi.view")
    with tenant_scope(request):
        return list(selectors.visible_frameworks(request.tenant))


@router.get("/frameworks/{code}", summary="One framework in the interchange format")
def get_framework(request, code: str):
    require_perm(request, "zi.view")
    with tenant_scope(request):
        return selectors.framework_row(request.tenant, code).document


@router.post("/frameworks", response={201: FrameworkOut},
             summary="Upload the Pemda's own framework (replaces its own with the same code)")
def upload_framework(request, payload: FrameworkIn):
    require_perm(request, "zi.frameworks")
    with tenant_scope(request):
        return Status(201, services.upload_framework(request.tenant, request.user,
                                                     document=payload.document))
