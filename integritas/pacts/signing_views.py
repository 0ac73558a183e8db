"""The employee's own pacts: list, sign, witness, download; and the officer's paper record."""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from integritas.accounts.decorators import tenant_view
from integritas.accounts.permissions import grant
from integritas.core.calendar import deadline_phrase
from integritas.core.errors import DomainError
from integritas.pacts import signing, signing_selectors
from integritas.pacts.models import PactTarget
from integritas.pacts.signing_forms import PaperSignatureForm, SignForm
from integritas.pacts.texts import PactValues, render_html


@tenant_view("pacts.sign")
def my_pacts(request, tenant_slug):
    tenant, today = request.tenant, timezone.localdate()
    targets = list(signing_selectors.my_targets(tenant, request.user))
    pending = [(target, deadline_phrase(tenant, target.due_on, today)) for target in targets
               if target.status == PactTarget.Status.PENDING]
    done = [(target, next(iter(target.signatures.all()), None))
            for target in targets if target.status != PactTarget.Status.PENDING]
    return render(request, "pacts/my_pacts.html", {
        "pending": pending, "done": done,
        "to_witness": signing_selectors.awaiting_my_witness(tenant, request.user),
    })


@tenant_view("pacts.sign")
def sign(request, tenant_slug, target_id):
    target = _mine(request, target_id)
    form = SignForm(request.POST or None, needs_totp=signing.needs_totp(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            signature = signing.sign_pact(request.tenant, request.user, target,
                                          password=form.cleaned_data["password"],
                                          totp_code=form.cleaned_data.get("totp_code"))
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Signed. Your pact %(document)s is ready to download.")
                             % {"document": signature.document_id})
            return redirect("pacts:my_pacts", tenant_slug=tenant_slug)
    values = PactValues.for_target(target, timezone.localdate())
    return render(request, "pacts/sign.html", {
        "target": target, "form": form, "values": values,
        "body_html": render_html(target.campaign.text.body, values),
        "can_sign": target.status == PactTarget.Status.PENDING,
    }, status=400 if form.errors else 200)


@tenant_view("pacts.sign", methods=("POST",))
def witness(request, tenant_slug, pk):
    signature = _signature(request, pk)
    try:
        signing.witness_pact(request.tenant, request.user, signature)
    except DomainError as error:
        messages.error(request, error.render())
    else:
        messages.success(request, _("You confirmed that you witnessed %(name)s's pact.")
                         % {"name": signature.signer_name})
    return redirect("pacts:my_pacts", tenant_slug=tenant_slug)


@tenant_view("pacts.sign")
def signature_pdf(request, tenant_slug, pk):
    """The signed PDF (or, for a paper pact, its scan), for the signer, the witness and
    officers with "pacts.manage"."""
    signature = _signature(request, pk)
    stored = signature.pdf or signature.scan
    if not stored:
        raise Http404
    name = stored.name.rsplit("/", 1)[-1]
    return FileResponse(stored.open("rb"), filename=name, as_attachment=True,
                        content_type=mimetypes.guess_type(name)[0] or "application/pdf")


@tenant_view("pacts.manage")
def paper_upload(request, tenant_slug, target_id):
    try:
        target = signing_selectors.managed_target(request.tenant, request.grant, target_id)
    except DomainError as error:
        raise Http404(error.render()) from error
    form = PaperSignatureForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            signing.record_paper_signature(request.tenant, request.user, target,
                                           scan=form.cleaned_data["scan"],
                                           signed_on=form.cleaned_data["signed_on"],
                                           witness_name=form.cleaned_data["witness_name"])
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("The paper pact of %(name)s is recorded.")
                             % {"name": target.employee.name})
            return redirect("pacts:campaign_detail", tenant_slug=tenant_slug,
                            pk=target.campaign_id)
    return render(request, "pacts/paper_upload.html", {"target": target, "form": form},
                  status=400 if form.errors else 200)


def _mine(request, target_id) -> PactTarget:
    try:
        return signing_selectors.my_target(request.tenant, request.user, target_id)
    except DomainError as error:
        raise Http404(error.render()) from error


def _signature(request, pk):
    manage = grant(request.memberships, "pacts.manage")
    try:
        return signing_selectors.signature_for(request.tenant, request.user, manage, pk)
    except DomainError as error:
        raise Http404(error.render()) from error
