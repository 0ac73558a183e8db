"""Ceremony mode: an official opens a session on a tablet for an open campaign, and people sign
one after another with their own email, password (and TOTP code); a live counter shows progress.

The session lives in the official's own session data; each signer is only authenticated (so the
django-axes lockout counts their failures), never logged in, and signs as themselves.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import authenticate
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integritas.accounts.decorators import tenant_view
from integritas.core.errors import DomainError, NotFound
from integritas.core.forms import DomainErrorForm
from integritas.pacts import selectors, signing
from integritas.pacts.models import PactCampaign, PactSignature
from integritas.pacts.texts import PactValues, document_date, render_html

SESSION_KEY = "pacts_ceremony"
COUNTER_POLL_SECONDS = 2


class CeremonySignForm(DomainErrorForm):
    # A shared tablet: the browser must not remember one signer's details for the next.
    email = forms.EmailField(label=gettext_lazy("Your email"), widget=forms.EmailInput(
        attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}))
    password = forms.CharField(label=gettext_lazy("Your password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "off"}))
    totp_code = forms.CharField(
        label=gettext_lazy("Authenticator code"), required=False, max_length=10,
        help_text=gettext_lazy("Only if you use an authenticator app to log in."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}))


@tenant_view("pacts.manage")
def ceremony(request, tenant_slug, pk):
    """GET: the start page, or the tablet page once the session runs. POST: start it."""
    campaign = _campaign(request, pk)
    if request.method == "POST":
        if campaign.status == PactCampaign.Status.OPEN:
            request.session[SESSION_KEY] = campaign.pk
        else:
            messages.error(request, _("Signing is not open for this campaign."))
        return redirect("pacts:ceremony", tenant_slug=tenant_slug, pk=campaign.pk)
    if not _running(request, campaign):
        return render(request, "pacts/ceremony_start.html", {"campaign": campaign})
    return _tablet(request, campaign, CeremonySignForm())


@tenant_view("pacts.manage", methods=("POST",))
def ceremony_sign(request, tenant_slug, pk):
    campaign = _campaign(request, pk)
    if not _running(request, campaign):
        return redirect("pacts:ceremony", tenant_slug=tenant_slug, pk=campaign.pk)
    form = CeremonySignForm(request.POST)
    if form.is_valid():
        try:
            signature = _sign_as_signer(request, campaign, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Signed: %(name)s — PDF sent to their My pacts page.")
                             % {"name": signature.signer_name})
            return redirect("pacts:ceremony", tenant_slug=tenant_slug, pk=campaign.pk)
    return _tablet(request, campaign, form, status=400)


@tenant_view("pacts.manage", methods=("POST",))
def ceremony_end(request, tenant_slug, pk):
    campaign = _campaign(request, pk)
    if _running(request, campaign):
        del request.session[SESSION_KEY]
    messages.success(request, _("The ceremony is over."))
    return redirect("pacts:campaign_detail", tenant_slug=tenant_slug, pk=campaign.pk)


@tenant_view("pacts.manage")
def ceremony_counter(request, tenant_slug, pk):
    campaign = _campaign(request, pk)
    return render(request, "pacts/ceremony_counter.html", _counter_context(request, campaign))


def _sign_as_signer(request, campaign, *, email: str, password: str,
                    totp_code: str) -> PactSignature:
    """Sign as the person whose credentials were typed, never as the official."""
    signer = authenticate(request, username=email, password=password)
    if getattr(request, "axes_locked_out", False):
        # Shown beside the field like any refusal, instead of the middleware replacing the
        # official's whole tablet page with the lockout page.
        request.axes_locked_out = False
        raise DomainError("pact_ceremony_locked_out",
                          _("Too many wrong passwords for this email: try again later."),
                          field="password")
    if signer is None:
        raise DomainError("pact_ceremony_credentials_wrong",
                          _("The email or the password is not correct."), field="password")
    target = (selectors.targets_for(request.tenant, request.grant, campaign)
              .filter(employee__user=signer).first())
    if target is None:
        raise DomainError("pact_ceremony_not_targeted",
                          _("%(name)s is not among the signers of this campaign."),
                          field="email", name=signer.full_name or signer.email)
    return signing.sign_pact(request.tenant, signer, target, password=password,
                             totp_code=totp_code)


def _campaign(request, pk) -> PactCampaign:
    try:
        return selectors.campaign_for(request.tenant, request.grant, pk)
    except NotFound:
        raise Http404 from None


def _running(request, campaign) -> bool:
    return request.session.get(SESSION_KEY) == campaign.pk


def _tablet(request, campaign, form, *, status: int = 200):
    return render(request, "pacts/ceremony_tablet.html", {
        "campaign": campaign, "form": form, "body_html": _generic_text(request.tenant, campaign),
        **_counter_context(request, campaign),
    }, status=status)


def _generic_text(tenant, campaign) -> str:
    """The text with the shared values filled and each signer's own data as a blank."""
    blank = "……"
    values = PactValues(nama=blank, nip=blank, jabatan=blank, unit=blank, instansi=tenant.name,
                        tempat=tenant.city, tanggal=document_date(timezone.localdate()))
    return render_html(campaign.text.body, values)


def _counter_context(request, campaign) -> dict:
    return {"campaign": campaign, "poll_seconds": COUNTER_POLL_SECONDS,
            "completion": selectors.campaign_completion(request.tenant, request.grant,
                                                        campaign)}
