"""Public verification pages: no login, not under a tenant. Anyone holding a pact (or its QR
code) can see that it is registered, and check that a PDF is authentic and unaltered."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from integritas.core.errors import DomainError
from integritas.pacts.public_selectors import signature_by_document_id
from integritas.pacts.verification import (
    MAX_UPLOAD_BYTES,
    check_declared_size,
    read_upload,
    verify_upload,
)


@require_http_methods(["GET"])
def document(request, document_id):
    found = signature_by_document_id(document_id)
    if found is None:
        return render(request, "pacts/public_verify_unknown.html",
                      {"document_id": document_id}, status=404)
    return render(request, "pacts/public_verify_document.html", {"document": found})


# The size check must come before CSRF's check, which reads (and so stores) the whole body; the
# CSRF token is then checked by `_check_upload` as usual.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def upload(request):
    if request.method == "POST":
        try:
            check_declared_size(request)
        except DomainError as error:
            return _upload_page(request, error=error, status=error.status)
    return _check_upload(request)


@csrf_protect
def _check_upload(request):
    if request.method != "POST":
        return _upload_page(request)
    try:
        data = read_upload(request.FILES.get("file"))
    except DomainError as error:
        return _upload_page(request, error=error, status=error.status)
    return _upload_page(request, verdict=verify_upload(data))


def _upload_page(request, *, status: int = 200, **context):
    return render(request, "pacts/public_verify_upload.html",
                  {"limit_mb": MAX_UPLOAD_BYTES // (1024 * 1024), **context}, status=status)
