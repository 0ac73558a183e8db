"""LKE framework pages: the library's and the Pemda's frameworks, one framework's tree, upload."""

from __future__ import annotations

import json

import yaml
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from integritas.accounts.decorators import tenant_view
from integritas.accounts.permissions import has_perm
from integritas.core.errors import DomainError, NotFound
from integritas.lke import selectors, services
from integritas.lke.forms import FrameworkUploadForm
from integritas.lke.frameworks import ANSWER_TYPES, ROMAN
from integritas.lke.services import InvalidFramework
from integritas.lke.texts import ANSWER_TYPE_LABELS


@tenant_view("zi.view")
def framework_list(request, tenant_slug):
    return render(request, "lke/framework_list.html", {
        "frameworks": selectors.visible_frameworks(request.tenant),
        "can_upload": has_perm(request.memberships, "zi.frameworks"),
    })


def _row(request, code):
    try:
        return selectors.framework_row(request.tenant, code)
    except NotFound:
        raise Http404 from None


@tenant_view("zi.view")
def framework_detail(request, tenant_slug, code):
    row = _row(request, code)
    download = request.GET.get("format")
    if download in ("json", "yaml"):
        return _download(row, download)
    framework = selectors.parsed(row)
    return render(request, "lke/framework_detail.html", {
        "row": row,
        "framework": framework,
        "rows": list(_tree_rows(framework)),
        "answer_types": [(kind, ANSWER_TYPE_LABELS[kind]) for kind in ANSWER_TYPES],
        "can_delete": not row.from_library and has_perm(request.memberships, "zi.frameworks"),
    })


def _tree_rows(framework):
    """Nodes and items in LKE order, each with its depth, for one flat table."""
    def walk(node, depth):
        area = _("Area %(roman)s") % {"roman": ROMAN[node.area]} if node.area else ""
        yield {"node": node, "depth": depth, "area": area}
        for child in node.children:
            yield from walk(child, depth + 1)
        for item in node.items:
            yield {"item": item, "depth": depth + 1,
                   "answer_type": ANSWER_TYPE_LABELS[item.answer_type]}

    for node in framework.nodes:
        yield from walk(node, 0)


def _download(row, kind: str) -> HttpResponse:
    if kind == "json":
        body, content_type = json.dumps(row.document, indent=2, ensure_ascii=False), \
            "application/json"
    else:
        body, content_type = yaml.safe_dump(row.document, sort_keys=False, allow_unicode=True,
                                            width=100), "application/yaml"
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{row.code}.{kind}"'
    return response


@tenant_view("zi.frameworks")
def framework_upload(request, tenant_slug):
    form = FrameworkUploadForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            framework = services.upload_framework(request.tenant, request.user,
                                                  content=form.cleaned_data["file"].read())
        except InvalidFramework as error:
            form.add_domain_error(error)
            problems = error.problems
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Framework %(code)s saved with %(items)s items.") % {
                "code": framework.code, "items": framework.items_count})
            return redirect("lke:framework_detail", tenant_slug=tenant_slug,
                            code=framework.code)
    return render(request, "lke/framework_upload.html", {
        "form": form, "problems": problems,
        "answer_types": [(kind, ANSWER_TYPE_LABELS[kind]) for kind in ANSWER_TYPES],
    }, status=400 if form.errors else 200)


@tenant_view("zi.frameworks", methods=("POST",))
def framework_delete(request, tenant_slug, code):
    row = _row(request, code)
    if row.from_library:
        raise Http404
    try:
        services.delete_framework(request.tenant, request.user, row)
    except DomainError as error:
        messages.error(request, error.render())
        return redirect("lke:framework_detail", tenant_slug=tenant_slug, code=code)
    messages.success(request, _("Framework %(code)s deleted.") % {"code": code})
    return redirect("lke:framework_list", tenant_slug=tenant_slug)
